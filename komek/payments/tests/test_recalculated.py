"""A recalculation that lowers amounts already paid books the overpayment, which later payrolls
recover; booking is set-based, audited, and never books the same difference twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.benefits.services import assignments_recalculate
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.payments.models import Overpayment, PaymentLine
from komek.payments.services import overpayment_record, payroll_approve, payroll_returns_import, payroll_run

pytestmark = pytest.mark.django_db
APR, MAY, JUN, JUL = (dt.date(2020, m, 1) for m in (4, 5, 6, 7))


def run_and_approve(accountant: Any, head: Any, month: dt.date) -> None:
    for payroll in payroll_run(actor=accountant, month=month):
        payroll_approve(actor=head, payroll_id=payroll.pk)


def mci_from(make_user: Any, day: dt.date, value: int) -> None:
    """An administrator enters an MCI value from a date (illustrative: the real one never fell)."""
    from komek.legislation.services.parameters import parameter_value_add

    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username=f"rules_admin_{value}")
    parameter_value_add(
        actor=admin, name="mci", value=Decimal(value), valid_from=day, valid_to=dt.date(2020, 12, 31),
        reference="Illustrative value",
    )  # fmt: skip


def month_lines(month: dt.date) -> dict[tuple[int, str, dt.date], int]:
    return {(x.assignment_id, x.kind, x.for_month): x.amount for x in PaymentLine.objects.filter(month=month)}


def test_lowered_mci_books_overpayment_recovered_next_month(
    make_assignment: Any, make_user: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """10 MCI paid 27,780 in April and May; an MCI of 2,700 from May entered afterwards books 780
    tenge (May's excess, not April's) as an overpayment of the recalculation, audited per
    assignment, and June pays 27,000 less 780. A second lowering from June books only its new
    difference; a fixed amount and the months not yet paid book nothing."""
    a = make_assignment(monthly_amount=26510, amount_mci=Decimal(10), period_end=dt.date(2020, 9, 30))
    fixed = make_assignment(monthly_amount=20000)
    run_and_approve(accountant, head, APR)
    run_and_approve(accountant, head, MAY)

    mci_from(make_user, MAY, 2700)
    result = assignments_recalculate(actor=caseworker, valid_from=MAY)
    assert result.changed == 1
    booked = Overpayment.objects.get()
    assert (booked.assignment_id, booked.amount, booked.reason, booked.created_by) == (
        a.pk, 780, "recalculation", caseworker,
    )  # fmt: skip
    log = AuditLog.objects.get(object_type="payments.overpayment")
    assert (log.action, log.object_id, log.person_id, log.actor_username) == (
        "create", str(booked.pk), a.recipient_id, "caseworker",
    )  # fmt: skip
    assert log.changes["amount"] == [None, 780]

    run_and_approve(accountant, head, JUN)
    june = month_lines(JUN)
    assert june[(a.pk, "regular", JUN)] == 27000 and june[(a.pk, "recovery", JUN)] == -780
    assert (fixed.pk, "recovery", JUN) not in june

    assert assignments_recalculate(actor=caseworker, valid_from=MAY).changed == 0
    mci_from(make_user, JUN, 2600)
    assignments_recalculate(actor=system("recalculation"), valid_from=JUN)
    assert sorted(Overpayment.objects.values_list("assignment_id", "amount")) == [(a.pk, 780), (a.pk, 1000)]
    by_system = Overpayment.objects.get(amount=1000)
    assert by_system.created_by is None
    log = AuditLog.objects.get(object_type="payments.overpayment", object_id=str(by_system.pk))
    assert log.actor_username == "system:recalculation"
    run_and_approve(accountant, head, JUL)
    assert month_lines(JUL)[(a.pk, "recovery", JUL)] == -1000


def test_returned_month_counts_as_paid(
    make_assignment: Any, make_user: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """A returned May payment is paid again at the amount sent, so lowering May books its excess
    too: the repayment and the deduction together give the recipient what is due."""
    a = make_assignment(monthly_amount=26510, amount_mci=Decimal(10))
    run_and_approve(accountant, head, MAY)
    may = PaymentLine.objects.get(kind="regular").payroll
    content = f"reference,amount,reason\nKMK{may.pk}-{a.pk},27780,closed\n".encode()
    payroll_returns_import(actor=accountant, payroll_id=may.pk, file_name="r.csv", content=content)
    mci_from(make_user, MAY, 2700)
    assignments_recalculate(actor=caseworker, valid_from=MAY)
    assert list(Overpayment.objects.values_list("amount", flat=True)) == [780]


def test_recalculation_overpayment_is_not_typed(make_assignment: Any, accountant: Any) -> None:
    """The ledger's form refuses the recalculation's reason: only a recalculation books it."""
    a = make_assignment()
    with pytest.raises(DomainError) as info:
        overpayment_record(actor=accountant, assignment_id=a.pk, amount=100, reason="recalculation")
    assert info.value.field == "reason"
    assert not Overpayment.objects.exists()
