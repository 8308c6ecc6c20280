"""The section of home schooling: the families (parents paid), the children schooled at home and the
money, from the reimbursement's assignments and the lines of the approved payrolls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Sum

from komek.payments.models import PaymentLine
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import BALKHASH
from komek.reports.tests.tracing import traced_figures

pytestmark = pytest.mark.django_db

PROGRAMME = "balkhash.home_schooling"  # in force in 2017 and 2018
SCHOOL_YEAR = 2018


def test_families_children_and_money(
    make_person: Callable[..., Any],
    assign: Callable[..., Any],
    pay: Callable[[dt.date], None],
    analyst: Any,
) -> None:
    """Two children of two parents reimbursed for the first quarter of 2018: two families, two
    children, the lines' money; nothing the year before; each figure is its records."""
    quarter = {"period_start": dt.date(SCHOOL_YEAR, 1, 1), "period_end": dt.date(SCHOOL_YEAR, 3, 31)}
    assignments = []
    for n, (parent_name, child_name) in enumerate((("Айгерим", "Арман"), ("Гульнара", "Ерлан"))):
        parent = make_person(name=parent_name, birth_date=dt.date(1980, 1, 1 + n))
        child = make_person(name=child_name, birth_date=dt.date(2010, 1, 1 + n))
        assignments.append(
            assign(
                PROGRAMME,
                person=child,
                recipient_id=parent.pk,
                kind="regular",
                monthly_amount=9_000,
                **quarter,
            )
        )
    for month in (1, 2, 3):
        pay(dt.date(SCHOOL_YEAR, month, 1))
    paid = PaymentLine.objects.filter(assignment__in=assignments, payroll__status="approved")
    amount = paid.aggregate(total=Sum("amount"))["total"]
    assert amount
    report = annual_report(actor=analyst, year=SCHOOL_YEAR, territory=BALKHASH).as_json()
    got = {f["code"]: f for s in report["sections"] for f in s["figures"]}
    assert {code: got[f"home_schooling.{code}"]["value"] for code in ("families", "children", "amount")} == {
        "families": 2,
        "children": 2,
        "amount": amount,
    }
    assert got["home_schooling.amount"]["previous"] == 0
    traced = traced_figures(analyst, SCHOOL_YEAR, BALKHASH)
    assert [traced[f"home_schooling.{code}"][0] for code in ("families", "children", "amount")] == [
        2,
        2,
        amount,
    ]
