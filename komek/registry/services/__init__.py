"""Every write to the registry: one function per use case, one transaction, one audit row."""
