"""The audit log holds: no rewrite gets past the database (REPLACE included), the application's
PostgreSQL role may only insert and select it, and every record is a link of a hash chain that
``komek audit verify`` walks, reporting the first broken link."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from komek.accounts.policy import system
from komek.common import audit, audit_chain, db_triggers
from komek.common.models import AuditChainHead, AuditLog

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="roles and privileges: PostgreSQL")
only_sqlite = pytest.mark.skipif(POSTGRES, reason="REPLACE conflict resolution: SQLite")


def _write(n: int, reason: str = "") -> list[AuditLog]:
    with transaction.atomic():
        return [
            audit.record(
                actor=system("tests"), action="create", object_type="registry.person", object_id=i,
                person_id=100 + i, territory="351610000", reason=reason,
                changes={"surname": [None, "Ким"], "n": [i, i + 1.5], "when": ["2026-01-01", None]},
                ip_address="::ffff:10.0.0.1" if i % 2 else "10.0.0.7",
            )
            for i in range(n)
        ]  # fmt: skip


@pytest.fixture
def rows() -> list[AuditLog]:
    return _write(3)


@contextlib.contextmanager
def triggers_off() -> Iterator[None]:
    """As the database owner (the tests' connection): the append-only triggers out of the way, inside
    the test's transaction (rolled back with it)."""
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending checks
            cursor.execute("ALTER TABLE common_auditlog DISABLE TRIGGER USER")
        yield
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE common_auditlog ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        db_triggers.uninstall(connection)
        yield
        db_triggers.install(connection)


def _sql(sql: str, params: list[str] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _refused(sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql(sql)


# --- The database refuses every rewrite -------------------------------------------------------------


@only_sqlite
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
@pytest.mark.parametrize("collide", ["id", "seq"])
def test_sqlite_refuses_replace(rows: list[AuditLog], verb: str, collide: str) -> None:
    """REPLACE deletes the row it collides with (on the id or on the chain position) without firing
    delete triggers: the insert trigger refuses it before the conflict is resolved."""
    first = rows[0]
    pk, seq = (first.pk, 999) if collide == "id" else (999_999, first.seq)
    _refused(
        f"{verb} INTO common_auditlog (id, at, actor_username, action, object_type, object_id, territory, "  # noqa: S608
        f"changes, reason, seq, prev_hash, row_hash) VALUES ({pk}, '2026-01-01 00:00:00', 'x', 'read', "
        f"'a.b', '', '', '{{}}', 'tamper', {seq}, '', '')"
    )
    assert AuditLog.objects.get(pk=first.pk).reason == "" and AuditLog.objects.count() == 3


REWRITES = ["UPDATE common_auditlog SET reason = 'tamper'", "DELETE FROM common_auditlog"]


@pytest.mark.parametrize(
    "sql", [*REWRITES, "UPDATE OR REPLACE common_auditlog SET seq = 1" if not POSTGRES else "UPDATE "
            "common_auditlog SET seq = seq + 100"],
)  # fmt: skip
def test_database_refuses_update_and_delete(rows: list[AuditLog], sql: str) -> None:
    """UPDATE (with its conflict clause too) and DELETE are refused by the triggers, whoever connects."""
    _refused(sql)
    assert list(AuditLog.objects.order_by("seq").values_list("reason", flat=True)) == ["", "", ""]


def test_an_upsert_onto_a_record_is_refused(rows: list[AuditLog]) -> None:
    """``INSERT ... ON CONFLICT DO UPDATE`` onto an existing record is refused."""
    pk = rows[0].pk
    _refused(
        "INSERT INTO common_auditlog (id, at, actor_username, action, object_type, object_id, territory, "  # noqa: S608
        f"changes, reason, seq, prev_hash, row_hash) VALUES ({pk}, '2026-01-01 00:00:00+00', 'x', 'read', "
        "'a.b', '', '', '{}', 'tamper', 999, '', '') ON CONFLICT (id) DO UPDATE SET reason = 'tamper'"
    )
    assert AuditLog.objects.get(pk=pk).reason == ""


@pytest.fixture
def app_role() -> Iterator[psycopg.Connection]:
    """A connection of the application's role to the test database (granted by migration 0005)."""
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
def test_the_application_role_may_only_insert_and_select_the_log(app_role: psycopg.Connection) -> None:
    """As the application's role: reading and appending work; UPDATE, DELETE, TRUNCATE, disabling the
    triggers and switching them off with ``session_replication_role`` are all refused."""
    with app_role.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM common_auditlog")
        cursor.execute(
            "INSERT INTO common_auditlog (at, actor_username, action, object_type, object_id, territory, "
            "changes, reason, seq, prev_hash, row_hash) VALUES (now(), 'x', 'read', 'a.b', '', '', '{}', '', "
            "900000000000, '', '') RETURNING id"
        )
        pk = int(cursor.fetchone()[0])  # type: ignore[index]
    refused = [
        f"UPDATE common_auditlog SET reason = 'tamper' WHERE id = {pk}",  # noqa: S608 (an int)
        f"DELETE FROM common_auditlog WHERE id = {pk}",  # noqa: S608 (an int)
        "TRUNCATE common_auditlog",
        "ALTER TABLE common_auditlog DISABLE TRIGGER USER",
        "ALTER TABLE common_auditlog DISABLE TRIGGER komek_audit_no_update",
        "SET session_replication_role = replica",
        "SET LOCAL session_replication_role = replica",
        "DROP TRIGGER komek_audit_no_update ON common_auditlog",
    ]
    for sql in refused:
        with app_role.cursor() as cursor:
            cursor.execute("SAVEPOINT s")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cursor.execute(sql)
            cursor.execute("ROLLBACK TO SAVEPOINT s")


@only_postgres
def test_the_application_role_works_every_other_table(app_role: psycopg.Connection) -> None:
    """The application's role reads and writes the other tables (the chain's head included)."""
    with app_role.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM common_katounit")
        cursor.execute("INSERT INTO common_auditchainhead (id, seq, row_hash) VALUES (2, 0, '') ")
        cursor.execute("UPDATE common_auditchainhead SET seq = 1 WHERE id = 2")
        cursor.execute("DELETE FROM common_auditchainhead WHERE id = 2")


# --- The chain --------------------------------------------------------------------------------------


def _expected_hash(row: AuditLog, prev: str) -> str:
    """The definition of the ADR, written out independently of the module."""
    doc = [
        "komek-audit-1", row.seq, row.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        row.actor_id, row.actor_username, row.action, row.object_type, row.object_id, row.person_id,
        row.territory, row.changes, row.reason, row.ip_address, prev,
    ]  # fmt: skip
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def test_records_are_chained(rows: list[AuditLog]) -> None:
    """Each record carries its position, its predecessor's hash and its own, as defined; the head
    holds the last; the chain verifies."""
    stored = list(AuditLog.objects.order_by("seq"))
    assert [r.seq for r in stored] == [1, 2, 3]
    prev = audit_chain.GENESIS
    for row in stored:
        assert row.prev_hash == prev and row.row_hash == _expected_hash(row, prev)
        prev = row.row_hash
    head = AuditChainHead.objects.get()
    assert (head.seq, head.row_hash) == (3, prev)
    assert audit_chain.verify() == (3, None)


@pytest.mark.parametrize("count", [5, audit.COPY_FROM])
def test_bulk_rows_continue_the_chain(rows: list[AuditLog], count: int) -> None:
    """A set-based write (inserted, or copied in on PostgreSQL) continues the chain after the records
    before it, and records after it continue from its last."""
    with transaction.atomic():
        audit.bulk(
            actor=system("tests"), action="create", object_type="benefits.assignment",
            entries=[audit.Entry(object_id=i, person_id=i, territory="351610000", changes={"a": [None, i]})
                     for i in range(count)],
        )  # fmt: skip
    _write(2)
    assert audit_chain.verify() == (3 + count + 2, None)
    assert AuditLog.objects.order_by("-seq").values_list("seq", flat=True).first() == 5 + count


def test_a_flushed_head_is_rebuilt_from_the_last_record(rows: list[AuditLog]) -> None:
    """Without its head row (a flushed or new table), the chain continues from the last record."""
    AuditChainHead.objects.all().delete()
    _write(1)
    assert audit_chain.verify() == (4, None)


# --- Tampering, as the database owner with the triggers out of the way -------------------------------


def _verify_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_verify_reports_a_sound_chain(rows: list[AuditLog]) -> None:
    code, out, _err = _verify_command()
    assert code == 0 and "sound: 3 records" in out


def test_a_changed_record_breaks_the_chain_at_it(rows: list[AuditLog]) -> None:
    """A record changed behind the triggers' back is reported as the first broken link; the command
    exits 1."""
    _write(2)
    with triggers_off():
        _sql("UPDATE common_auditlog SET reason = 'nothing happened' WHERE seq = 2")
    checked, broken = audit_chain.verify()
    assert checked == 1 and broken is not None and broken.seq == 2 and "changed" in broken.problem
    code, out, err = _verify_command()
    assert code == 1 and "broken at record 2" in err and "1 records sound" in out


def test_a_record_changed_with_its_hash_recomputed_breaks_the_next_link(rows: list[AuditLog]) -> None:
    """A forger who recomputes the changed record's own hash breaks the link to the next record."""
    row = AuditLog.objects.get(seq=2)
    row.reason = "nothing happened"
    forged = audit_chain.row_hash(audit_chain.values_of(row), row.prev_hash)
    with triggers_off():
        _sql("UPDATE common_auditlog SET reason = %s, row_hash = %s WHERE seq = 2", [row.reason, forged])
    _checked, broken = audit_chain.verify()
    assert broken is not None and broken.seq == 3 and "prev_hash" in broken.problem


def test_a_deleted_record_breaks_the_chain(rows: list[AuditLog]) -> None:
    """A record deleted from the middle leaves a gap; one deleted from the end leaves the chain
    shorter than its head."""
    with triggers_off():
        _sql("DELETE FROM common_auditlog WHERE seq = 2")
    _checked, broken = audit_chain.verify()
    assert broken is not None and broken.seq == 3 and "missing" in broken.problem
    with triggers_off():
        _sql("DELETE FROM common_auditlog WHERE seq = 3")
    checked, broken = audit_chain.verify()
    assert checked == 1 and broken is not None and broken.seq is None and "3 were written" in broken.problem


def test_the_migration_chained_nothing_unchained() -> None:
    """Every record has its place: the position is required and unique."""
    field = AuditLog._meta.get_field("seq")
    assert not field.null and field.unique
