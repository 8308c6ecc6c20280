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
       WHEN EXISTS (SELECT 1 FROM common_auditlog WHERE id = NEW.id OR seq = NEW.seq)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: REPLACE refused'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS komek_audit_no_update;",
    "DROP TRIGGER IF EXISTS komek_audit_no_delete;",
    "DROP TRIGGER IF EXISTS komek_audit_no_replace;",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    return []


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        statements = _statements(connection.vendor, create=True)
        if connection.vendor == "sqlite":
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, "common_auditlog")
            }
            if "seq" not in columns:  # the migrations before the chain (0002 to 0004)
                statements = [sql.replace(" OR seq = NEW.seq", "") for sql in statements]
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=False):
            cursor.execute(sql)
