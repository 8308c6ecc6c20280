"""The lines the database refuses, whatever writes them (ADR 0064): the assignment's own foreign key
is gone on PostgreSQL, as the key on (assignment, territory) proves the same, and every line refused
before is refused still.

Each test writes one line as a statement would (raw SQL, copying a line the payroll wrote, with one
column made wrong) and has the database check its keys at once (Django's keys are deferred to the
commit: ``SET CONSTRAINTS ALL IMMEDIATE`` on PostgreSQL, ``PRAGMA foreign_key_check`` on SQLite).
A line carries no person of its own: whom it pays is its assignment's recipient, so "a line of a
person not the assignment's" cannot be written at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from komek.accounts.policy import system
from komek.benefits.models import Assignment
from komek.common import partitions
from komek.payments import generation
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services import payroll_run

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
FEB, MARCH = dt.date(2020, 2, 1), dt.date(2020, 3, 1)
# The columns of ``generation.COLUMNS`` as a copy of an existing line, each replaceable.
COPIED = {
    "payroll_id": "payroll_id", "assignment_id": "assignment_id", "kind": "kind", "month": "month",
    "for_month": "for_month", "amount": "amount", "republican": "republican", "regional": "regional",
    "local": "local", "bank_id": "bank_id", "iban": "iban", "status": "status",
    "return_reason": "return_reason", "territory": "territory",
}  # fmt: skip


@pytest.fixture
def paid(make_assignment: Any) -> PaymentLine:
    """February's regular line of a Balkhash TSA assignment, as the payroll wrote it."""
    make_assignment()
    payroll_run(actor=system("tests"), month=FEB)
    return PaymentLine.objects.get()


def _write(line: PaymentLine, **changed: str) -> None:
    """A copy of ``line`` with the columns ``changed`` (SQL expressions), its keys checked now."""
    assert set(changed) <= set(COPIED)
    select = ", ".join(changed.get(column, expression) for column, expression in COPIED.items())
    assert ", ".join(COPIED) == generation.COLUMNS
    with transaction.atomic(), connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"INSERT INTO payments_paymentline ({generation.COLUMNS}) "  # noqa: S608 (test's own SQL)
            f"SELECT {select} FROM payments_paymentline WHERE id = %s",
            [line.pk],
        )
        if not POSTGRES:
            connection.check_constraints(table_names=["payments_paymentline"])


def test_a_line_can_be_written_so_the_refusals_below_are_of_the_one_change(paid: PaymentLine) -> None:
    """The same copy with only its payroll month changed (a line of another kind) is accepted."""
    _write(paid, kind="'arrears'", month="'2020-03-01'")
    assert PaymentLine.objects.filter(assignment_id=paid.assignment_id).count() == 2


def test_a_line_of_a_missing_assignment_is_refused(paid: PaymentLine) -> None:
    missing = str(Assignment.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000)
    with pytest.raises(IntegrityError):
        _write(paid, assignment_id=missing, for_month="'2020-03-01'")


@pytest.mark.skipif(not POSTGRES, reason="the territory is a partition key, held by a key, on PostgreSQL")
def test_a_line_of_another_region_than_its_assignment_is_refused(paid: PaymentLine) -> None:
    with pytest.raises(IntegrityError):
        _write(paid, territory="'751110000'", for_month="'2020-03-01'")
    assert paid.territory.startswith("35")
    with pytest.raises(IntegrityError):  # in the same region's partition, at another address
        _write(paid, territory="'351633100'", for_month="'2020-03-01'")


def test_a_second_regular_line_of_a_month_is_refused(paid: PaymentLine) -> None:
    """In another payroll too (a second payroll of the same month, of another department's
    prefix): one regular payment per assignment and month."""
    other = Payroll.objects.create(month=FEB, programme="tsa", territory="351610000", prefix="351610")
    with pytest.raises(IntegrityError):
        _write(paid, payroll_id=str(other.pk))
    with pytest.raises(IntegrityError):  # nor in the next month's payroll
        _write(paid, month="'2020-03-01'")


def test_a_line_of_a_missing_payroll_or_bank_is_refused(paid: PaymentLine) -> None:
    with pytest.raises(IntegrityError):
        _write(paid, payroll_id=str(paid.payroll_id + 1000), for_month="'2020-03-01'")
    with pytest.raises(IntegrityError):
        _write(paid, bank_id="'NOSUCHBANK'", for_month="'2020-03-01'")


def test_a_paid_assignment_cannot_be_deleted(paid: PaymentLine) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM benefits_assignmentamount WHERE assignment_id = %s", [paid.assignment_id])
        cursor.execute("DELETE FROM benefits_assignment WHERE id = %s", [paid.assignment_id])
        if not POSTGRES:
            connection.check_constraints(table_names=["payments_paymentline"])


@pytest.mark.skipif(not POSTGRES, reason="the keys as PostgreSQL holds them")
def test_the_lines_keys_each_checked_once() -> None:
    """Three foreign keys, each checked once per line written: to the payroll and to the bank (on
    the lines' parent, with a child per partition), and to the assignment with its address (which
    proves the assignment), made on each partition of the lines to the assignments' partition of
    its region (ADR 0072); none on the assignment alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = 'payments_paymentline'::regclass AND conparentid = 0 ORDER BY 1"
        )
        keys = [definition.split(" REFERENCES ")[0] for (definition,) in cursor.fetchall()]
        cursor.execute(
            "SELECT c.relname, array_agg(pg_get_constraintdef(k.oid)) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f' AND k.conparentid = 0 "
            "WHERE i.inhparent = 'payments_paymentline'::regclass GROUP BY c.relname"
        )
        own = dict(cursor.fetchall())
    assert keys == ["FOREIGN KEY (bank_id)", "FOREIGN KEY (payroll_id)"]
    assert len(own) == len(partitions.REGIONS) + 1
    for partition, definitions in own.items():
        region = partition.removeprefix("payments_paymentline_")
        assert definitions == [
            f"FOREIGN KEY (assignment_id, territory) REFERENCES benefits_assignment_{region}(id, kato_code)"
        ]
