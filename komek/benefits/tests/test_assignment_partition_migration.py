"""The migrations that give what refers to an assignment its address and partition the assignments
by region (benefits 0009 and 0010, payments 0008, ADR 0068), run on populated tables, back and
forward.

Assignments in two regions are made through the services, with amounts, a suspension, an
overpayment and a continuation; the schema is taken back to before the migrations (one plain table,
the plain keys to it, no territories) and every row is still there; then the migrations are applied
again: every assignment is there with its id and fields, in its region's partition; each amount,
suspension, overpayment and continuation has its assignment's address again; the keys name the
address; the grants are as before and the sequence goes on. PostgreSQL only: on SQLite the
partitioning does nothing (the columns are tested everywhere, ``test_assignment_partitions``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from komek.benefits.services import assignment_reassign, assignment_suspend
from komek.common import partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.payments.services.overpayments import overpayment_record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("assignment-partition-migration"),
]
BEFORE = [("benefits", "0008_assignment_created_index")]
ALMALY = "751110000"
COLUMNS = "id, programme, family_id, person_id, recipient_id, kato_code, kind, monthly_amount, previous_id"
REFERRING = {
    "benefits_assignmentamount": "territory",
    "benefits_suspension": "territory",
    "payments_overpayment": "territory",
}


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("benefits_assignment", "benefits_assignment_id_seq")


def _keys_to_assignments() -> dict[str, str]:
    return dict(sql(
        "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = 'benefits_assignment'::regclass AND conparentid = 0"
    ))  # fmt: skip


def test_the_populated_assignments_are_partitioned_and_back(
    schema_restored: None, make_assignment: Any, almaty_family: Any, almaty_caseworker: Any, caseworker: Any
) -> None:
    balkhash = make_assignment()
    almaty_worker, family = almaty_caseworker, almaty_family
    almaty = make_assignment(family=family, actor=almaty_worker)
    assignment_suspend(
        actor=almaty_worker, assignment_id=almaty.pk, date_from=dt.date(2020, 3, 1), date_to=None,
        reason="documents_pending",
    )  # fmt: skip
    overpayment_record(actor=caseworker, assignment_id=balkhash.pk, amount=1000, reason="income_hidden")
    later = assignment_reassign(
        actor=caseworker, assignment_id=balkhash.pk, period_start=dt.date(2020, 7, 1),
        period_end=dt.date(2020, 12, 31),
    )  # fmt: skip
    rows = sql(f"SELECT {COLUMNS} FROM benefits_assignment ORDER BY id")  # noqa: S608
    referring = {t: sql(f"SELECT id, assignment_id FROM {t} ORDER BY id") for t in REFERRING}  # noqa: S608
    grants = _grants()
    keys = _keys_to_assignments()
    assert len(rows) == 3 and all(referring.values())

    schema.migrate(BEFORE)  # back: one plain table, the plain keys, no territories
    assert partitions.partitions_of(connection, "benefits_assignment") == []
    assert sql(f"SELECT {COLUMNS} FROM benefits_assignment ORDER BY id") == rows  # noqa: S608
    assert {t: sql(f"SELECT id, assignment_id FROM {t} ORDER BY id") for t in REFERRING} == referring  # noqa: S608
    plain = _keys_to_assignments()
    assert len(plain) == 6 and sum("FOREIGN KEY (assignment_id) REFERENCES" in d for d in plain.values()) == 4
    assert _grants() == grants
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "benefits_suspension")
        }
    assert "territory" not in columns
    (last_id,) = sql("SELECT last_value FROM benefits_assignment_id_seq")[0]

    schema.migrate_to_latest()  # and forward, on the populated tables

    assert len(partitions.partitions_of(connection, "benefits_assignment")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM benefits_assignment ORDER BY id") == rows  # noqa: S608
    assert sql(
        "SELECT tableoid::regclass::text, count(*) FROM benefits_assignment GROUP BY 1 ORDER BY 1"
    ) == [
        ("benefits_assignment_r35", 2),
        ("benefits_assignment_r75", 1),
    ]
    for table, column in REFERRING.items():
        assert sql(
            f"SELECT count(*) FILTER (WHERE r.{column} = a.kato_code), count(*) FROM {table} r "  # noqa: S608
            "JOIN benefits_assignment a ON a.id = r.assignment_id"
        ) == [(len(referring[table]), len(referring[table]))], table
    assert sql(
        "SELECT previous_id, previous_territory FROM benefits_assignment WHERE id = %s", [later.pk]
    ) == [(balkhash.pk, balkhash.kato_code)]
    assert _keys_to_assignments() == keys
    assert "benefits_assignment.assignment_of_previous" in keys
    assert sql(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'benefits_assignment_pkey'"
    ) == [("PRIMARY KEY (id, kato_code)",)]
    assert _grants() == grants
    again = make_assignment(family=family, actor=almaty_worker, period_start=dt.date(2021, 1, 1),
                            period_end=dt.date(2021, 3, 31))  # fmt: skip
    assert again.pk > last_id  # the sequence went on
