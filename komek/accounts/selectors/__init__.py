"""Every read of the accounts context: staff accounts (administrators) and the audit log (auditors)."""
