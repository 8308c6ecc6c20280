"""The commission's tests use the state services' fixtures (staff, household, applications)."""

from komek.applications.tests.conftest import (  # noqa: F401
    calculated,
    caseworker,
    fresh_engine,
    head,
    household,
    median_income,
    member,
    receive,
    secretary,
)
