"""The payroll approval guard: a payroll that would take its budget programme beyond the allocation
is refused until the allocation is amended; the amendment cannot go below what is spent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.budget.selectors import budget_execution
from komek.budget.services import allocation_amend
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db
FEB = dt.date(2020, 2, 1)


def test_approval_beyond_allocation_refused_until_amended(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """26,510 tenge of Balkhash's co-financed TSA, 23,191 of it local, against a local allocation of
    20,000: refused naming the budget programme, the source, the allocation and the 3,191 over, and
    audited; after an amendment of +10,000 it is approved and the execution shows the local part
    spent."""
    make_assignment()
    allocation = make_allocation(amount=20000)
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    with pytest.raises(DomainError) as refused:
        payroll_approve(actor=head, payroll_id=payroll.pk)
    message = str(refused.value)
    assert "451.005 State targeted social assistance" in message
    assert "20,000" in message and "3,191" in message and "local budget" in message.lower()
    payroll.refresh_from_db()
    assert payroll.status == "prepared"
    assert AuditLog.objects.filter(action="refuse", reason__contains="beyond its allocation").exists()
    allocation_amend(
        actor=accountant,
        allocation_id=allocation.pk,
        date="2020-02-10",
        decision="Maslikhat No. 45",
        delta=10000,
    )
    payroll_approve(actor=head, payroll_id=payroll.pk)
    row = budget_execution(actor=head, year=2020).row("451.005", "local", "351600000")
    assert row is not None
    assert (row.allocated, row.spent, str(row.percent), row.left) == (30000, 23191, "77.3", 6809)
    with pytest.raises(DomainError, match="23,191") as below:
        allocation_amend(
            actor=accountant,
            allocation_id=allocation.pk,
            date="2020-03-01",
            decision="Maslikhat No. 50",
            amount=23000,
        )
    assert below.value.code == "below_spent"


def test_payroll_without_allocation_is_not_checked(
    make_assignment: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """Where no allocation is entered for the programme, source and department, the budget is not
    kept in Komek and the payroll is approved as before."""
    make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    assert payroll_approve(actor=head, payroll_id=payroll.pk).status == "approved"
