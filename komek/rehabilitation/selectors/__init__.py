"""Every read of rehabilitation, scoped to what the asking user may see."""
