"""Staff pages of the registry, one module per use case."""
