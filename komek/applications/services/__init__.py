"""Every write of the state services: intake, case processing, decisions, appeals, the portal."""
