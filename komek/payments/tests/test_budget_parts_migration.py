"""The migrations that bring budget shares and parts: rows made before keep what they were paid from.

The schema is taken back to before the shares (benefits 0004, payments 0001), rows are shaped as
they were then (an assignment of one source; two payrolls of one month, programme and department,
one per source, one of them approved), and the migrations are applied again on this database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from komek.common import db_triggers
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.payments.services import payroll_approve, payroll_run

BEFORE = [("benefits", "0004_regional_budget_source"), ("payments", "0001_initial")]


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        db_triggers.install(connection)


@pytest.fixture
def schema_restored(_audit_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Whatever happens in the test, the schema is the current one afterwards; the audit log's
    triggers are lifted for the flush that ends a transactional test (SQLite deletes row by row)."""
    yield
    schema.migrate_to_latest()
    db_triggers.uninstall(connection)


def test_rows_made_before_keep_their_one_source(
    schema_restored: None, make_assignment: Any, accountant: Any, head: Any
) -> None:
    """An assignment of the republican budget gets 100 % republican; a line its payroll's source in
    full; of two payrolls of February's TSA in Balkhash (republican, approved; local, prepared) the
    first becomes the payroll of every source, the second keeps "local", and their totals go to
    their source. Both stay as they were paid: nothing is merged, nothing is recomputed."""
    first = make_assignment()
    second = make_assignment(monthly_amount=10000)
    payroll = payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    schema.migrate(BEFORE)
    # As the rows were before: one payroll per source, each line in the payroll of its assignment's.
    sql("UPDATE benefits_assignment SET budget_source = 'republican' WHERE id = %s", [first.pk])
    sql(
        "UPDATE payments_payroll SET budget_source = 'republican', total_amount = 26510 WHERE id = %s",
        [payroll.pk],
    )
    sql(
        "INSERT INTO payments_payroll (month, programme, budget_source, territory, prefix, status, stage, "
        "line_count, total_amount, created_at) SELECT month, programme, 'local', territory, prefix, "
        "'prepared', 'done', 1, 10000, created_at FROM payments_payroll WHERE id = %s",
        [payroll.pk],
    )
    (local_id,) = sql("SELECT id FROM payments_payroll WHERE budget_source = 'local'")[0]
    sql("UPDATE payments_paymentline SET payroll_id = %s WHERE assignment_id = %s", [local_id, second.pk])

    schema.migrate_to_latest()

    assignments = sql(
        "SELECT id, budget_source, share_republican, share_regional, share_local FROM benefits_assignment "
        "ORDER BY id"
    )
    assert assignments == [(first.pk, "republican", 10000, 0, 0), (second.pk, "local", 0, 0, 10000)]
    lines = sql(
        "SELECT assignment_id, payroll_id, amount, republican, regional, local FROM payments_paymentline "
        "ORDER BY assignment_id"
    )
    assert lines == [(first.pk, payroll.pk, 26510, 26510, 0, 0), (second.pk, local_id, 10000, 0, 0, 10000)]
    payrolls = sql(
        "SELECT id, budget_source, status, total_amount, total_republican, total_regional, total_local "
        "FROM payments_payroll ORDER BY id"
    )
    assert payrolls == [
        (payroll.pk, "", "approved", 26510, 26510, 0, 0),
        (local_id, "local", "prepared", 10000, 0, 0, 10000),
    ]
    # The month's run finds the approved payroll of every source and adds nothing.
    again = payroll_run(actor=accountant, month=dt.date(2020, 2, 1))
    assert [p.pk for p in again] == [payroll.pk]
