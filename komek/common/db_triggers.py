"""Database triggers that make the audit log append-only in SQL as well.

Even a direct ``UPDATE`` or ``DELETE`` on ``common_auditlog`` (a bug, a shell session, a compromised
web node) fails. PostgreSQL keeps ``TRUNCATE`` for the database owner's retention jobs; the
application never issues it.
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
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS komek_audit_no_update;",
    "DROP TRIGGER IF EXISTS komek_audit_no_delete;",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    return []


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=True):
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, create=False):
            cursor.execute(sql)
