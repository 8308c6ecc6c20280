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
