"""The accounts pages: signing in and out, staff accounts (administrators), the audit log (auditors)."""
