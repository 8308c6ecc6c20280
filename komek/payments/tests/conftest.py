from komek.benefits.testing import accountant, caseworker, head, make_assignment, make_family  # noqa: F401
