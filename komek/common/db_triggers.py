"""Database triggers that make the audit log append-only in SQL as well.

Even a direct ``UPDATE`` or ``DELETE`` on ``common_auditlog`` (a bug, a shell session, a compromised
web node) fails. On SQLite ``REPLACE INTO`` and ``INSERT OR REPLACE`` would delete the row they
collide with without firing delete triggers (SQLite's REPLACE conflict resolution fires them only
with ``PRAGMA recursive_triggers``, which any connection may switch off): a ``BEFORE INSERT``
trigger refuses any insert whose id or chain position is already taken, before the conflict is
resolved. On PostgreSQL the application runs as a role that may only insert and select the log
(``komek.common.db_roles``); ``TRUNCATE`` and disabling triggers stay with the database owner.
"""

from __future__ import annotations

from typing import Any

POSTGRES_CREATE = [
    """
    CREATE OR REPLACE FUNCTION komek_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS komek_audit_no_update ON common_auditlog;",
    """CREATE TRIGGER komek_audit_no_update BEFORE UPDATE OR DELETE ON common_auditlog
       FOR EACH ROW EXECUTE FUNCTION komek_audit_append_only();""",
]
#: The chain's head follows the last record inserted (one update per statement, COPY included).
#: It also refuses a statement whose records take a position already written (at or before the
#: head) or one position twice: the log partitioned by region (ADR 0053) can only declare ``seq``
#: unique together with its partition key, and this keeps it unique over the whole log (writers
#: serialise on the head's row, which the trigger locks too).
POSTGRES_CHAIN = [
    """
    CREATE OR REPLACE FUNCTION komek_audit_move_head() RETURNS trigger AS $$
    DECLARE
        head_seq bigint;
    BEGIN
        SELECT h.seq INTO head_seq FROM common_auditchainhead h WHERE h.id = 1 FOR UPDATE;
        IF EXISTS (SELECT 1 FROM komek_new_rows WHERE seq <= head_seq)
           OR (SELECT count(*) <> count(DISTINCT seq) FROM komek_new_rows) THEN
            RAISE EXCEPTION 'the audit log is append-only: a position in the chain is taken'
                USING ERRCODE = 'unique_violation';
        END IF;
        UPDATE common_auditchainhead h SET seq = n.seq, row_hash = n.row_hash
        FROM (SELECT seq, row_hash FROM komek_new_rows ORDER BY seq DESC LIMIT 1) n
        WHERE h.id = 1 AND n.seq > h.seq;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS komek_audit_head ON common_auditlog;",
    """CREATE TRIGGER komek_audit_head AFTER INSERT ON common_auditlog
       REFERENCING NEW TABLE AS komek_new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION komek_audit_move_head();""",
]
#: ``uninstall`` drops the append-only triggers only (tests flushing the log on SQLite need that);
#: the trigger moving the chain's head stays, or records written meanwhile would share a position.
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS komek_audit_no_update ON common_auditlog;",
    "DROP FUNCTION IF EXISTS komek_audit_append_only();",
]
SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS komek_audit_no_update BEFORE UPDATE ON common_auditlog
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS komek_audit_no_delete BEFORE DELETE ON common_auditlog
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS komek_audit_no_replace BEFORE INSERT ON common_auditlog
       WHEN EXISTS (SELECT 1 FROM common_auditlog WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: REPLACE refused'); END;""",
]
SQLITE_CHAIN = [
    "DROP TRIGGER IF EXISTS komek_audit_no_replace;",
    """CREATE TRIGGER komek_audit_no_replace BEFORE INSERT ON common_auditlog
       WHEN EXISTS (SELECT 1 FROM common_auditlog WHERE id = NEW.id OR seq = NEW.seq)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: REPLACE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS komek_audit_head AFTER INSERT ON common_auditlog
       BEGIN UPDATE common_auditchainhead SET seq = NEW.seq, row_hash = NEW.row_hash
             WHERE id = 1 AND NEW.seq > seq; END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS komek_audit_no_update;",
    "DROP TRIGGER IF EXISTS komek_audit_no_delete;",
    "DROP TRIGGER IF EXISTS komek_audit_no_replace;",
]


def _statements(vendor: str, create: bool, chain: bool = True) -> list[str]:
    if vendor == "postgresql":
        return [*POSTGRES_CREATE, *(POSTGRES_CHAIN if chain else [])] if create else POSTGRES_DROP
    if vendor == "sqlite":
        return [*SQLITE_CREATE, *(SQLITE_CHAIN if chain else [])] if create else SQLITE_DROP
    return []


def install(connection: Any) -> None:
    """The append-only triggers, and once the log is a chain (migration 0004) those of the chain."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "common_auditlog")}
        chain = "seq" in columns and "common_auditchainhead" in tables
        for sql in _statements(connection.vendor, create=True, chain=chain):
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=False):
            cursor.execute(sql)
