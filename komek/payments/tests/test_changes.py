"""A prepared payroll against later changes: its lines keep what they were prepared with, the
changes are listed (amount, account, termination, suspension, a new assignment), approval refuses
while any remain, and preparing again takes them in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.benefits.services import (
    assignment_account_change,
    assignment_suspend,
    assignment_terminate,
    assignments_recalculate,
)
from komek.benefits.tests.fixtures import valid_iban
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.payments.choices import PayrollStatus
from komek.payments.differences import difference_count, differences
from komek.payments.models import PaymentLine, Payroll
from komek.payments.selectors import payroll_changes
from komek.payments.services import payroll_approve, payroll_prepare_again, payroll_run

pytestmark = pytest.mark.django_db
MAY = dt.date(2020, 5, 1)


def _lines(payroll: Payroll) -> dict[int, tuple[int, str]]:
    return {
        line.assignment_id: (line.amount, line.iban)
        for line in PaymentLine.objects.filter(payroll=payroll, kind="regular")
    }


def test_changes_after_preparation_listed_never_applied(
    make_assignment: Any, make_user: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """An MCI value, an account, a termination, a suspension and a new assignment entered after May
    was prepared leave its lines as prepared, are listed old → new, refuse approval naming the
    count, and are all taken in by "Prepare again"."""
    from komek.legislation.services.parameters import parameter_value_add

    mci = make_assignment(monthly_amount=26510, amount_mci=Decimal(10))
    moved = make_assignment()
    ended = make_assignment()
    paused = make_assignment()
    same = make_assignment()
    payroll = payroll_run(actor=accountant, month=MAY)[0]
    prepared = _lines(payroll)
    assert prepared[mci.pk][0] == 27780 and len(prepared) == 5

    parameter_value_add(
        actor=make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin"), name="mci",
        value=Decimal(2900), valid_from=MAY, valid_to=dt.date(2020, 12, 31), reference="Illustrative value",
    )  # fmt: skip
    assignments_recalculate(actor=caseworker, valid_from=MAY)
    new_iban = valid_iban("722")
    assignment_account_change(actor=caseworker, assignment_id=moved.pk, bank_bic="CASPKZKA", iban=new_iban)
    assignment_terminate(actor=caseworker, assignment_id=ended.pk, date_from=MAY, reason="death")
    assignment_suspend(
        actor=caseworker, assignment_id=paused.pk, date_from=dt.date(2020, 5, 10), date_to=None,
        reason="documents_pending",
    )  # fmt: skip
    late = make_assignment(period_start=MAY, period_end=dt.date(2020, 6, 30), monthly_amount=15000)

    assert _lines(payroll) == prepared  # nothing applied silently
    total, found = differences(payroll, limit=50)
    assert total == 5
    assert {(d.assignment_id, d.what): (d.old_amount, d.new_amount, d.old_iban, d.new_iban, d.day)
            for d in found} == {
        (mci.pk, "amount"): (27780, 29000, None, None, None),
        (moved.pk, "account"): (None, None, moved.iban, new_iban, None),
        (ended.pk, "terminated"): (26510, None, None, None, MAY),
        (paused.pk, "suspended"): (26510, None, None, None, dt.date(2020, 5, 10)),
        (late.pk, "new"): (None, 15000, None, late.iban, MAY),
    }  # fmt: skip

    with pytest.raises(DomainError) as info:
        payroll_approve(actor=head, payroll_id=payroll.pk)
    assert info.value.code == "changed" and "5 changes since preparation" in str(info.value)
    assert Payroll.objects.get(pk=payroll.pk).status == PayrollStatus.PREPARED
    assert AuditLog.objects.filter(object_type="payments.payroll", action="refuse").count() == 1

    again = payroll_prepare_again(actor=accountant, payroll_id=payroll.pk)
    assert _lines(again) == {
        mci.pk: (29000, mci.iban),
        moved.pk: (26510, new_iban),
        same.pk: (26510, same.iban),
        late.pk: (15000, late.iban),
    }
    assert difference_count(again) == 0
    assert payroll_approve(actor=head, payroll_id=again.pk).status == PayrollStatus.APPROVED


def test_approved_payroll_has_no_changes_and_the_read_is_audited(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """The changes are those of a prepared payroll only (an approved one is final: later changes are
    arrears or overpayments); listing them names the persons, so the read is audited."""
    a = make_assignment()
    payroll = payroll_run(actor=accountant, month=MAY)[0]
    assignment_terminate(actor=caseworker, assignment_id=a.pk, date_from=MAY, reason="moved")
    seen = payroll_changes(user=head, payroll=payroll)
    assert seen.total == 1 and seen.changes[0].recipient == a.recipient.full_name
    read = AuditLog.objects.get(object_type="payments.payroll_changes")
    assert (read.action, read.object_id) == ("read", str(payroll.pk))
    assert read.changes == {"assignments": [None, [a.pk]], "persons": [a.recipient_id]}
    Payroll.objects.filter(pk=payroll.pk).update(status=PayrollStatus.APPROVED)
    payroll.refresh_from_db()
    assert payroll_changes(user=head, payroll=payroll).total == 0


def test_changes_counted_in_a_few_queries(
    make_assignment: Any, accountant: Any, caseworker: Any, django_assert_max_num_queries: Any
) -> None:
    """Thirty terminated assignments are found by the same few statements as one: set-based."""
    made = [make_assignment() for _ in range(30)]
    payroll = payroll_run(actor=accountant, month=MAY)[0]
    for a in made:
        assignment_terminate(actor=caseworker, assignment_id=a.pk, date_from=MAY, reason="moved")
    with django_assert_max_num_queries(2):
        assert difference_count(payroll) == 30
    with django_assert_max_num_queries(3):
        total, found = differences(payroll, limit=10)
    assert (total, len(found)) == (30, 10)
