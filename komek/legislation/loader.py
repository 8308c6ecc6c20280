"""The engine of the application: the shipped legislation (YAML) plus what administrators entered.

Parameter values entered in the database join the shipped ones (the lookup rule picks the value in
force); a value entered again for the same name, region, purpose and date (allowed only before the
date arrives) replaces the earlier one. Council decisions apply in the order they were entered,
each from its date, ending the versions of its code it overlaps (``komek.rules.reform.supersede``);
a retirement ends a decision from its date.

Building the engine takes tens of milliseconds, so it is kept per process and rebuilt when the
records change: every call compares the newest record ids with those it was built from (one small
query), which holds across the processes of a server as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
from typing import Any

from django.db import connection

from komek.legislation.models import ParameterValueRecord, ProgrammeRetirement, ProgrammeVersion
from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError
from komek.rules.parameters import ParameterTable, ParameterValue, load_parameters
from komek.rules.programmes import Programme, parse_programme, read_programme_documents
from komek.rules.reform import supersede

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Engine] | None = None


@functools.cache
def shipped_parameters() -> ParameterTable:
    return load_parameters()


@functools.cache
def shipped_documents() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple(read_programme_documents())


@functools.cache
def shipped_engine() -> Engine:
    """The legislation as shipped, without the database (the command line's default)."""
    table = shipped_parameters()
    names = namespace(table)
    return Engine(table, [parse_programme(doc, names, source=src) for src, doc in shipped_documents()])


def _token() -> tuple[Any, ...]:
    tables = [m._meta.db_table for m in (ParameterValueRecord, ProgrammeVersion, ProgrammeRetirement)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(id) FROM {t})" for t in tables))  # noqa: S608
        return tuple(cursor.fetchone())


def application_engine() -> Engine:
    """The engine with every record entered so far (rebuilt only when one was added)."""
    global _cached
    token = _token()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == token:
            return _cached[1]
        engine = build_engine()
        _cached = (token, engine)
        return engine


def invalidate() -> None:
    global _cached
    _cached = None


def record_value(record: ParameterValueRecord, unit: str = "") -> ParameterValue:
    return ParameterValue(
        name=record.name, value=record.value, valid_from=record.valid_from, valid_to=record.valid_to,
        region=record.region, purpose=record.purpose, reference=record.reference, unit=unit,
    )  # fmt: skip


def parameter_table(records: list[ParameterValueRecord] | None = None) -> ParameterTable:
    shipped = shipped_parameters()
    records = list(ParameterValueRecord.objects.order_by("created_at", "id")) if records is None else records
    values: dict[tuple[str, str, str, dt.date], ParameterValue] = {
        (v.name, v.region, v.purpose, v.valid_from): v for v in shipped.all_values()
    }
    for record in records:  # a later record for the same key replaces the earlier value
        unit = shipped.definitions[record.name].unit if record.name in shipped.definitions else ""
        value = record_value(record, unit)
        values[(value.name, value.region, value.purpose, value.valid_from)] = value
    return ParameterTable(values.values(), shipped.definitions.values())


def version_programme(version: ProgrammeVersion, names: dict[str, Any]) -> Programme | None:
    """The programme of a stored decision, as far as it is in force (None: retired from its start)."""
    try:
        programme = parse_programme(version.document, names, source=f"decision #{version.pk}")
    except RulesError as exc:
        raise RulesError(
            f"The council decision #{version.pk} ({version.code}) no longer reads: {exc}"
        ) from None
    retirement = getattr(version, "retirement", None)
    if retirement is None:
        return programme
    if retirement.effective_from <= programme.valid_from:
        return None
    end = retirement.effective_from - dt.timedelta(days=1)
    if programme.valid_to is None or programme.valid_to > end:
        programme = dataclasses.replace(programme, valid_to=end)
    return programme


def build_engine() -> Engine:
    table = parameter_table()
    names = namespace(table)
    programmes = [parse_programme(doc, names, source=src) for src, doc in shipped_documents()]
    for version in ProgrammeVersion.objects.select_related("retirement").order_by("created_at", "id"):
        programme = version_programme(version, names)
        if programme is not None:
            programmes = supersede(programmes, programme)
    return Engine(table, programmes)
