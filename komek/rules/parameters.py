"""Dated legal parameters: a value from a date, for a region (KATO prefix) and a purpose.

Lookup rule (ARCHITECTURE.md): the most specific region wins, then the national value; within a
region the latest ``valid_from`` not after the date, among values whose optional ``valid_to`` has
not passed; a value for the asked purpose (2022: one MCI for benefits, another for fines) beats the
general one. Values ship as YAML under ``data/parameters/``, one file per parameter, each value
citing its legal source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from komek.common.periods import date_of
from komek.rules.errors import MissingParameter, RulesError

DATA_DIR = Path(__file__).parent / "data" / "parameters"
# libyaml's safe loader when PyYAML has it: the shipped legislation loads in a tenth of the time.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class ParameterValue:
    name: str
    value: Decimal
    valid_from: dt.date
    valid_to: dt.date | None = None
    region: str = ""
    purpose: str = ""
    reference: str = ""
    unit: str = ""

    def applies(self, on: dt.date, region: str) -> bool:
        return (
            self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
            and region.startswith(self.region)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _plain(self.value),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "region": self.region or None,
            "purpose": self.purpose or None,
            "reference": self.reference,
        }


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class ParameterDefinition:
    name: str
    unit: str = ""
    description: dict[str, str] = field(default_factory=dict)


class ParameterTable:
    """All values of all parameters; immutable once built (reforms build a new table)."""

    def __init__(
        self, values: Iterable[ParameterValue], definitions: Iterable[ParameterDefinition] = ()
    ) -> None:
        self._by_name: dict[str, list[ParameterValue]] = {}
        for value in values:
            self._by_name.setdefault(value.name, []).append(value)
        for rows in self._by_name.values():
            rows.sort(key=lambda v: (len(v.region), v.purpose != "", v.valid_from))
        self.definitions = {d.name: d for d in definitions}
        for name in self._by_name:
            self.definitions.setdefault(name, ParameterDefinition(name=name))

    @property
    def names(self) -> set[str]:
        return set(self._by_name)

    def values(self, name: str) -> list[ParameterValue]:
        return list(self._by_name.get(name, []))

    def all_values(self) -> list[ParameterValue]:
        return [v for rows in self._by_name.values() for v in rows]

    def find(self, name: str, on: dt.date, region: str = "", purpose: str = "") -> ParameterValue:
        rows = self._by_name.get(name)
        if rows is None:
            raise RulesError(f"Unknown parameter: {name}.")
        best: ParameterValue | None = None
        best_key: tuple[int, int, dt.date] | None = None
        for row in rows:
            if not row.applies(on, region) or row.purpose not in ("", purpose):
                continue
            key = (len(row.region), 1 if row.purpose else 0, row.valid_from)
            if best_key is None or key > best_key:
                best, best_key = row, key
        if best is None:
            raise MissingParameter(name, on, region, purpose)
        return best

    def value(self, name: str, on: dt.date, region: str = "", purpose: str = "") -> Decimal:
        return self.find(name, on, region, purpose).value

    def with_overrides(self, overrides: Iterable[ParameterValue]) -> ParameterTable:
        """A new table where each override replaces nothing but wins over older values by date."""
        return ParameterTable([*self.all_values(), *overrides], self.definitions.values())


def parse_parameter_document(
    doc: dict[str, Any], *, source: str
) -> tuple[ParameterDefinition, list[ParameterValue]]:
    name = doc.get("name")
    if not name or not isinstance(name, str):
        raise RulesError(f"{source}: a parameter file needs a 'name'.")
    definition = ParameterDefinition(
        name=name, unit=str(doc.get("unit", "")), description=doc.get("description") or {}
    )
    values = []
    for i, row in enumerate(doc.get("values") or []):
        where = f"{source}: values[{i}]"
        try:
            amount = Decimal(str(row["value"]))
        except (KeyError, ArithmeticError, ValueError):
            raise RulesError(f"{where}: 'value' must be a number.") from None
        if "from" not in row:
            raise RulesError(f"{where}: 'from' is required.")
        valid_from = date_of(row["from"], error=RulesError, where=where)
        valid_to = date_of(row["to"], error=RulesError, where=where) if row.get("to") else None
        if valid_to is not None and valid_to < valid_from:
            raise RulesError(f"{where}: 'to' is before 'from'.")
        values.append(
            ParameterValue(
                name=name,
                value=amount,
                valid_from=valid_from,
                valid_to=valid_to,
                region=str(row.get("region") or ""),
                purpose=str(row.get("purpose") or ""),
                reference=str(row.get("reference") or ""),
                unit=definition.unit,
            )
        )
    if not values:
        raise RulesError(f"{source}: parameter {name} has no values.")
    return definition, values


def load_parameters(directory: Path = DATA_DIR) -> ParameterTable:
    definitions, values = [], []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
        definition, rows = parse_parameter_document(doc, source=path.name)
        definitions.append(definition)
        values.extend(rows)
    return ParameterTable(values, definitions)
