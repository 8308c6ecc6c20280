"""The section of one-time payments to categories: the approved rows of the year's payment lists."""

from __future__ import annotations

from typing import Any

import pytest

from komek.category_payments.models import PaymentListRow
from komek.category_payments.services import payment_list_approve, payment_list_row_exclude
from komek.category_payments.tests.conftest import (  # noqa: F401
    ALMALY,
    PROGRAMME,
    VICTORY_DAY,
    Registry,
    almaty_staff,
    veterans,
)
from komek.category_payments.tests.test_approval import _ready
from komek.reports.selectors import annual_report

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int) -> dict[str, Any]:
    report = annual_report(actor=actor, year=year, territory=ALMALY).as_json()
    return {f["code"]: f["value"] for s in report["sections"] for f in s["figures"]}


def test_an_approved_victory_day_list(almaty_staff: dict[str, Any], veterans: Registry) -> None:  # noqa: F811
    """Nothing counts before approval; approved with one person excluded, the list's three persons
    and their 2,100,000 tenge are the year's figures, in total and for the programme."""
    payment_list = _ready(almaty_staff)
    head = almaty_staff["head"]
    assert _figures(head, VICTORY_DAY.year)["categories.persons"] == 0
    excluded = PaymentListRow.objects.get(payment_list=payment_list, person=veterans.persons["home_front"])
    payment_list_row_exclude(actor=head, list_id=payment_list.pk, row_id=excluded.pk, reason="Moved away")
    payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    got = _figures(head, VICTORY_DAY.year)
    assert (got["categories.persons"], got["categories.amount"]) == (3, 2_100_000)
    assert (got[f"categories.{PROGRAMME}.persons"], got[f"categories.{PROGRAMME}.amount"]) == (3, 2_100_000)
    assert _figures(head, VICTORY_DAY.year + 1)["categories.persons"] == 0


def test_veterans_by_category(almaty_staff: dict[str, Any], veterans: Registry) -> None:  # noqa: F811
    """The veterans paid from the approved lists, per category of their status on the payment date:
    the home-front worker excluded from the list is not counted; each figure is its records."""
    from komek.reports.tests.tracing import traced_figures

    payment_list = _ready(almaty_staff)
    head = almaty_staff["head"]
    excluded = PaymentListRow.objects.get(payment_list=payment_list, person=veterans.persons["home_front"])
    payment_list_row_exclude(actor=head, list_id=payment_list.pk, row_id=excluded.pk, reason="Moved away")
    payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    rows = PaymentListRow.objects.filter(payment_list=payment_list, included=True)
    paid = {row.person_id: row.amount for row in rows}
    of = {
        category: paid[veterans.persons[label].pk]
        for label, category in (
            ("participant_1", "wwii_participant"),
            ("participant_2", "wwii_disabled"),
            ("equated", "equated"),
        )
    }
    report = annual_report(actor=head, year=VICTORY_DAY.year, territory=ALMALY).as_json()
    got = {f["code"]: f for s in report["sections"] for f in s["figures"]}
    assert (got["veterans.persons"]["value"], got["veterans.amount"]["value"]) == (3, sum(of.values()))
    for category, amount in of.items():
        assert (
            got[f"veterans.{category}.persons"]["value"],
            got[f"veterans.{category}.amount"]["value"],
        ) == (
            1,
            amount,
        )
    assert "veterans.home_front.persons" not in got
    assert got["veterans.persons"]["previous"] == 0
    traced = traced_figures(head, VICTORY_DAY.year, ALMALY)
    assert traced["veterans.persons"][0] == 3
    assert traced["veterans.wwii_participant.amount"][0] == of["wwii_participant"]
