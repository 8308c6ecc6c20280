"""The database's checks of a bulk assignment (``bulk.py``), over its rows staged in ``STAGING``.

Each check is one statement over every row: the ids through the primary keys (``= ANY(ARRAY(...))``
on PostgreSQL, never a scan of the registry), an error naming the first rows and how many.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import Assignment
from komek.common import bulk_sql
from komek.common.errors import DomainError
from komek.registry.models import Family, Person

STAGING = "benefits_bulk_assignments"
SHOWN = 5  # rows named in an error; the count says how many there are


def _rows_of(sql: str, params: list[Any]) -> tuple[int, list[str]]:
    """How many staged rows ``sql`` (``SELECT t.row ...``) finds, and the first of them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT x.row, COUNT(*) OVER () FROM ({sql}) x ORDER BY x.row LIMIT {SHOWN}", params)  # noqa: S608
        found = cursor.fetchall()
    return (int(found[0][1]) if found else 0), [str(r[0]) for r in found]


def _held(table: str, column: str, *, only: str = "", lock: bool = False) -> bool:
    """Whether ``table`` holds every id of the staged ``column`` (its rows locked with ``lock``, as
    ``assignment_create`` locks its beneficiary; SQLite has one writer at a time). The ids are
    looked up through the primary key, never a scan of the registry."""
    ids = f"SELECT DISTINCT {column} FROM {STAGING} WHERE {column} IS NOT NULL{only}"  # noqa: S608 (constants)
    postgresql = bulk_sql.vendor() == "postgresql"
    found = f"x.id = ANY(ARRAY({ids}))" if postgresql else f"x.id IN ({ids})"
    locked = " FOR UPDATE" if lock and postgresql else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} x WHERE {found}{locked}) l")  # noqa: S608
        held = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT COUNT(*) FROM ({ids}) d")  # noqa: S608 (constants)
        return held == int(cursor.fetchone()[0])


def check_registry(
    once_per: set[str], programme: str, start: dt.date, end: dt.date, *, families: bool, others: bool
) -> None:
    """For every staged row at once: the beneficiaries exist (and are locked against a concurrent
    ``assignment_create``), no open assignment of the programme overlaps the period, and a "once"
    assistance was not given before. ``families``: some rows name a family; ``others``: some rows'
    recipient is not their beneficiary person."""
    persons, table = Person._meta.db_table, Assignment._meta.db_table
    columns = ((persons, "person_id"), (persons, "recipient_id"), (Family._meta.db_table, "family_id"))
    held = [_held(persons, "person_id", only=" AND family_id IS NULL", lock=True)]
    if families:
        held += [_held(Family._meta.db_table, "family_id", lock=True), _held(persons, "person_id")]
    if others or families:
        held.append(_held(persons, "recipient_id"))
    checks: list[tuple[str, list[Any], str, str]] = []
    if not all(held):  # name the rows: one lookup per row, only when some id is missing
        absent = " OR ".join(
            f"(t.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {where} x WHERE x.id = t.{column}))"  # noqa: S608
            for where, column in columns
        )
        unknown = _("Rows %(rows)s (%(n)d in all) name a person or family the registry does not hold.")
        checks.append((f"SELECT t.row FROM {STAGING} t WHERE {absent}", [], unknown, "unknown"))  # noqa: S608
    same = (
        "(t.family_id IS NOT NULL AND a.family_id = t.family_id) OR "
        "(t.family_id IS NULL AND a.family_id IS NULL AND a.person_id = t.person_id)"
    )
    checks.append(
        (
            f"SELECT t.row FROM {STAGING} t WHERE EXISTS (SELECT 1 FROM {table} a WHERE a.programme = %s "  # noqa: S608
            f"AND ({same}) AND a.status IN (%s, %s) AND a.period_start <= %s AND a.period_end >= %s "
            "AND (a.terminated_on IS NULL OR a.terminated_on > %s))",
            [programme, AssignmentStatus.ACTIVE, AssignmentStatus.SUSPENDED, end, start, start],
            _("Rows %(rows)s (%(n)d in all): the period overlaps an assignment of the same programme."),
            "overlap",
        )
    )
    if once_per:
        checks.append(
            (
                f"SELECT t.row FROM {STAGING} t WHERE EXISTS (SELECT 1 FROM {table} a "  # noqa: S608
                f"WHERE a.programme = %s AND ({_once_scope(once_per)}))",
                [programme],
                _("Rows %(rows)s (%(n)d in all): this assistance is given once and was given already."),
                "once_per",
            )
        )
    for sql, params, message, code in checks:
        count, rows = _rows_of(sql, params)
        if count:
            raise DomainError(
                message % {"rows": ", ".join(map(str, rows)), "n": count}, field="rows", code=code
            )


def _once_scope(once_per: set[str]) -> str:
    """``check_once_per``'s scope as SQL over a staged row ``t`` and an earlier assignment ``a``."""
    if "household" in once_per:
        return (
            "a.family_id = t.family_id OR a.person_id = t.person_id OR a.family_id IN "
            "(SELECT m.family_id FROM registry_membership m WHERE m.person_id = t.person_id) "
            "OR a.person_id IN "
            "(SELECT m.person_id FROM registry_membership m WHERE m.family_id = t.family_id)"
        )
    return (
        "(t.person_id IS NOT NULL AND a.person_id = t.person_id) OR "
        "(t.person_id IS NULL AND a.family_id = t.family_id)"
    )
