"""A payment list imported from a file: every error by line and field, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest

from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services import ListImportRefused, payment_list_import
from komek.category_payments.tests.conftest import ALMALY, PROGRAMME, VICTORY_DAY, Registry, iban
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def _import(staff: dict[str, Any], text: str) -> PaymentList:
    return payment_list_import(
        actor=staff["caseworker"],
        programme=PROGRAMME,
        event_date=VICTORY_DAY,
        territory=ALMALY,
        content=text.encode(),
        file_name="victory.csv",
    )


def test_errors_per_line_and_nothing_written(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """Unknown IIN, a person twice, outside the territory, above the limit, a bad IBAN: each named by
    line and field, and no list or row is written (the refusal is audited)."""
    p = veterans.persons
    text = "\n".join(
        [
            "iin,amount,iban",
            f"{p['participant_1'].iin},,{iban()}",  # 2 fine
            "871008401427,50000,",  # 3 valid IIN nobody has
            f"{p['participant_1'].iin},,",  # 4 twice
            f"{p['balkhash'].iin},50000,",  # 5 outside the territory
            f"{p['equated'].iin},1000001,",  # 6 above the limit
            f"{p['home_front'].iin},,KZ00601000000000001",  # 7 bad IBAN (19 characters)
            "12345,,",  # 8 not an IIN
            f"{p['nobody'].iin},,",  # 9 not eligible and no amount
        ]
    )
    with pytest.raises(ListImportRefused) as caught:
        _import(almaty_staff, text)
    errors = [(e.line, e.field) for e in caught.value.errors]
    assert errors == [
        (3, "iin"),
        (4, "iin"),
        (5, "iin"),
        (6, "amount"),
        (7, "iban"),
        (8, "iin"),
        (9, "amount"),
    ]
    messages = {e.line: e.message for e in caught.value.errors}
    assert "twice (first on line 2)" in messages[4]
    assert "1 000 000" in messages[6]
    assert not PaymentList.objects.exists() and not PaymentListRow.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="category_payments.paymentlist").count() == 1


def test_a_clean_file_becomes_a_list(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """Amounts default to the rule's, accounts to the file's; semicolons are read as well."""
    p = veterans.persons
    account = iban()
    text = f"iin;amount;iban\n{p['participant_1'].iin};;{account}\n{p['nobody'].iin};20000;\n"
    payment_list = _import(almaty_staff, text)
    rows = {r.person_id: r for r in PaymentListRow.objects.filter(payment_list=payment_list)}
    assert rows[p["participant_1"].pk].amount == 1_000_000 and rows[p["participant_1"].pk].iban == account
    assert rows[p["nobody"].pk].amount == 20_000 and rows[p["nobody"].pk].rule_amount is None
    assert {r.origin for r in rows.values()} == {"imported"}
