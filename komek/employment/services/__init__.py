"""Every write of the employment centre: one transaction and one audit row per change."""
