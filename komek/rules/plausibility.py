"""Whether a parameter's value is plausible for its unit: the bounds of sense of ``data/units.yaml``
and the factor a value may differ by from the value of the same parameter in force next to it.

Pure: the legislation context words the reason in the user's language from the :class:`Implausible`
returned here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from komek.rules.parameters import ParameterValue

UNITS = Path(__file__).parent / "data" / "units.yaml"


@dataclass(frozen=True)
class Bounds:
    low: Decimal
    high: Decimal
    low_exclusive: bool
    label: dict[str, str]
    neighbours: bool = True  # False for a code, whose values have no ratio

    def unit_label(self, language: str) -> str:
        return self.label.get(language) or self.label.get("en") or ""


@dataclass(frozen=True)
class Implausible:
    """Why a value is refused: ``below`` or ``above`` the unit's bounds, or a ``jump`` from the
    value in force next to it (``neighbour``) by more than ``factor``."""

    kind: str
    bounds: Bounds
    neighbour: ParameterValue | None = None
    factor: Decimal = Decimal(0)


@functools.cache
def _data() -> dict[str, object]:
    return dict(yaml.safe_load(UNITS.read_text(encoding="utf-8")))


def _bounds(row: dict[str, object]) -> Bounds:
    label = row.get("label") or {}
    return Bounds(
        low=Decimal(str(row["min"])),
        high=Decimal(str(row["max"])),
        low_exclusive=bool(row.get("min_exclusive", False)),
        label={str(k): str(v) for k, v in dict(label).items()},  # type: ignore[call-overload]
        neighbours=bool(row.get("neighbours", True)),
    )


def bounds(unit: str) -> Bounds:
    """The bounds of a unit (those of a parameter without a unit when the unit is not listed)."""
    units = _data()["units"]
    assert isinstance(units, dict)
    row = units.get(unit) or _data()["default"]
    assert isinstance(row, dict)
    return _bounds(row)


def neighbour_factor() -> Decimal:
    return Decimal(str(_data()["neighbour_factor"]))


def _jump(value: Decimal, other: Decimal, factor: Decimal) -> bool:
    if value <= 0 or other <= 0:
        return False  # a zero (no floor, no share) has no ratio to compare
    return value > other * factor or other > value * factor


def implausible(
    value: Decimal, *, unit: str, valid_from: dt.date, neighbours: Iterable[ParameterValue] = ()
) -> Implausible | None:
    """Why ``value`` from ``valid_from`` is not plausible, or None. ``neighbours`` are the values of
    the same parameter, region and purpose: the nearest before the date and the nearest after it
    are compared with ``value``."""
    limits = bounds(unit)
    if value < limits.low or (limits.low_exclusive and value == limits.low):
        return Implausible("below", limits)
    if value > limits.high:
        return Implausible("above", limits)
    rows = sorted(neighbours, key=lambda v: v.valid_from)
    before = [v for v in rows if v.valid_from < valid_from]
    after = [v for v in rows if v.valid_from > valid_from]
    factor = neighbour_factor()
    for near in (before[-1:] + after[:1]) if limits.neighbours else []:
        if _jump(value, near.value, factor):
            return Implausible("jump", limits, neighbour=near, factor=factor)
    return None
