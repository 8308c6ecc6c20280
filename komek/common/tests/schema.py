"""Steps of the migration tests: take the schema back to a state, read it with plain SQL, and bring
the whole schema forward again; and read which tables a statement's plan reads (the partition tests).

Taking one app back unapplies every migration of any app that depends on the migrations undone (the
employment centre's tables depend on the audit log's partitioning, for one), so the schema is
restored to every leaf of the migration graph, never to the leaves of the apps a test names: a test
that restored only its own apps left later tests of the same worker without their columns.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> None:
    MigrationExecutor(connection).migrate(targets)


def migrate_to_latest() -> None:
    """Every app's last migration applied, whatever a test took back."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = MigrationExecutor(connection)  # read again from the database: nothing is left to apply
    left = after.migration_plan(after.loader.graph.leaf_nodes())
    assert not left, f"migrations left unapplied: {[m for m, _backwards in left]}"


def sql(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return list(cursor.fetchall()) if cursor.description else []


def grants(*relations: str) -> list[tuple[Any, ...]]:
    """The privileges on these tables or sequences held by roles other than their owner."""
    return sql(
        "SELECT a.grantee::regrole::text, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.oid = ANY(%s::regclass[]) AND a.grantee <> c.relowner ORDER BY 1, 2",
        [list(relations)],
    )


def _relations(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "Relation Name" in node and node.get("Node Type") != "ModifyTable":
            yield node["Relation Name"]
        for value in node.values():
            yield from _relations(value)
    elif isinstance(node, list):
        for value in node:
            yield from _relations(value)


def tables_read(sql_text: str, params: Any, prefix: str) -> set[str]:
    """The tables whose names start with ``prefix`` that a statement's plan reads (PostgreSQL's
    ``EXPLAIN (FORMAT JSON)``: planned, not run)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql_text}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {name for name in _relations(plan) if name.startswith(prefix)}


def query_reads(queryset: Any, prefix: str) -> set[str]:
    """``tables_read`` of a queryset's statement."""
    statement, params = queryset.query.sql_with_params()
    return tables_read(statement, params, prefix)


def until_waiting_on_a_lock(cursor: Any, failure: str) -> None:
    """Return once another session of this database waits on a lock (a second transaction,
    blocked by the caller's); ``failure`` is the assertion's message should none ever wait."""
    for _ in range(6000):  # a bound, never reached when the second transaction starts at all
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh inside the caller's transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid() AND datname = current_database()"
        )
        if cursor.fetchone()[0]:
            return
        time.sleep(0.01)
    raise AssertionError(failure)
