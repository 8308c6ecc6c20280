"""A payment the bank returned is paid again, once, after the assignment's account is corrected;
until then it waits, listed on the payroll page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from komek.benefits.services import assignment_account_change
from komek.benefits.tests.fixtures import valid_iban
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.payments.choices import LineStatus
from komek.payments.differences import differences
from komek.payments.models import PaymentLine, Payroll
from komek.payments.selectors import payroll_changes
from komek.payments.services import (
    overpayment_record,
    payroll_approve,
    payroll_prepare_again,
    payroll_returns_import,
    payroll_run,
)

pytestmark = pytest.mark.django_db
FEB, MAR, APR, MAY = (dt.date(2020, m, 1) for m in (2, 3, 4, 5))


def run_and_approve(accountant: Any, head: Any, month: dt.date) -> Payroll:
    payrolls = payroll_run(actor=accountant, month=month)
    assert len(payrolls) == 1
    return payroll_approve(actor=head, payroll_id=payrolls[0].pk)


def give_back(accountant: Any, payroll: Payroll, assignment: Any, amount: int) -> None:
    content = f"reference,amount,reason\nKMK{payroll.pk}-{assignment.pk},{amount},account closed\n"
    payroll_returns_import(
        actor=accountant, payroll_id=payroll.pk, file_name=f"r{payroll.pk}.csv", content=content.encode()
    )


def repayments() -> list[tuple[int, dt.date, dt.date, int, str]]:
    return sorted(
        PaymentLine.objects.filter(kind="repayment").values_list(
            "assignment_id", "month", "for_month", "amount", "iban"
        )
    )


def test_returned_payment_waits_then_is_paid_again_once(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """February's returned payment is not paid again in March (the account is the same: it waits,
    listed); after the account is corrected April pays it to the new account, once, whatever the
    re-runs; a bad account is refused at the field and changes nothing."""
    a = make_assignment()
    b = make_assignment()
    february = run_and_approve(accountant, head, FEB)
    give_back(accountant, february, a, 26510)

    march = payroll_run(actor=accountant, month=MAR)[0]
    assert repayments() == []
    waiting = payroll_changes(user=head, payroll=march).waiting
    assert [(w.assignment_id, w.paid_month, w.amount, w.iban, w.reason) for w in waiting] == [
        (a.pk, FEB, 26510, a.iban, "account closed")
    ]
    payroll_approve(actor=head, payroll_id=march.pk)

    with pytest.raises(DomainError) as info:
        assignment_account_change(actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban="KZ12")
    assert info.value.field == "iban"
    with pytest.raises(DomainError) as info:
        assignment_account_change(
            actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban=valid_iban("722")
        )
    assert info.value.field == "iban"  # a Kaspi account is not Halyk's
    a.refresh_from_db()
    old_iban, new_iban = a.iban, valid_iban("601")
    assert AuditLog.objects.filter(object_type="benefits.assignment", action="refuse").count() == 2
    assignment_account_change(
        actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban=new_iban, note="new card"
    )
    change = AuditLog.objects.filter(object_type="benefits.assignment", object_id=str(a.pk)).latest("id")
    assert (change.changes["iban"], change.reason) == ([old_iban, new_iban], "new card")

    april = run_and_approve(accountant, head, APR)
    assert repayments() == [(a.pk, APR, FEB, 26510, new_iban)]
    assert PaymentLine.objects.get(payroll=april, assignment=a, kind="regular").iban == new_iban
    assert april.total_amount == 3 * 26510
    payroll_run(actor=accountant, month=APR)
    run_and_approve(accountant, head, MAY)
    assert len(repayments()) == 1  # paid again once
    assert payroll_changes(user=head, payroll=april).waiting == []
    assert b.pk not in {row[0] for row in repayments()}


def test_one_repayment_per_returned_payment_in_the_database(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """Whatever a run does, the database holds at most one repayment of a returned payment."""
    a = make_assignment()
    february = run_and_approve(accountant, head, FEB)
    give_back(accountant, february, a, 26510)
    assignment_account_change(actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban=valid_iban())
    march = run_and_approve(accountant, head, MAR)
    first = PaymentLine.objects.get(kind="repayment")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(
            payroll=march, assignment=a, kind="repayment", month=APR, for_month=FEB, amount=26510,
            bank_id=first.bank_id, iban=first.iban,
        )  # fmt: skip


def test_ended_assignment_returned_with_a_deduction(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """The last payment of an ended assignment, net of a deduction, came back: after the account is
    corrected the next month has a payroll for it alone, paying the month again less the deduction
    (which the return left outstanding), so the recipient gets what was sent, once."""
    a = make_assignment(period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 2, 29))
    overpayment_record(actor=accountant, assignment_id=a.pk, amount=5000, reason="income_hidden",
                       detected_on=dt.date(2020, 1, 20))  # fmt: skip
    february = run_and_approve(accountant, head, FEB)
    give_back(accountant, february, a, 26510 - 5000)
    assert set(PaymentLine.objects.values_list("status", flat=True)) == {LineStatus.RETURNED}
    assert payroll_run(actor=accountant, month=MAR) == []  # nothing due, nothing corrected yet
    assignment_account_change(actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban=valid_iban())
    march = run_and_approve(accountant, head, MAR)
    assert sorted(PaymentLine.objects.filter(payroll=march).values_list("kind", "for_month", "amount")) == [
        ("recovery", MAR, -5000),
        ("repayment", FEB, 26510),
    ]
    assert march.total_amount == 21510
    assert payroll_run(actor=accountant, month=APR) == []


def test_account_corrected_after_preparation_is_a_change(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """An account corrected after March was prepared shows twice on it (the month's account and the
    returned payment now to pay again) and blocks approval until March is prepared again."""
    a = make_assignment()
    february = run_and_approve(accountant, head, FEB)
    give_back(accountant, february, a, 26510)
    march = payroll_run(actor=accountant, month=MAR)[0]
    new_iban = valid_iban()
    assignment_account_change(actor=caseworker, assignment_id=a.pk, bank_bic="HSBKKZKX", iban=new_iban)
    total, found = differences(march, limit=10)
    assert total == 2
    assert {(d.what, d.old_iban, d.new_iban, d.new_amount, d.day) for d in found} == {
        ("account", a.iban, new_iban, None, None),
        ("repayment", a.iban, new_iban, 26510, FEB),
    }
    assert payroll_changes(user=head, payroll=march).waiting == []
    with pytest.raises(DomainError) as info:
        payroll_approve(actor=head, payroll_id=march.pk)
    assert "2 changes" in str(info.value)
    again = payroll_prepare_again(actor=accountant, payroll_id=march.pk)
    assert payroll_approve(actor=head, payroll_id=again.pk).total_amount == 2 * 26510
    assert repayments() == [(a.pk, MAR, FEB, 26510, new_iban)]
