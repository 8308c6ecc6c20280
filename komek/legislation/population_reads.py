"""What of the registry a calculation must read, found from the rules engine itself.

``registry_population`` reads persons and families always; statuses, incomes and the rest only for
the variables the programmes name (``Programme.names()``). Which registry columns a variable is
computed from is not listed by hand: its formula (``komek.rules.variables``) is run once over a
one-family population whose frames note each column read. A rule without an income test reads no
incomes; a rule testing veterans' statuses reads the veteran statuses only.

A person programme whose every variable comes from statuses, and a condition of which is false for
a person holding none of them whatever the parameters (three-valued logic: an unknown parameter is
null, ``false and null`` is false), can be eligible only to persons holding one of those statuses:
the read then keeps those persons and their families (``Reads.holders``) — thousands of a city's
million.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from komek.registry import choices as codes
from komek.rules.catalogue import VARIABLES
from komek.rules.parameters import load_parameters
from komek.rules.population import FAMILY_SCHEMA, PERSON_SCHEMA, Population
from komek.rules.variables import FAMILY_FORMULAS, Families, Persons

if TYPE_CHECKING:
    from komek.rules.programmes import Programme

PROBE_ON = dt.date(2024, 7, 1)
# The columns a person's statuses give (``registry_population`` fills them from status rows).
FROM_STATUSES = frozenset({"persons.statuses", "persons.disability_group"})


@dataclass(frozen=True)
class Reads:
    """What the registry read includes besides persons and families: the incomes of the reference
    quarter or not; the status kinds (``None``: every kind, empty: none); with ``holders`` only the
    persons holding a status of those kinds on the date, and their families."""

    incomes: bool = True
    kinds: frozenset[str] | None = None
    holders: bool = False


EVERYTHING = Reads()


class _Recorded:
    """A frame that notes each column read from it (``<name>.*`` for any other use)."""

    def __init__(self, frame: pl.DataFrame, name: str, seen: set[str]) -> None:
        self._frame, self._name, self._seen = frame, name, seen
        self.height, self.columns = frame.height, frame.columns

    def __getitem__(self, column: str) -> Any:
        self._seen.add(f"{self._name}.{column}")
        return self._frame[column]

    def __getattr__(self, attribute: str) -> Any:
        self._seen.add(f"{self._name}.*")
        return getattr(self._frame, attribute)


@functools.cache
def inputs(name: str) -> frozenset[str]:
    """The columns the engine's variable ``name`` is computed from (``incomes.amount``,
    ``persons.statuses``, ``families.region``, ...): its formula run over one family whose frames
    note what is read. A formula the probe cannot run reads everything (``*``)."""
    if name not in FAMILY_FORMULAS and name in FAMILY_SCHEMA:
        return frozenset({f"families.{name}"})  # a column of the families frame itself (region)
    person = {"person_id": 1, "family_id": 1, "birth_date": dt.date(1950, 1, 1), "sex": "male",
              "disability_group": None, "statuses": []}  # fmt: skip
    family = {"family_id": 1, "region": "750000000", "dwellings": 1, "cars": 0, "area_m2": 40.0,
              "housing_costs": 0.0, "circumstances": []}  # fmt: skip
    seen: set[str] = set()
    frames: dict[str, Any] = {
        what: _Recorded(frame, what, seen)
        for what, frame in (
            ("persons", pl.DataFrame([person], schema=PERSON_SCHEMA)),
            ("families", pl.DataFrame([family], schema=FAMILY_SCHEMA)),
            ("incomes", Population.empty_incomes()),
            ("receipts", Population.empty_receipts()),
        )
    }
    try:
        persons = Persons(frames["persons"], frames["incomes"], PROBE_ON, load_parameters())
        families = Families(frames["families"], persons, frames["receipts"])
        seen.clear()
        (persons if VARIABLES[name].entity == "person" else families)[name]  # type: ignore[index]
    except Exception:  # noqa: BLE001 (a formula the probe cannot run: read everything for it)
        return frozenset({"*"})
    return frozenset(seen)


def reads_for(
    programmes: Sequence[Programme] | None, status_map: Mapping[tuple[str, str | None], tuple[str, ...]]
) -> Reads:
    """What the registry read needs for ``programmes`` (``None``: everything), the engine's status
    flags coming from the registry's statuses by ``status_map``."""
    if programmes is None:
        return EVERYTHING
    by_flag: dict[str, set[str]] = {}  # the status kinds each flag comes from
    for (kind, _category), flags in status_map.items():
        for flag in flags:
            by_flag.setdefault(flag, set()).add(kind)
    incomes, kinds = False, set()
    for name in set().union(*(p.names() for p in programmes)):
        if name not in VARIABLES:
            continue  # a parameter
        used = inputs(name)
        if used & {"*", "persons.*", "families.*"}:  # read in a way the probe cannot follow
            return EVERYTHING
        incomes = incomes or any(u.startswith("incomes.") for u in used)
        if "persons.statuses" in used:
            flag = name.removeprefix("count_")
            if flag not in by_flag:
                return EVERYTHING
            kinds |= by_flag[flag]
        if "persons.disability_group" in used:
            kinds.add(codes.StatusKind.DISABILITY)
        if "families.circumstances" in used:
            kinds.add(codes.StatusKind.CIRCUMSTANCE)
    holders = bool(programmes) and bool(kinds) and all(_holders_only(p) for p in programmes)
    return Reads(incomes=incomes, kinds=frozenset(kinds), holders=holders)


def _holders_only(programme: Programme) -> bool:
    """Whether only a person holding one of the statuses the programme tests can be eligible: a
    person programme of variables from statuses only, one of whose conditions is false (not
    unknown) for a person holding none of them, whatever the parameters."""
    variables = {n for n in programme.names() if n in VARIABLES}
    if programme.entity != "person" or any(
        VARIABLES[n].entity != "person" or not inputs(n) <= FROM_STATUSES for n in variables
    ):
        return False
    row = {n: pl.lit(False) for n in variables}
    row |= {n: pl.lit(None, dtype=pl.Float64) for n in programme.names() - variables}
    frame = pl.DataFrame({"probe": [0]}).with_columns(**row)
    for condition in programme.conditions:
        try:
            value = frame.select(condition.compiled.expr.alias("c")).item()
        except Exception:  # noqa: BLE001, S112 (a condition that cannot run on the probe decides nothing)
            continue
        if value is False:
            return True
    return False
