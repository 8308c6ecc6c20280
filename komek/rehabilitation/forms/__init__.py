"""Forms of rehabilitation pages, one module per page group: parsing only; every rule is checked by
the services."""
