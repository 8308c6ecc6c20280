"""The migration that partitions the audit log (common 0007, ADR 0053), run on a populated log.

The schema is taken back to before it (one plain table), records of several regions and of none are
written, and the migration is applied again: every record is there with its id and fields, in its
region's partition, the chain verifies, the sequence goes on after the last id, and new records
are appended and chained. PostgreSQL only: on SQLite the migration does nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from komek.accounts.policy import system
from komek.common import audit, audit_chain, partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("audit-partition-migration"),
]
BEFORE = [("common", "0006_audit_persons_index")]
AFTER = [("common", "0007_audit_partitioned_by_region")]
COLUMNS = (
    "id, seq, at, actor_username, action, object_type, object_id, person_id, territory, changes, row_hash"
)


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("common_auditlog", "common_auditlog_id_seq")


def _write(territories: list[str]) -> None:
    with transaction.atomic():
        audit.bulk(
            actor=system("tests"), action="read", object_type="registry.person",
            entries=[audit.Entry(object_id=i, person_id=i, territory=t, changes={"n": [None, i]})
                     for i, t in enumerate(territories)],
        )  # fmt: skip


def test_the_populated_log_is_partitioned_with_every_record(schema_restored: None) -> None:
    schema.migrate(BEFORE)
    assert partitions.partitions_of(connection, "common_auditlog") == []
    territories = ["351610000", "351633100", "751110000", "711210000", "791010000", ""] * 50
    _write(territories)
    with transaction.atomic():  # a gap in the ids, as a rolled-back insert leaves one
        sql("SELECT nextval(pg_get_serial_sequence('common_auditlog', 'id'))")
    before = sql(f"SELECT {COLUMNS} FROM common_auditlog ORDER BY id")  # noqa: S608
    (last_id,) = sql("SELECT last_value FROM common_auditlog_id_seq")[0]
    indexes = {n for (n,) in sql("SELECT indexname FROM pg_indexes WHERE tablename = 'common_auditlog'")}
    grants = _grants()

    schema.migrate(AFTER)

    assert len(partitions.partitions_of(connection, "common_auditlog")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM common_auditlog ORDER BY id") == before  # noqa: S608
    placed = sql(
        "SELECT tableoid::regclass::text, left(territory, 2), count(*) FROM common_auditlog "
        "GROUP BY 1, 2 ORDER BY 1"
    )
    assert placed == [
        ("common_auditlog_other", "", 50), ("common_auditlog_r35", "35", 100),
        ("common_auditlog_r71", "71", 50), ("common_auditlog_r75", "75", 50),
        ("common_auditlog_r79", "79", 50),
    ]  # fmt: skip
    after = {n for (n,) in sql("SELECT indexname FROM pg_indexes WHERE tablename = 'common_auditlog'")}
    assert after == indexes  # every index and key under its name, the partition key added to the keys
    assert _grants() == grants and grants  # the application's role: SELECT, INSERT on the log, as before
    assert audit_chain.verify() == (len(territories), None)

    _write(["351610000", "751110000"])
    new_ids = [i for (i,) in sql("SELECT id FROM common_auditlog WHERE id > %s ORDER BY id", [before[-1][0]])]
    assert len(new_ids) == 2 and new_ids[0] > last_id  # the sequence went on from where it was
    assert audit_chain.verify() == (len(territories) + 2, None)
    triggers = {
        n for (n,) in sql("SELECT tgname FROM pg_trigger WHERE tgrelid = 'common_auditlog'::regclass")
    }
    assert {"komek_audit_no_update", "komek_audit_head"} <= triggers

    schema.migrate(BEFORE)  # and back: one plain table with the same rows
    assert partitions.partitions_of(connection, "common_auditlog") == []
    assert _grants() == grants
    assert len(sql("SELECT id FROM common_auditlog")) == len(territories) + 2
    assert audit_chain.verify() == (len(territories) + 2, None)
