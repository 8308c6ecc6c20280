"""The section of the next year's plan: the approved plans of year + 1, per budget programme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.accounts.choices import Role
from komek.budget.models import Plan, PlanRow
from komek.payments.territory import prefix_of
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import BALKHASH, BALKHASH_TOWN, YEAR

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int) -> dict[str, Any]:
    report = annual_report(actor=actor, year=year, territory=BALKHASH).as_json()
    return {f["code"]: f for s in report["sections"] for f in s["figures"]}


def _plan(year: int, maker: Any, checker: Any, rows: list[tuple[str, str, int, int]], approved: bool) -> Plan:
    plan = Plan.objects.create(
        year=year, territory=BALKHASH_TOWN, forecast_at=timezone.now(),
        registry_on=dt.date(year - 1, 10, 1), created_by=maker, prefix=prefix_of(BALKHASH_TOWN),
        status="approved" if approved else "draft",
        approved_by=checker if approved else None, approved_at=timezone.now() if approved else None,
    )  # fmt: skip
    PlanRow.objects.bulk_create(
        PlanRow(plan=plan, programme=programme, source=source, amount=amount, recipients=recipients)
        for programme, source, amount, recipients in rows
    )
    return plan


def test_the_plan_of_the_next_year(make_user: Callable[..., Any]) -> None:
    """The report of YEAR gives the approved plan of YEAR + 1 (its sources added up per programme);
    the previous is the plan of YEAR; a draft is not a plan."""
    accountant = make_user(Role.ACCOUNTANT, username="plan_accountant")
    head = make_user(Role.DEPARTMENT_HEAD, username="plan_head")
    rows = [
        ("451.007", "local", 1_000_000, 40),
        ("451.007", "regional", 472_000, 0),
        ("451.008", "local", 300_000, 10),
    ]
    _plan(YEAR + 1, accountant, head, rows, approved=True)
    _plan(YEAR, accountant, head, [("451.007", "local", 900_000, 35)], approved=True)
    _plan(YEAR + 2, accountant, None, [("451.007", "local", 5_000_000, 99)], approved=False)
    got = _figures(head, YEAR)
    assert (got["plan.amount"]["value"], got["plan.recipients"]["value"]) == (1_772_000, 50)
    assert (got["plan.451.007.amount"]["value"], got["plan.451.007.recipients"]["value"]) == (1_472_000, 40)
    assert (got["plan.451.008.amount"]["value"], got["plan.451.008.recipients"]["value"]) == (300_000, 10)
    assert (got["plan.amount"]["previous"], got["plan.451.007.recipients"]["previous"]) == (900_000, 35)
    assert _figures(head, YEAR + 1)["plan.amount"]["value"] == 0  # a draft is not the plan
