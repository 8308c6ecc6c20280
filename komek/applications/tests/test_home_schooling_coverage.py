"""Home-schooling reimbursement (a state service) appears in the rehabilitation coverage table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.rehabilitation.selectors.coverage import coverage

pytestmark = pytest.mark.django_db


def test_an_application_counts_in_the_coverage_of_its_territory_and_year(
    household: Any, receive: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """A home-schooling application counts in the rehabilitation coverage of its territory and year only."""
    specialist = make_user(Role.REHABILITATION_SPECIALIST, username="hs_specialist")
    year = household.on.year
    before = coverage(user=specialist, year=year).extra
    assert [(r.kind, r.entitled, r.in_queue) for r in before] == [("home_schooling", 0, 0)]

    documents = ["application", "identity", "residence", "disability", "home_schooling", "bank_account"]
    receive(household.head, "home_schooling", documents=documents)
    row = coverage(user=specialist, year=year).extra[0]
    assert (row.entitled, row.provided, row.in_queue, row.spent) == (1, 0, 1, 0)
    assert row.security == 0
    assert coverage(user=specialist, year=year - 1).extra[0].entitled == 0
    almaty = make_user(Role.REHABILITATION_SPECIALIST, username="hs_almaty", units=("751110000",))
    assert coverage(user=almaty, year=year).extra[0].entitled == 0
