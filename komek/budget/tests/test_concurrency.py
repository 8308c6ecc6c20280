"""Two payrolls of one budget programme approved at the same moment: the allocation's row lock
makes the second see the first as spent, so together they cannot exceed it (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from komek.accounts.choices import Role
from komek.budget.models import Allocation
from komek.common.errors import DomainError
from komek.payments.services import payroll_approve, payroll_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_payrolls_approved_at_once_stay_within_the_allocation(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, make_user: Any
) -> None:
    """February and March (26,510 each) against 40,000: both approvals wait on the allocation's
    row; one is approved, the other is refused as over the allocation."""
    make_assignment()
    allocation = make_allocation(amount=40_000)
    payrolls = [payroll_run(actor=accountant, month=dt.date(2020, m, 1))[0] for m in (2, 3)]
    heads = [make_user(Role.DEPARTMENT_HEAD, username=f"budget_head_{n}") for n in (1, 2)]
    outcomes: dict[int, str] = {}
    ready = threading.Barrier(3)

    def approve(head: Any, payroll_id: int) -> None:
        try:
            ready.wait()
            payroll_approve(actor=head, payroll_id=payroll_id)
            outcomes[payroll_id] = "approved"
        except DomainError as exc:
            outcomes[payroll_id] = exc.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(head, payroll.pk))
        for head, payroll in zip(heads, payrolls, strict=True)
    ]
    # Hold the allocation so that both approvals are inside their transactions, waiting, at once.
    with transaction.atomic():
        Allocation.objects.select_for_update().get(pk=allocation.pk)
        for thread in threads:
            thread.start()
        ready.wait()
        with connection.cursor() as cursor:  # wait until both sessions block on the lock
            for _ in range(100):
                cursor.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                row = cursor.fetchone()
                if row is not None and row[0] >= 2:
                    break
                threading.Event().wait(0.05)
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(outcomes.values()) == ["approved", "over_allocation"], outcomes
