"""The execution of a year from the records: approved payrolls less returns, paid employment
measures, social-order projects, commitments of the active assignments; percent with one decimal;
a bounded number of queries whatever the volume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.accounts.choices import Role
from komek.budget.selectors import budget_execution
from komek.common.errors import PermissionDenied
from komek.employment.models import Participation
from komek.payments.services import payroll_approve, payroll_returns_import, payroll_run
from komek.rehabilitation.models import SocialOrderProject

pytestmark = pytest.mark.django_db
FEB = dt.date(2020, 2, 1)
DEPARTMENT = "351600000"


def test_spent_is_approved_payrolls_less_returns(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """Two TSA payments approved in February count as spent in February (their local parts, 23,191
    each); the one the bank returns stops counting; a prepared payroll is not spent."""
    a = make_assignment()
    make_assignment()
    make_allocation(amount=300_000)
    payroll = payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=FEB)[0].pk)
    row = budget_execution(actor=head, year=2020).row("451.005", "local", DEPARTMENT)
    assert row is not None and (row.spent, row.months) == (46382, {2: 46382})
    returned = f"reference,amount,reason\nKMK{payroll.pk}-{a.pk},26510,account closed\n".encode()
    payroll_returns_import(actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=returned)
    payroll_run(actor=accountant, month=dt.date(2020, 3, 1))
    row = budget_execution(actor=head, year=2020).row("451.005", "local", DEPARTMENT)
    assert row is not None
    assert (row.allocated, row.spent, str(row.percent), row.left) == (300_000, 23191, "7.7", 276_809)


def test_employment_and_social_order_spending(
    make_person: Callable[..., Any], make_allocation: Callable[..., Any], head: Any
) -> None:
    """Public-works pay counts under its subprogramme in the month the participation ends, a grant
    in the month it starts, a social-order project's spending in its year; a source-less record
    takes the single source its programme is allocated from, else the local budget."""
    person = make_person()
    common = {"person": person, "kato_id": "351610000"}
    Participation.objects.create(
        kind="public_works",
        date_from=dt.date(2020, 3, 1),
        date_to=dt.date(2020, 5, 31),
        paid_total=180_000,
        **common,
    )
    Participation.objects.create(
        kind="grant", date_from=dt.date(2020, 4, 10), date_to=dt.date(2020, 4, 10), amount=1_400_000, **common
    )
    SocialOrderProject.objects.create(
        title="Day centre", provider="NGO", provider_bin="123456789012", year=2020, district=DEPARTMENT,
        planned_people=20, planned_amount=5_000_000, spent_amount=4_000_000,
    )  # fmt: skip
    make_allocation(amount=2_000_000, programme="451.002", source="republican")
    execution = budget_execution(actor=head, year=2020)
    works = execution.row("451.002.100", "local", DEPARTMENT)
    grants = execution.row("451.002", "republican", DEPARTMENT)
    projects = execution.row("451.054", "local", DEPARTMENT)
    assert works is not None and (works.spent, works.months) == (180_000, {5: 180_000})
    assert grants is not None and (grants.allocated, grants.spent, str(grants.percent)) == (
        2_000_000,
        1_400_000,
        "70.0",
    )
    assert projects is not None and (projects.spent, projects.months, projects.percent) == (
        4_000_000,
        {0: 4_000_000},
        None,
    )
    assert execution.unlinked == []


def test_committed_for_the_rest_of_the_year(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """An active assignment for the whole current year commits twelve months (of 10,000 tenge, 8,748
    local); once January's payroll is approved, it commits the eleven months after it and January is
    spent."""
    year = timezone.localdate().year
    make_assignment(period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), monthly_amount=10_000)
    make_allocation(amount=200_000, year=year)
    row = budget_execution(actor=head, year=year).row("451.005", "local", DEPARTMENT)
    assert row is not None and (row.committed, row.spent) == (12 * 8748, 0)
    payroll = payroll_run(actor=accountant, month=dt.date(year, 1, 1))[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    row = budget_execution(actor=head, year=year).row("451.005", "local", DEPARTMENT)
    assert row is not None and (row.committed, row.spent) == (11 * 8748, 8748)


def test_bounded_queries_and_territory(
    make_assignment: Callable[..., Any],
    make_allocation: Callable[..., Any],
    make_user: Callable[..., Any],
    accountant: Any,
    head: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """The execution reads the same few aggregate queries for one payroll line or many; a user of
    another territory sees none of it and may not ask for this department."""
    for _ in range(6):
        make_assignment()
    make_allocation(amount=1_000_000)
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=FEB)[0].pk)
    with django_assert_max_num_queries(12):
        execution = budget_execution(actor=head, year=2020, territory=DEPARTMENT)
    assert execution.totals().spent == 6 * 26510
    almaty = make_user(Role.ANALYST, units=("751110000",), username="almaty_analyst")
    assert budget_execution(actor=almaty, year=2020).rows == []
    with pytest.raises(PermissionDenied):
        budget_execution(actor=almaty, year=2020, territory=DEPARTMENT)
