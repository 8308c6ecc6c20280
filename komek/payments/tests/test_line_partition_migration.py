"""The migrations that give each payment line its territory and partition the lines by region
(payments 0005 and 0006, ADR 0057), run on a populated table, forward and back.

The schema is taken back to before them (one plain table, no territory), lines of two regions are
written as the payroll wrote them then (with a gap in the ids), and the migrations are applied
again: every line is there with its id and fields, its territory its assignment's address, in its
region's partition, every index and key under its name, the grants as before, the sequence going
on after the old position, and a new month's payroll paying each assignment once; then back.
PostgreSQL only: on SQLite the partitioning does nothing (0005's column is tested everywhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction

from komek.accounts.choices import Role
from komek.accounts.policy import system
from komek.common import partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.payments.models import Payroll
from komek.payments.services import payroll_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("payment-line-partition-migration"),
]
BEFORE = [("payments", "0004_payroll_by_address")]
ALMALY = "751110000"
COLUMNS = "id, payroll_id, assignment_id, kind, month, for_month, amount, republican, regional, local, iban"
OLD_COLUMNS = (
    "payroll_id, assignment_id, kind, month, for_month, amount, republican, regional, local, bank_id, iban, "
    "status, return_reason"
)


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("payments_paymentline")


def _indexes() -> set[str]:
    return {n for (n,) in sql("SELECT indexname FROM pg_indexes WHERE tablename = 'payments_paymentline'")}


def _assignments(make_assignment: Any, make_user: Any, make_person: Any) -> None:
    """Three assignments in Balkhash (region 35), two in Almaty's Almaly district (75)."""
    from komek.registry.services.families import MemberSpec, family_create

    for _ in range(3):
        make_assignment()
    registrar = make_user(Role.REGISTRAR, units=(ALMALY,), username="almaly_registrar")
    caseworker = make_user(Role.CASEWORKER, units=(ALMALY,), username="almaly_caseworker")
    for _ in range(2):
        head = make_person(kato=ALMALY, actor=registrar)
        family = family_create(
            actor=registrar, members=[MemberSpec(person=head, relation="head")], kato=ALMALY,
            valid_from=dt.date(2019, 1, 1),
        )  # fmt: skip
        make_assignment(family=family, actor=caseworker)


def _old_lines(month: dt.date) -> None:
    """January's or February's payrolls and lines as the payroll wrote them before the territory."""
    for territory, prefix in (("351600000", "3516"), ("750000000", "75")):
        payroll = Payroll.objects.create(
            month=month, programme="tsa", territory=territory, prefix=prefix, status="approved",
            stage="done",
        )  # fmt: skip
        sql(
            f"INSERT INTO payments_paymentline ({OLD_COLUMNS}) "  # noqa: S608
            "SELECT %s, a.id, 'regular', %s, %s, a.monthly_amount, a.monthly_amount, 0, 0, a.bank_id, "
            "a.iban, 'pending', '' FROM benefits_assignment a WHERE a.kato_code LIKE %s ORDER BY a.id",
            [payroll.pk, month, month, prefix + "%"],
        )


def test_the_populated_lines_are_partitioned_and_back(
    schema_restored: None, make_assignment: Any, make_user: Any, make_person: Any
) -> None:
    # The assignments are made as the services make them today (their keys to persons carry the
    # persons' addresses, registry 0013), then the schema goes back with them.
    _assignments(make_assignment, make_user, make_person)
    schema.migrate(BEFORE)
    assert partitions.partitions_of(connection, "payments_paymentline") == []
    _old_lines(dt.date(2020, 1, 1))
    with transaction.atomic():  # a gap in the ids, as a rolled-back insert leaves one
        sql("SELECT nextval(pg_get_serial_sequence('payments_paymentline', 'id'))")
    _old_lines(dt.date(2020, 2, 1))
    before = sql(f"SELECT {COLUMNS} FROM payments_paymentline ORDER BY id")  # noqa: S608
    (last_id,) = sql("SELECT last_value FROM payments_paymentline_id_seq")[0]
    indexes, grants = _indexes(), _grants()
    assert len(before) == 10

    schema.migrate_to_latest()

    assert len(partitions.partitions_of(connection, "payments_paymentline")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM payments_paymentline ORDER BY id") == before  # noqa: S608
    placed = sql(
        "SELECT l.tableoid::regclass::text, l.territory = a.kato_code, count(*) FROM payments_paymentline l "
        "JOIN benefits_assignment a ON a.id = l.assignment_id GROUP BY 1, 2 ORDER BY 1"
    )
    assert placed == [("payments_paymentline_r35", True, 6), ("payments_paymentline_r75", True, 4)]
    # every index and key under its name, the territory added to the keys; the index on the
    # assignment alone dropped by payments 0007 (``payment_line_once`` begins with it, ADR 0064)
    assert _indexes() == indexes - {"payments_paymentline_assignment_id_332de0c9"}
    assert _grants() == grants
    keys = dict(sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'payments_paymentline'::regclass AND contype IN ('u', 'f')"
    ))  # fmt: skip
    assert keys["payment_line_once"] == "UNIQUE (assignment_id, kind, for_month, month, territory)"
    assert "FOREIGN KEY (assignment_id) REFERENCES" not in " ".join(keys.values())  # implied (0007)
    # the key to the assignment is made partition to partition (payments 0009, ADR 0072)
    assert "payment_line_territory_of_assignment" not in keys
    paired = sql(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conname LIKE 'payment_line_territory_of_assignment_%%' ORDER BY 1"
    )
    assert len(paired) == len(partitions.REGIONS) + 1
    for lines, assignments, definition in paired:
        assert lines.removeprefix("payments_paymentline_") == assignments.removeprefix("benefits_assignment_")
        assert definition == f"FOREIGN KEY (assignment_id, territory) REFERENCES {assignments}(id, kato_code)"

    march = payroll_run(actor=system("tests"), month=dt.date(2020, 3, 1))  # new lines, each once
    assert sorted(p.line_count for p in march) == [2, 3]
    new_ids = [i for (i,) in sql("SELECT id FROM payments_paymentline WHERE id > %s", [before[-1][0]])]
    assert len(new_ids) == 5 and min(new_ids) > last_id  # the sequence went on from where it was

    schema.migrate(BEFORE)  # and back: one plain table with the same rows, no territory
    assert partitions.partitions_of(connection, "payments_paymentline") == []
    assert _indexes() == indexes  # the index on the assignment back
    assert _grants() == grants
    assert len(sql("SELECT id FROM payments_paymentline")) == 15
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "payments_paymentline")
        }
    assert "territory" not in columns
