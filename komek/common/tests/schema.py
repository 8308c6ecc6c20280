"""Steps of the migration tests: take the schema back to a state, read it with plain SQL, and bring
the whole schema forward again.

Taking one app back unapplies every migration of any app that depends on the migrations undone (the
employment centre's tables depend on the audit log's partitioning, for one), so the schema is
restored to every leaf of the migration graph, never to the leaves of the apps a test names: a test
that restored only its own apps left later tests of the same worker without their columns.
"""

from __future__ import annotations

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
