"""Several aggregates over different tables read in one SQL statement.

A report's section counts a year from several tables (the enrolments, the events, the participants,
the contests...): each count is one aggregate row, and asked one by one they cost a round trip each.
:func:`read` puts them side by side in one ``SELECT`` — each part a subquery of one row, joined —
so a section costs one query whatever the number of its tables, on SQLite and PostgreSQL alike.

A part is either :func:`totals` (aggregates of a queryset, as ``queryset.aggregate(...)`` would
give them) or :func:`distinct` (how many distinct values some querysets hold together, as a
``UNION`` counted). Grouped counts become a part through conditional aggregates over the known
values of the group (``Count("id", filter=Q(status=s))`` for each status).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Value


@dataclass(frozen=True)
class Part:
    """One subquery of one row: its SQL, parameters and the names of its columns, in order."""

    sql: str
    params: tuple[Any, ...]
    names: tuple[str, ...]


def totals(queryset: QuerySet[Any], **aggregates: Any) -> Part:
    """The aggregates of ``queryset`` (one row, also over no rows: counts 0, sums ``None``)."""
    if not aggregates:
        raise ValueError("A part needs at least one aggregate.")
    # Grouped by a constant, the rows form one group: Django leaves a constant out of GROUP BY, so
    # the query is a plain aggregate of one row, written by the ORM with its joins and filters.
    # The columns are named v0, v1...: a name of the caller's could be a field's ("jobs" summing the
    # field jobs), which the ORM would take for the aggregate itself.
    columns = {f"v{i}": aggregate for i, aggregate in enumerate(aggregates.values())}
    one = queryset.order_by().annotate(_one=Value(1)).values("_one").annotate(**columns)
    sql, params = one.values(*columns).query.sql_with_params()
    return Part(sql, tuple(params), tuple(aggregates))


def distinct(name: str, *querysets: QuerySet[Any]) -> Part:
    """How many distinct values the querysets (each ``.values()`` of one column) hold together."""
    first, *rest = (qs.order_by() for qs in querysets)
    sql, params = (first.union(*rest) if rest else first.distinct()).query.sql_with_params()
    return Part(f"SELECT COUNT(*) AS n FROM ({sql}) AS u", tuple(params), (name,))  # noqa: S608 (the ORM's SQL)


def read(**parts: Part) -> dict[str, dict[str, Any]]:
    """Every part in one statement: ``{part: {name: value}}``."""
    if not parts:
        return {}
    names = list(parts)
    sql = " CROSS JOIN ".join(f"({parts[n].sql}) AS t{i}" for i, n in enumerate(names))
    params = [p for n in names for p in parts[n].params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {sql}", params)  # noqa: S608 (the ORM's own SQL, parameters apart)
        row = cursor.fetchone()
    values = iter(row)
    return {n: {column: next(values) for column in parts[n].names} for n in names}
