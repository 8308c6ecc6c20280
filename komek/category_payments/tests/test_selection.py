"""Selection of a payment list by the rules, and its review."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services import (
    payment_list_create,
    payment_list_row_add,
    payment_list_row_correct,
    payment_list_row_exclude,
    payment_list_row_include,
)
from komek.category_payments.tests.conftest import ALMALY, PROGRAMME, VICTORY_DAY, Registry, iban
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def _select(staff: dict[str, Any]) -> PaymentList:
    return payment_list_create(
        actor=staff["head"], programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
    )


def test_selection_equals_the_hand_count(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """The rules select the four living veterans of Almaly with their category's amount, nobody else."""
    payment_list = _select(almaty_staff)
    rows = {r.person_id: r.amount for r in PaymentListRow.objects.filter(payment_list=payment_list)}
    p = veterans.persons
    assert rows == {
        p["participant_1"].pk: 1_000_000,
        p["participant_2"].pk: 1_000_000,
        p["equated"].pk: 100_000,
        p["home_front"].pk: 50_000,
    }
    assert payment_list.amount_limit == 1_000_000 and payment_list.budget_source == "local"
    assert AuditLog.objects.filter(object_type="category_payments.paymentlist", action="create").count() == 1


def test_selection_only_for_category_programmes(almaty_staff: dict[str, Any]) -> None:
    """A programme paid on application, or one not in force on the date, cannot make a list."""
    with pytest.raises(DomainError, match="paid on application"):
        payment_list_create(
            actor=almaty_staff["head"],
            programme="almaty.tb_outpatient",
            event_date=VICTORY_DAY,
            territory=ALMALY,
        )
    with pytest.raises(DomainError, match="not in force"):
        payment_list_create(
            actor=almaty_staff["head"],
            programme=PROGRAMME,
            event_date=VICTORY_DAY.replace(year=2019),
            territory=ALMALY,
        )
    assert not PaymentList.objects.exists()


def test_selection_outside_the_territory_is_refused(almaty_staff: dict[str, Any], make_user: Any) -> None:
    """A Balkhash head cannot select a list for Almaty."""
    from komek.accounts.choices import Role

    balkhash_head = make_user(Role.DEPARTMENT_HEAD, username="balkhash_head")
    with pytest.raises(PermissionDenied):
        payment_list_create(
            actor=balkhash_head, programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
        )


def test_exclusion_needs_a_reason_and_is_audited(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """A row is excluded only with a reason, kept on the list, audited with the person, and can come back."""
    payment_list = _select(almaty_staff)
    row = PaymentListRow.objects.get(payment_list=payment_list, person=veterans.persons["equated"])
    with pytest.raises(DomainError, match="reason"):
        payment_list_row_exclude(
            actor=almaty_staff["caseworker"], list_id=payment_list.pk, row_id=row.pk, reason=" "
        )
    payment_list_row_exclude(
        actor=almaty_staff["caseworker"],
        list_id=payment_list.pk,
        row_id=row.pk,
        reason="Paid by another district in April",
    )
    row.refresh_from_db()
    assert not row.included and row.reason == "Paid by another district in April"
    entry = AuditLog.objects.get(object_type="category_payments.paymentlistrow", object_id=str(row.pk))
    assert (
        entry.person_id == veterans.persons["equated"].pk
        and entry.reason == "Paid by another district in April"
    )
    payment_list_row_include(
        actor=almaty_staff["caseworker"],
        list_id=payment_list.pk,
        row_id=row.pk,
        reason="The other district did not pay",
    )
    row.refresh_from_db()
    assert row.included and row.reason == ""


def test_addition_in_the_territory_within_the_limit(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """A person of the territory is added with a reason; outside it, twice or above the limit: refused."""
    payment_list = _select(almaty_staff)
    add = {"actor": almaty_staff["caseworker"], "list_id": payment_list.pk, "reason": "Status recorded late"}
    p = veterans.persons
    with pytest.raises(DomainError, match="above the programme's limit"):
        payment_list_row_add(iin=p["nobody"].iin, amount=1_000_001, **add)
    with pytest.raises(DomainError, match="not live in the list's territory"):
        payment_list_row_add(iin=p["balkhash"].iin, amount=50_000, **add)
    with pytest.raises(DomainError, match="already on the list"):
        payment_list_row_add(iin=p["equated"].iin, **add)
    with pytest.raises(DomainError, match="death"):
        payment_list_row_add(iin=p["dead"].iin, amount=50_000, **add)
    with pytest.raises(DomainError, match="give the amount"):
        payment_list_row_add(iin=p["nobody"].iin, **add)
    row = payment_list_row_add(iin=p["nobody"].iin, amount=50_000, iban=iban(), **add)
    assert (
        row.origin == "added"
        and row.amount == 50_000
        and row.rule_amount is None
        and row.bank_id == "HSBKKZKX"
    )
    with pytest.raises(DomainError, match="above the programme's limit"):
        payment_list_row_correct(
            actor=almaty_staff["caseworker"],
            list_id=payment_list.pk,
            row_id=row.pk,
            amount=2_000_000,
            reason="typo",
        )
    assert PaymentListRow.objects.filter(payment_list=payment_list).count() == 5


def test_command_prints_count_and_total(
    almaty_staff: dict[str, Any], veterans: Registry, capsys: Any
) -> None:
    """`komek category-payments select` selects a list as the system and prints its count and total."""
    call_command(
        "category_payments_select", "--programme", PROGRAMME, "--date", "2020-05-09", "--territory", ALMALY
    )
    out = capsys.readouterr().out
    assert "4 persons, 2150000 tenge" in out
    assert AuditLog.objects.filter(actor_username="system:category-payments").exists()
