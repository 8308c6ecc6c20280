"""Set-based writing of Polars frames into the database, for imports and demo data.

PostgreSQL gets ``COPY ... FROM STDIN`` (psycopg 3) fed with CSV that Polars writes in one go;
SQLite gets ``executemany`` in large batches. Either way there is no query per record, and the
callers run everything inside one transaction so that a crash leaves nothing half-written.

Column lists are taken from the models' metadata, so a field another change adds with a default
is filled with that default rather than breaking the bulk paths; a new required field without a
default makes these inserts fail loudly (and the tests with them).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, models
from django.db.transaction import TransactionManagementError

COPY_SLICE_ROWS = 200_000
SQLITE_BATCH_ROWS = 50_000


def vendor() -> str:
    return str(connection.vendor)


def qn(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _sql_type(dtype: pl.DataType | type[pl.DataType]) -> str:
    if dtype == pl.Date:
        return "date"
    if dtype.is_integer():
        return "bigint"
    if dtype.is_float():
        return "double precision" if vendor() == "postgresql" else "real"
    if dtype.is_decimal():
        return "numeric"
    if dtype == pl.Boolean:
        return "boolean"
    return "text"


def create_temp_table(name: str, schema: Mapping[str, pl.DataType | type[pl.DataType]]) -> None:
    """(Re)create a session-local table shaped like a frame; dropped by ``drop_temp_table``."""
    columns = ", ".join(f"{qn(col)} {_sql_type(dtype)}" for col, dtype in schema.items())
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {qn(name)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {qn(name)} ({columns})")


def drop_temp_table(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {qn(name)}")


def load_frame(table: str, frame: pl.DataFrame, *, analyze: bool = False) -> None:
    """Append a frame's rows to a table whose column names match the frame's (set-based).

    ``analyze`` gives PostgreSQL statistics of a freshly filled staging table, so that the joins
    over it are planned for its real size (an unanalysed temporary table is guessed at).
    """
    if frame.height == 0:
        return
    columns = ", ".join(qn(c) for c in frame.columns)
    if vendor() == "postgresql":
        _copy_frame(table, columns, frame)
        if analyze:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {qn(table)}")
    else:
        _executemany_frame(table, columns, frame)


def _copy_frame(table: str, columns: str, frame: pl.DataFrame) -> None:
    # In COPY's CSV format an unquoted empty field is NULL and "" is an empty string; Polars
    # writes exactly that (nulls as nothing, empty strings quoted).
    sql = f"COPY {qn(table)} ({columns}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for offset in range(0, frame.height, COPY_SLICE_ROWS):
            buffer = io.BytesIO()
            frame.slice(offset, COPY_SLICE_ROWS).write_csv(buffer, include_header=False, null_value="")
            copy.write(buffer.getvalue())


def _executemany_frame(table: str, columns: str, frame: pl.DataFrame) -> None:
    # SQLite keeps dates as ISO text, which is what a cast to string gives.
    text_dates = frame.with_columns(pl.col(pl.Date).cast(pl.String))
    placeholders = ", ".join(["%s"] * frame.width)
    sql = f"INSERT INTO {qn(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (quoted names)
    with connection.cursor() as cursor:
        for offset in range(0, frame.height, SQLITE_BATCH_ROWS):
            cursor.executemany(sql, text_dates.slice(offset, SQLITE_BATCH_ROWS).rows())


def reserve_ids(model: type[models.Model], count: int, *, exclusive: bool = False) -> np.ndarray:
    """Primary keys for ``count`` new rows, taken before insertion so that children can refer to them.

    PostgreSQL draws them from the table's sequence, one ``nextval`` each (safe with concurrent
    inserts, a few microseconds per id); with ``exclusive`` (the caller holds the table locked,
    see ``indexes_built_at_end``) the whole range is taken at once with ``setval``. SQLite has one
    writer at a time (transactions are IMMEDIATE), so the next free numbers are safe there.
    """
    if count == 0:
        return np.empty(0, dtype=np.int64)
    table = model._meta.db_table
    pk = str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if vendor() == "postgresql" and exclusive:
            sequence = "pg_get_serial_sequence(%s, %s)"
            cursor.execute(
                f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)", [table, pk, table, pk, count]
            )
            last = int(cursor.fetchone()[0])
            return np.arange(last - count + 1, last + 1, dtype=np.int64)
        if vendor() == "postgresql":
            # Drawn in one statement; they come out consecutive unless another session drew at the
            # same time, and only then are they all fetched.
            draw = "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS v FROM generate_series(1, %s)"
            cursor.execute(f"CREATE TEMPORARY TABLE komek_ids AS {draw}", [table, pk, count])
            cursor.execute("SELECT MIN(v), MAX(v) FROM komek_ids")
            low, high = cursor.fetchone()
            if high - low + 1 == count:
                ids = np.arange(low, high + 1, dtype=np.int64)
            else:
                cursor.execute("SELECT v FROM komek_ids ORDER BY v")
                ids = np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64, count=count)
            cursor.execute("DROP TABLE komek_ids")
            return ids
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}")  # noqa: S608 (model metadata)
        highest = int(cursor.fetchone()[0])
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, int(row[0]) if row else 0)
    return np.arange(highest + 1, highest + 1 + count, dtype=np.int64)


def field_defaults(model: type[models.Model], *, given: Sequence[str], now: Any) -> dict[str, Any]:
    """Database-ready values for every column of ``model`` that the caller does not supply.

    Auto-now timestamps get ``now``; other fields their default (Django's: "" for text, None
    otherwise, so a required field without a default fails loudly in the database).
    """
    out: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.column is None or field.column in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        out[field.column] = field.get_db_prep_save(value, connection)
    return out


def insert_select(
    model: type[models.Model],
    *,
    select: Mapping[str, str],
    source: str,
    now: Any,
    params: Sequence[Any] = (),
    order_by: str = "",
) -> int:
    """``INSERT INTO model (...) SELECT ... FROM source``; returns the number of rows inserted.

    ``select`` maps column names of the model's table to SQL expressions over ``source``; the
    model's remaining columns are filled by ``field_defaults``.
    """
    constants = field_defaults(model, given=list(select), now=now)
    columns = [*select, *constants]
    expressions = [*select.values(), *(["%s"] * len(constants))]
    # Names come from model metadata and expressions from this codebase; values go as parameters.
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    if order_by:
        sql += f" ORDER BY {order_by}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *constants.values()])
        return int(cursor.rowcount)


def copy_into_model(model: type[models.Model], frame: pl.DataFrame, *, now: Any) -> None:
    """Write a frame straight into a model's table (columns named as the table's), defaults added.

    For generated data that is valid by construction (the demo population): no staging needed.
    """
    constants = field_defaults(model, given=frame.columns, now=now)
    extra = [pl.lit(_frame_value(value)).alias(column) for column, value in constants.items()]
    load_frame(model._meta.db_table, frame.with_columns(extra) if extra else frame)


def _frame_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def may_rebuild(tables: Sequence[type[models.Model]]) -> bool:
    """Whether this connection may drop and rebuild the tables' indexes (``indexes_built_at_end``):
    on PostgreSQL only their owner may; the application's own role (ADR 0024) loads through the
    live indexes instead."""
    if vendor() != "postgresql":
        return True
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE')) FROM pg_class "
            "WHERE relnamespace = to_regnamespace(current_schema()) AND relname = ANY(%s)",
            [names],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@contextlib.contextmanager
def indexes_built_at_end(tables: Sequence[type[models.Model]]) -> Iterator[None]:
    """On PostgreSQL, load tables without their secondary indexes and keys, then rebuild them.

    Maintaining nine indexes of the persons table and checking every foreign key row by row (a
    trigger per row) is most of the cost of loading millions of rows. As the PostgreSQL manual
    advises for bulk loads, foreign keys, unique constraints and secondary indexes are dropped
    and recreated from their exact definitions afterwards: an index built in one pass is several
    times cheaper, and adding a foreign key validates the whole table with one join. It all
    happens inside the caller's transaction, so a failure restores everything. The tables are
    locked against other sessions meanwhile: this is for loads into a young database, never for
    imports into a registry in use. Primary keys that other tables refer to stay.
    """
    if vendor() != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise TransactionManagementError("indexes_built_at_end needs an atomic block")
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        # Other sessions may read but not write until the commit (ids can then be taken in ranges).
        cursor.execute(f"LOCK TABLE {', '.join(qn(n) for n in names)} IN EXCLUSIVE MODE")
    # Catalogue queries: the only variable part is a parameter; ``here`` is a constant.
    here = "t.relnamespace = to_regnamespace(current_schema()) AND t.relname = ANY(%s)"
    with connection.cursor() as cursor:
        # ALTER TABLE refuses tables with deferred checks pending (rows written earlier in the
        # transaction): run those checks now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Foreign keys ('f') are dropped before primary keys ('p') and unique constraints ('u') and
        # added back after them. A primary key stays when a foreign key of another table needs it.
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid), c.contype FROM pg_constraint c "  # noqa: S608
            # A key to a partitioned table has a clone per partition (``conparentid``), which goes
            # and comes back with it.
            f"JOIN pg_class t ON t.oid = c.conrelid WHERE {here} AND c.conparentid = 0 "
            "AND (c.contype IN ('f', 'u') OR "
            "(c.contype = 'p' AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = t.oid))) "
            "ORDER BY c.contype",
            [names],
        )
        constraints = cursor.fetchall()
        # An index that backs a constraint is the constraint's, except when it only backs foreign
        # keys of the tables loaded here (an income's key to the person's ``(id, kato_code)``): those
        # keys are dropped first, so the index can go and be built once too.
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "  # noqa: S608
            "JOIN pg_class i ON i.oid = x.indexrelid "
            f"JOIN pg_class t ON t.oid = x.indrelid WHERE {here} AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid "
            "WHERE c.conindid = x.indexrelid AND NOT (c.contype = 'f' AND r.relname = ANY(%s)))",
            [names, names],
        )
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in constraints:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            # A partitioned table's index is defined ``ON ONLY`` it (its partitions' indexes are
            # attached one by one); made again in one statement, it is made on every partition.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
        for table, name, definition, _kind in reversed(constraints):
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name in names:  # fresh statistics for the planner (and for ``estimated_rows``)
            cursor.execute(f"ANALYZE {qn(name)}")


def estimated_rows(model: type[models.Model]) -> int:
    """The planner's row estimate (PostgreSQL) or an exact count (SQLite): cheap either way."""
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(
                "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
                [model._meta.db_table],
            )
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {qn(model._meta.db_table)}")  # noqa: S608 (model metadata)
        row = cursor.fetchone()
    return int(row[0]) if row else 0
