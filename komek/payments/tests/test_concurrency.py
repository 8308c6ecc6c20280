"""Two heads approving the same payroll at the same moment: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction

from komek.accounts.choices import Role
from komek.common.errors import DomainError
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll
from komek.payments.services import payroll_approve, payroll_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_heads_approve_at_once(make_assignment: Any, accountant: Any, make_user: Any) -> None:
    """Both approvals wait on the payroll's row lock; one approves, the other is told who did."""
    make_assignment()
    heads = [make_user(Role.DEPARTMENT_HEAD, username=f"head_{n}") for n in (1, 2)]
    payroll = payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0]
    outcomes: dict[str, str] = {}
    ready = threading.Barrier(3)

    def approve(head: Any) -> None:
        try:
            ready.wait()
            payroll_approve(actor=head, payroll_id=payroll.pk)
            outcomes[head.username] = "approved"
        except DomainError as exc:
            outcomes[head.username] = f"{exc.code}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(head,)) for head in heads]
    # Hold the row so that both approvals are inside their transactions, waiting, at the same time.
    with transaction.atomic():
        Payroll.objects.select_for_update().get(pk=payroll.pk)
        for thread in threads:
            thread.start()
        ready.wait()
        with connection.cursor() as cursor:  # wait until both sessions block on the lock
            for _ in range(100):
                cursor.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0] >= 2:
                    break
                threading.Event().wait(0.05)
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["already_approved", "approved"], outcomes
    winner = next(name for name, o in outcomes.items() if o == "approved")
    loser = next(o for o in outcomes.values() if o != "approved")
    assert winner in loser  # the message names who approved (in the thread's own language)
    payroll.refresh_from_db()
    assert payroll.approved_by is not None
    assert (payroll.status, payroll.approved_by.username) == (PayrollStatus.APPROVED, winner)
