"""PostgreSQL's floor for a category payment: what the database alone needs for the same rows.

- ``floor_read``: the registry's queries the selection runs (``komek.legislation.population``'s own
  SQL, for the variables the programme uses), each copied out with ``COPY ... TO STDOUT`` and
  thrown away: no parsing, no frames, no rules.
- ``floor_write``: every row the timed steps wrote (``mark`` before them: each table's highest id),
  written again with one ``INSERT ... SELECT`` per table into an empty table of the same columns,
  defaults, constraints and indexes (``LIKE ... INCLUDING ALL``), in one transaction: no checks, no
  Python, no foreign keys to verify.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction


def _tables() -> list[str]:
    """The tables of the schema with an integer ``id`` column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_name = c.table_name "
            "AND t.table_schema = c.table_schema WHERE c.table_schema = current_schema() "
            "AND c.column_name = 'id' AND t.table_type = 'BASE TABLE' "
            "AND c.data_type IN ('bigint', 'integer') ORDER BY c.table_name"
        )
        return [row[0] for row in cursor.fetchall()]


def mark() -> dict[str, int]:
    """Each table's highest id now."""
    out = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 (catalogue names)
            out[table] = int(cursor.fetchone()[0])
    return out


def floor_write(before: dict[str, int]) -> tuple[dict[str, int], float]:
    """The rows written since ``before``, written again into empty copies of their tables; returns
    the rows per table and the seconds the inserts took (the copies are dropped)."""
    written: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table, last in before.items():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE id > %s', [last])  # noqa: S608
            count = int(cursor.fetchone()[0])
            if count:
                written[table] = count
    seconds = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table in written:
            cursor.execute(f'CREATE TABLE "floor_{table}" (LIKE "{table}" INCLUDING ALL)')
        started = time.perf_counter()
        for table in written:
            cursor.execute(
                f'INSERT INTO "floor_{table}" SELECT * FROM "{table}" WHERE id > %s',  # noqa: S608
                [before[table]],
            )
        seconds = time.perf_counter() - started
        for table in written:
            cursor.execute(f'DROP TABLE "floor_{table}"')
    return written, seconds


def floor_read(*, on: dt.date, prefix: str, programme: str) -> int:
    """The selection's registry queries copied out and thrown away; returns the rows read."""
    from komek.legislation.loader import application_engine
    from komek.legislation.population import registry_queries

    versions = application_engine().in_force(on, [programme])
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in registry_queries(on=on, prefix=prefix, programmes=versions):
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
                for chunk in copy:  # text format: one line a row
                    rows += bytes(chunk).count(b"\n")
    return rows
