"""Every write of the state services: the catalogue, intake, case processing, decisions, appeals,
the portal's deliveries."""
