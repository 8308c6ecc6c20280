"""The PostgreSQL role the application runs as (ADR 0024).

The database owner (``KOMEK_MIGRATE_DATABASE_URL``) creates the tables and runs the migrations;
the application connects (``DATABASE_URL``) as ``KOMEK_APP_DB_ROLE`` (default ``komek_app``, or a
login role that is a member of it), which may read and write every table except the audit log, on
which it may only ``INSERT`` and ``SELECT``; it gets nothing on a partition of a partitioned table
(ADR 0053), reached through its parent. Not being the owner, it can neither ``TRUNCATE`` the log
nor disable its triggers, and not being a superuser it cannot set ``session_replication_role``.

:func:`grant` creates the role when it does not exist (the migrating role needs ``CREATEROLE``,
else a database administrator creates it first) and grants it: on the tables that exist, and, by
default privileges, on the tables the owner creates later. It is idempotent.
"""

from __future__ import annotations

import re
from typing import Any

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def statements(role: str) -> list[str]:
    if not ROLE_NAME.match(role):
        raise ValueError(f"Not a plain PostgreSQL role name: {role!r}")
    # The role's name is checked against ROLE_NAME above: a plain identifier, safe to interpolate.
    create = f"""
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
            CREATE ROLE {role} LOGIN;
        END IF;
    EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;  -- created by a concurrent migration
        WHEN insufficient_privilege THEN RAISE EXCEPTION
            'The role {role} does not exist and % may not create it: a database administrator '
            'runs CREATE ROLE {role} LOGIN, then the migration again.', current_user;
    END $$;
    """  # noqa: S608
    grants = f"""
    DO $$ DECLARE part text; BEGIN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO {role}', current_database());
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO {role}', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {role}',
                       current_schema());
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO {role}',
                       current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE '
                       'ON TABLES TO {role}', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE '
                       'ON SEQUENCES TO {role}', current_schema());
        REVOKE ALL ON common_auditlog FROM {role};
        GRANT SELECT, INSERT ON common_auditlog TO {role};
        -- A partition (ADR 0053) is reached through its parent, whose grants PostgreSQL checks:
        -- the role gets nothing on it directly (else it could rewrite a partition of the log).
        FOR part IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    JOIN pg_class p ON p.oid = i.inhparent
                    WHERE p.relkind = 'p' AND p.relnamespace = to_regnamespace(current_schema()) LOOP
            EXECUTE format('REVOKE ALL ON %I FROM {role}', part);
        END LOOP;
    END $$;
    """  # noqa: S608
    return [create, grants]


def grant(connection: Any, role: str) -> None:
    """Create the application's role if needed and grant it its rights (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return  # migrating as the application's role itself: nothing to grant (and no owner)
        for sql in statements(role):
            cursor.execute(sql)
