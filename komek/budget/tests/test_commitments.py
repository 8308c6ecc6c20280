"""Commitments of signed contracts: employment contracts under way commit the state's monthly share
for the months of the year they run; rehabilitation supply contracts what is not yet issued or
assigned; social-order projects what is not yet spent. The payroll guard reads only its budget
programme. The execution reads the same number of queries for ten payroll lines or a hundred."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from komek.budget.selectors import budget_execution
from komek.budget.selectors.execution import compute_execution
from komek.budget.selectors.spending import Scope
from komek.employment.models import Participation
from komek.payments.services import payroll_approve, payroll_run
from komek.rehabilitation.models import Contract, ContractLine, SocialOrderProject, Supplier, Voucher

pytestmark = pytest.mark.django_db
DEPARTMENT = "351600000"
TOWN = "351610000"


def test_employment_contracts_commit_the_months_left_in_the_year(
    make_person: Callable[..., Any], head: Any
) -> None:
    """Public works from March to August under way: six months of 85,000 committed; a social job
    from October into next year: October to December of 40,000; a completed public-works contract
    is spent, not committed; a grant commits nothing; last year nothing is committed any more."""
    year = timezone.localdate().year
    common = {"person": make_person(), "kato_id": TOWN}
    Participation.objects.create(
        kind="public_works", date_from=dt.date(year, 3, 1), date_to=dt.date(year, 8, 31),
        monthly_wage=85_000, state_monthly=85_000, **common,
    )  # fmt: skip
    Participation.objects.create(
        kind="social_job", date_from=dt.date(year, 10, 1), date_to=dt.date(year + 1, 3, 31),
        monthly_wage=80_000, state_monthly=40_000, **common,
    )  # fmt: skip
    Participation.objects.create(
        kind="public_works", date_from=dt.date(year, 1, 1), date_to=dt.date(year, 2, 28),
        monthly_wage=85_000, state_monthly=85_000, outcome="completed", paid_total=170_000, **common,
    )  # fmt: skip
    Participation.objects.create(
        kind="grant", date_from=dt.date(year, 4, 1), date_to=dt.date(year, 4, 1), amount=1_000_000, **common
    )
    Participation.objects.create(
        kind="youth_practice", date_from=dt.date(year - 1, 6, 1), date_to=dt.date(year - 1, 11, 30),
        monthly_wage=110_000, state_monthly=110_000, **common,
    )  # fmt: skip
    execution = budget_execution(actor=head, year=year)
    works = execution.row("451.002.100", "local", DEPARTMENT)
    jobs = execution.row("451.002.103", "local", DEPARTMENT)
    grants = execution.row("451.002", "local", DEPARTMENT)
    assert works is not None and (works.committed, works.spent) == (6 * 85_000, 170_000)
    assert jobs is not None and (jobs.committed, jobs.spent) == (3 * 40_000, 0)
    assert grants is not None and (grants.committed, grants.spent) == (0, 1_000_000)
    assert budget_execution(actor=head, year=year - 1).totals().committed == 0


def test_supply_contracts_and_projects_commit_what_is_left(
    make_person: Callable[..., Any], head: Any
) -> None:
    """A contract for three sanatorium vouchers of 180,000: one used, one assigned, one still
    available — 360,000 spent, 180,000 committed; a social-order project of 5,000,000 that spent
    4,000,000 commits the 1,000,000 left."""
    year = timezone.localdate().year
    supplier = Supplier.objects.create(bin="180340012345", name="Sanatorium Balkhash", kinds=["sanatorium"])
    contract = Contract.objects.create(
        supplier=supplier, number="S-1", year=year, district=DEPARTMENT, signed_on=dt.date(year, 1, 20)
    )
    line = ContractLine.objects.create(
        contract=contract, kind="sanatorium", item="18 days", unit_price=180_000, quantity=3
    )
    person = make_person()
    for n, status in enumerate(("used", "assigned", "available")):
        Voucher.objects.create(
            person=person if status != "available" else None,
            line=line, district=DEPARTMENT, sanatorium="Balkhash", number=f"V-{n}", price=180_000,
            starts_on=dt.date(year, 5, 1), ends_on=dt.date(year, 5, 18), status=status,
        )  # fmt: skip
    SocialOrderProject.objects.create(
        title="Day centre", provider="NGO", provider_bin="123456789012", year=year, district=DEPARTMENT,
        planned_people=20, planned_amount=5_000_000, spent_amount=4_000_000,
    )  # fmt: skip
    execution = budget_execution(actor=head, year=year)
    aids = execution.row("451.050", "local", DEPARTMENT)
    projects = execution.row("451.054", "local", DEPARTMENT)
    assert aids is not None and (aids.spent, aids.committed) == (360_000, 180_000)
    assert projects is not None and (projects.spent, projects.committed) == (4_000_000, 1_000_000)


def test_guard_reads_only_its_budget_programme(
    make_person: Callable[..., Any], make_assignment: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """The execution of one budget programme (what the payroll guard reads) holds only its rows and
    reads neither employment nor rehabilitation records, nor the commitments."""
    Participation.objects.create(
        kind="public_works", person=make_person(), kato_id=TOWN, date_from=dt.date(2020, 3, 1),
        date_to=dt.date(2020, 5, 31), paid_total=180_000,
    )  # fmt: skip
    make_assignment()
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0].pk)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        execution = compute_execution(
            year=2020,
            scope=Scope(None, DEPARTMENT),
            on=today,
            today=today,
            programme="451.005",
            committed=False,
        )
    assert {r.programme for r in execution.rows} == {"451.005"}
    assert execution.totals().spent == 26_510
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "payments_payroll" in read
    assert "employment_participation" not in read and "rehabilitation_" not in read
    assert "benefits_assignment" not in read  # no commitments
    whole = budget_execution(actor=head, year=2020)
    assert {r.programme for r in whole.rows} == {"451.005", "451.002.100"}


def test_same_number_of_queries_for_ten_or_a_hundred_lines(
    make_assignment: Callable[..., Any],
    make_allocation: Callable[..., Any],
    make_person: Callable[..., Any],
    accountant: Any,
    head: Any,
) -> None:
    """Ten payroll lines in February, a hundred more in March, measures of several kinds and several
    budget programmes allocated: the year's execution reads the same number of queries (at most
    fourteen) either way."""
    year = timezone.localdate().year

    def payroll(month: int, lines: int) -> None:
        for _ in range(lines):
            make_assignment(period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31))
        approved = payroll_approve(
            actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(year, month, 1))[0].pk
        )
        assert approved.line_count >= lines

    def measures(n: int) -> None:
        person = make_person()
        for kind in ("public_works", "social_job", "youth_practice", "grant")[:n]:
            Participation.objects.create(
                kind=kind, person=person, kato_id=TOWN, date_from=dt.date(year, 2, 1),
                date_to=dt.date(year, 11, 30), state_monthly=50_000, amount=100_000,
            )  # fmt: skip

    def counted() -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as queries:
            execution = budget_execution(actor=head, year=year)
        return len(queries), execution

    make_allocation(amount=10**9, year=year)
    payroll(2, 10)
    measures(1)
    few, small = counted()
    make_allocation(amount=10**8, year=year, programme="451.002.100")
    make_allocation(amount=10**8, year=year, programme="451.002.103")
    payroll(3, 100)
    measures(4)
    many, large = counted()
    assert few == many <= 14
    assert large.totals().spent > small.totals().spent
    assert len(large.rows) > len(small.rows)
