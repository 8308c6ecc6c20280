"""Approval by a second head, one-time assignments, and the month's payroll paying each person once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from komek.benefits.models import Assignment
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services import (
    payment_list_approve,
    payment_list_create,
    payment_list_row_add,
    payment_list_row_correct,
    payment_list_row_exclude,
)
from komek.category_payments.tests.conftest import ALMALY, PROGRAMME, VICTORY_DAY, Registry, iban
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.payments.models import PaymentLine
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db


def _ready(staff: dict[str, Any]) -> PaymentList:
    """A selected list whose every row has an account."""
    payment_list = payment_list_create(
        actor=staff["head"], programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
    )
    for row in PaymentListRow.objects.filter(payment_list=payment_list):
        payment_list_row_correct(
            actor=staff["head"],
            list_id=payment_list.pk,
            row_id=row.pk,
            iban=iban(),
            reason="Account from the pension fund",
        )
    return payment_list


def test_a_row_without_an_account_blocks_approval(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """Approval names the persons without an account, writes nothing, and the refusal is audited."""
    payment_list = payment_list_create(
        actor=almaty_staff["head"], programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
    )
    with pytest.raises(DomainError, match="4 persons on the list have no bank account") as caught:
        payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    assert veterans.persons["equated"].iin in str(caught.value)
    assert not Assignment.objects.exists()
    refused = AuditLog.objects.get(action="refuse", object_type="category_payments.paymentlist")
    assert (refused.object_id, refused.changes) == (str(payment_list.pk), {"refused": ["no_account", "list"]})


def test_the_preparer_cannot_approve(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """Maker-checker: the head who selected the list cannot approve it; a caseworker cannot either."""
    payment_list = _ready(almaty_staff)
    with pytest.raises(DomainError, match="another department head"):
        payment_list_approve(actor=almaty_staff["head"], list_id=payment_list.pk)
    with pytest.raises(DomainError, match="role does not allow"):
        payment_list_approve(actor=almaty_staff["caseworker"], list_id=payment_list.pk)
    assert not Assignment.objects.exists()


def test_approval_to_payroll_pays_every_person_once(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """Approved, the list becomes one-time assignments; May's payroll pays each included person once,
    June's nobody, a second run adds nothing, and the excluded person is not paid."""
    payment_list = _ready(almaty_staff)
    excluded = PaymentListRow.objects.get(payment_list=payment_list, person=veterans.persons["home_front"])
    payment_list_row_exclude(
        actor=almaty_staff["head"],
        list_id=payment_list.pk,
        row_id=excluded.pk,
        reason="Moved to Astana in April",
    )
    payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    assignments = Assignment.objects.filter(programme=PROGRAMME)
    assert assignments.count() == 3
    assert {a.kind for a in assignments} == {"one_time"}
    assert {(a.period_start, a.period_end) for a in assignments} == {
        (dt.date(2020, 5, 1), dt.date(2020, 5, 31))
    }

    may = dt.date(2020, 5, 1)
    payrolls = payroll_run(actor=almaty_staff["accountant"], month=may, programme=PROGRAMME)
    assert [(p.line_count, p.total_amount) for p in payrolls] == [(3, 2_100_000)]
    payroll_approve(actor=almaty_staff["head2"], payroll_id=payrolls[0].pk)
    payroll_run(actor=almaty_staff["accountant"], month=may, programme=PROGRAMME)
    with pytest.raises(DomainError, match="No assignment"):
        payroll_run(actor=almaty_staff["accountant"], month=dt.date(2020, 6, 1), programme=PROGRAMME)
    lines = PaymentLine.objects.filter(assignment__programme=PROGRAMME)
    paid = sorted(lines.values_list("assignment__person_id", flat=True))
    p = veterans.persons
    assert paid == sorted([p["participant_1"].pk, p["participant_2"].pk, p["equated"].pk])


def test_nobody_is_paid_twice_for_the_same_event(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """A second list of the same programme and date cannot pay an already paid person: the service
    refuses, and the database's unique constraint refuses a row written around it."""
    first = _ready(almaty_staff)
    payment_list_approve(actor=almaty_staff["head2"], list_id=first.pk)
    second = _ready(almaty_staff)
    with pytest.raises(DomainError, match="already paid for this programme and date"):
        payment_list_approve(actor=almaty_staff["head2"], list_id=second.pk)
    with pytest.raises(DomainError, match="already paid"):
        payment_list_row_add(
            actor=almaty_staff["head"], list_id=second.pk, iin=veterans.persons["equated"].iin, reason="again"
        )
    paid = PaymentListRow.objects.filter(payment_list=first).first()
    assert paid is not None
    twin = PaymentListRow.objects.get(payment_list=second, person_id=paid.person_id)
    assert paid.assignment_id is not None
    other = Assignment.objects.exclude(pk=paid.assignment_id).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentListRow.objects.filter(pk=twin.pk).update(assignment=other)
    assert Assignment.objects.filter(programme=PROGRAMME).count() == 4


def test_approval_assigns_through_the_benefits_bulk_service(
    almaty_staff: dict[str, Any], veterans: Registry
) -> None:
    """The list's assignments are those of benefits' bulk service: the programme's schedule ("once")
    and budget source from its legislation, the row's account, an amount from the event's month,
    one audit row each by the approving head; every row names its assignment."""
    payment_list = _ready(almaty_staff)
    payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    rows = PaymentListRow.objects.filter(payment_list=payment_list).select_related("assignment")
    assert rows.count() == 4
    for row in rows:
        made = row.assignment
        assert made is not None
        assert (made.periodicity, made.budget_source, made.kind) == ("once", "local", "one_time")
        assert (made.person_id, made.recipient_id, made.iban, made.bank_id) == (
            row.person_id, row.person_id, row.iban, row.bank_id,
        )  # fmt: skip
        assert (made.monthly_amount, made.amount_limit) == (row.amount, payment_list.amount_limit)
        assert list(made.amounts.values_list("valid_from", "monthly_amount")) == [
            (dt.date(2020, 5, 1), row.amount)
        ]
    audited = AuditLog.objects.filter(object_type="benefits.assignment", action="create")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(str(r.assignment_id) for r in rows)
    assert set(audited.values_list("actor_username", flat=True)) == {almaty_staff["head2"].username}
