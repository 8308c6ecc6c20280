"""The demo town's allocations follow from its own records: each covers its programme's spending
and commitments with a margin, is approved, and is made once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.accounts.policy import system
from komek.budget.models import Allocation
from komek.budget.selectors import budget_execution
from komek.demo.budget import demo_allocations
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db


def test_demo_allocations_cover_the_records(
    make_assignment: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """January paid (10,000) and eleven months committed (110,000), split by Balkhash's TSA shares:
    local 8,748 + 96,228 = 104,976 and republican 1,252 + 13,772 = 15,024; one approved allocation
    per source of that + 8 %, rounded up to a thousand (114,000 and 17,000), 7.7 % of the local one
    spent; a second run adds nothing."""
    year = timezone.localdate().year
    make_assignment(period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), monthly_amount=10_000)
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(year, 1, 1))[0].pk)
    made = demo_allocations(accountant=accountant, head=head, system=system("demo"), years=[year])
    assert [(a.programme, a.source, a.amount, a.status) for a in made] == [
        ("451.005", "local", 114_000, "approved"),
        ("451.005", "republican", 17_000, "approved"),
    ]
    row = budget_execution(actor=head, year=year).row("451.005", "local", "351600000")
    assert row is not None and str(row.percent) == "7.7"
    assert demo_allocations(accountant=accountant, head=head, system=system("demo"), years=[year]) == []
    assert Allocation.objects.count() == 2


def test_demo_plan_is_forecast_once(make_assignment: Callable[..., Any], accountant: Any) -> None:
    """Next year's plan of the demo town: a draft made from the forecast (an assignment running to
    March of next year: three months of TSA), made once."""
    from komek.demo.budget import demo_plan

    year = timezone.localdate().year
    make_assignment(
        period_start=dt.date(year, 10, 1), period_end=dt.date(year + 1, 3, 31), monthly_amount=10_000
    )
    plan = demo_plan(accountant=accountant)
    assert plan is not None and plan.year == year + 1 and plan.status == "draft"
    assert plan.rows.get(programme="451.005", source="local").amount == 3 * 8_748
    assert demo_plan(accountant=accountant) is None
