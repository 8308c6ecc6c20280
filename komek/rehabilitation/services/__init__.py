"""Every write of rehabilitation: one transaction and one audit row per change."""
