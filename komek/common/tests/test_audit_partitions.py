"""The audit log partitioned by region on PostgreSQL (ADR 0053): each record in its region's
partition, a territorial query reading only its region's partition (the plan is read), the chain's
positions unique over the whole log, and the application's role kept off the partitions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from komek.accounts import policy
from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.accounts.selectors.audit import AuditFilter, audit_search
from komek.common import audit, audit_chain, partitions
from komek.common.models import AuditLog
from komek.common.tests import schema
from komek.common.tests.schema import query_reads

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
TERRITORIES = {"351610000": "r35", "351633100": "r35", "751110000": "r75", "711210000": "r71", "": "other"}


def _write() -> list[AuditLog]:
    with transaction.atomic():
        return [
            audit.record(
                actor=system("tests"), action="read", object_type="registry.person", object_id=i,
                person_id=i, territory=territory,
            )
            for i, territory in enumerate(TERRITORIES)
        ]  # fmt: skip


@only_postgres
def test_the_log_is_partitioned_by_region() -> None:
    """One partition per region of the country and a default one."""
    names = partitions.partitions_of(connection, "common_auditlog")
    assert "common_auditlog_r75" in names and "common_auditlog_r35" in names
    assert "common_auditlog_other" in names and len(names) == len(partitions.REGIONS) + 1
    ((kind,),) = schema.sql("SELECT relkind FROM pg_class WHERE oid = 'common_auditlog'::regclass")
    assert kind == "p"


@only_postgres
def test_each_record_lies_in_its_regions_partition() -> None:
    rows = _write()
    placed = dict(schema.sql("SELECT id, tableoid::regclass::text FROM common_auditlog"))
    assert {placed[r.pk] for r in rows} == {f"common_auditlog_{p}" for p in TERRITORIES.values()}
    for row in rows:
        assert placed[row.pk] == f"common_auditlog_{TERRITORIES[row.territory]}"


def _scanned(queryset: Any) -> set[str]:
    """The partitions of the log a query's plan reads (``EXPLAIN (FORMAT JSON)``)."""
    return query_reads(queryset, "common_auditlog")


@only_postgres
@pytest.mark.parametrize(
    ("units", "reach", "partition"),
    [
        (("351600000",), Reach.UNITS, "r35"),
        (("351600000",), Reach.REGION, "r35"),
        (("751110000",), Reach.UNITS, "r75"),
    ],
)
def test_a_territorial_query_reads_its_regions_partition_only(
    make_user: Any, units: tuple[str, ...], reach: str, partition: str
) -> None:
    """The auditor's search of the log (the access policy's territorial filter) is planned on the
    partition of the auditor's region and on no other."""
    _write()
    auditor = make_user(Role.AUDITOR, units=units, reach=reach)
    search = audit_search(user=auditor, filters=AuditFilter())
    assert _scanned(search) == {f"common_auditlog_{partition}"}
    assert _scanned(search.filter(action="read").values("id")) == {f"common_auditlog_{partition}"}
    # Without the range the LIKE alone reads every partition: the test can fail.
    like_only = AuditLog.objects.filter(policy.prefixes_q(policy.prefixes(auditor), "territory"))
    assert len(_scanned(like_only)) == len(partitions.REGIONS) + 1


@pytest.mark.parametrize(
    ("units", "reach"),
    [
        (("351600000",), Reach.UNITS),
        (("751110000",), Reach.UNITS),
        (("351600000", "751110000"), Reach.UNITS),
        (("351633100",), Reach.REGION),
    ],
)
def test_the_range_finds_the_rows_the_prefix_finds(
    make_user: Any, units: tuple[str, ...], reach: str
) -> None:
    """On both databases the ranged filter keeps exactly the rows of the actor's territory."""
    rows = _write()
    auditor = make_user(Role.AUDITOR, units=units, reach=reach)
    allowed = policy.prefixes(auditor)
    assert allowed is not None
    expected = {r.pk for r in rows if any(r.territory.startswith(p) for p in allowed)}
    found = set(
        policy.scoped(AuditLog.objects.all(), auditor, field="territory").values_list("pk", flat=True)
    )
    assert found & {r.pk for r in rows} == expected and expected


def test_the_range_is_for_partition_keys_only() -> None:
    """A prefix becomes a range on a partitioned table's key; elsewhere the filter stays a LIKE."""
    assert policy.is_partition_key(AuditLog, "territory")
    ranged = str(policy.territory_q(policy.citizen(person_id=1, iin="900101300001", kato="351610000"),
                                    "territory", model=AuditLog))  # fmt: skip
    assert "territory__gte" in ranged and "territory__lt" in ranged
    plain = str(policy.territory_q(policy.citizen(person_id=1, iin="900101300001", kato="351610000"), "kato"))
    assert "__gte" not in plain and "__startswith" in plain
    assert partitions.upper_bound("3516") == "3517"
    assert partitions.upper_bound("759") == "760"
    assert partitions.upper_bound("99") is None and partitions.upper_bound("") is None


def test_a_chain_position_is_taken_once_over_every_region() -> None:
    """Two records of different regions cannot share a position: the unique constraint of the
    partitioned log includes its key, the head's trigger keeps positions unique over all of it
    (on SQLite the column's unique constraint does)."""
    rows = _write()
    first = rows[0]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO common_auditlog (at, actor_username, action, object_type, object_id, territory, "
            "changes, reason, seq, prev_hash, row_hash) VALUES (%s, 'x', 'read', 'a.b', '', '751110000', "
            "'{}', '', %s, '', '')",
            [connection.ops.adapt_datetimefield_value(first.at), first.seq],
        )
    assert audit_chain.verify() == (len(rows), None)


def test_the_chain_verifies_across_regions() -> None:
    """Records of every region and none interleave in one chain, which verifies."""
    _write()
    _write()
    assert audit_chain.verify() == (2 * len(TERRITORIES), None)


@pytest.fixture
def app_role() -> Iterator[psycopg.Connection]:
    cfg = connection.settings_dict
    conn = psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        dbname=cfg["NAME"],
        user=settings.KOMEK_APP_DB_ROLE,
    )
    yield conn
    conn.rollback()
    conn.close()


@only_postgres
def test_the_application_role_reaches_the_partitions_through_the_log_only(
    app_role: psycopg.Connection,
) -> None:
    """As the application's role: inserting into and reading the log routes to the partitions; a
    partition itself may be neither read nor written directly."""
    with app_role.cursor() as cursor:
        cursor.execute(
            "INSERT INTO common_auditlog (at, actor_username, action, object_type, object_id, territory, "
            "changes, reason, seq, prev_hash, row_hash) VALUES (now(), 'x', 'read', 'a.b', '', '751110000', "
            "'{}', '', 900000000000, '', '') RETURNING id, tableoid::regclass::text"
        )
        row = cursor.fetchone()
        assert row is not None and row[1] == "common_auditlog_r75"
        cursor.execute("SELECT count(*) FROM common_auditlog WHERE territory >= '75' AND territory < '76'")
    refused = [
        "SELECT count(*) FROM common_auditlog_r75",
        "UPDATE common_auditlog_r75 SET reason = 'tamper'",
        "DELETE FROM common_auditlog_r75",
        "TRUNCATE common_auditlog_r75",
        "INSERT INTO common_auditlog_other (at, actor_username, action, object_type, object_id, territory, "
        "changes, reason, seq, prev_hash, row_hash) VALUES (now(), 'x', 'read', 'a.b', '', '', '{}', '', "
        "900000000001, '', '')",
        "ALTER TABLE common_auditlog_r75 DISABLE TRIGGER USER",
    ]
    for sql in refused:
        with app_role.cursor() as cursor:
            cursor.execute("SAVEPOINT s")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cursor.execute(sql)
            cursor.execute("ROLLBACK TO SAVEPOINT s")


@only_postgres
def test_a_partition_refuses_rewrites_as_the_log_does() -> None:
    """The append-only triggers of the log are the partitions' too, even addressed directly."""
    _write()
    for sql in ("UPDATE common_auditlog_r35 SET reason = 'tamper'", "DELETE FROM common_auditlog_r75"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            schema.sql(sql)
