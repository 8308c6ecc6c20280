"""The frames a calculation evaluates programmes on, built from the computed variables.

``family_frame`` and ``person_frame`` select the variables a calculation needs over the rows of a
jurisdiction; ``person_variables`` and ``family_variables`` give every variable of a population (the
benchmarks and the registry's exports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import polars as pl

from komek.rules.catalogue import VARIABLES
from komek.rules.parameters import ParameterTable
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS, Population
from komek.rules.variables import Families, Persons, Values


def _take(values: Values, rows: np.ndarray | None) -> Values:
    if rows is None:
        return values
    return values.gather(rows) if isinstance(values, pl.Series) else values[rows]


def family_frame(families: Families, names: Iterable[str], rows: np.ndarray | None = None) -> pl.DataFrame:
    """``family_id``, ``region`` and the family variables ``names`` of the families at ``rows`` of
    the families frame (by default every family with members)."""
    rows = families.rows if rows is None else rows
    columns: dict[str, Values] = {name: _take(families.frame[name], rows) for name in ("family_id", "region")}
    columns.update({name: _take(families[name], rows) for name in sorted(set(names) - {"region"})})
    return pl.DataFrame(columns)


def person_frame(
    families: Families,
    person_names: Iterable[str],
    family_names: Iterable[str],
    members: np.ndarray | None = None,
) -> pl.DataFrame:
    """``person_id``, ``family_id``, ``region``, the person variables ``person_names`` and their
    family's variables ``family_names``, for the persons whose family is in the frame (or those of
    them at ``members``: positions among such persons, as in ``Families.family_of``)."""
    persons = families.persons
    family_of = families.family_of if members is None else families.family_of[members]

    def own(values: np.ndarray) -> np.ndarray:
        return _take(families.members(values), members)  # type: ignore[return-value]

    columns: dict[str, Values] = {"person_id": own(persons.frame["person_id"].to_numpy())}
    columns.update({name: _take(families.frame[name], family_of) for name in ("family_id", "region")})
    columns.update({name: own(persons[name]) for name in sorted(set(person_names))})
    columns.update(
        {name: _take(families[name], family_of) for name in sorted(set(family_names) - {"region"})}
    )
    return pl.DataFrame(columns)


def person_variables(
    population: Population, on: dt.date, parameters: ParameterTable, needed: Iterable[str]
) -> pl.LazyFrame:
    """The persons frame with every person variable on ``on`` (status flags only those ``needed``)."""
    wanted = set(needed)
    persons = Persons(population.persons, population.incomes, on, parameters)
    names = [
        name
        for name, variable in VARIABLES.items()
        if variable.entity == "person"
        and (name not in STATUS_FLAGS or name in wanted or f"count_{name}" in wanted)
    ]
    return population.persons.with_columns(pl.Series(name, persons[name]) for name in names).lazy()


def family_variables(
    population: Population, persons: pl.LazyFrame, on: dt.date, needed: Iterable[str]
) -> pl.LazyFrame:
    """Every family variable (counts and circumstances only those ``needed``), aggregated from
    ``persons`` as ``person_variables`` gives them."""
    wanted = set(needed)
    persons_now = Persons(persons.collect(), population.incomes, on, None)  # type: ignore[arg-type]
    families = Families(population.families, persons_now, population.receipts)
    names = [
        name
        for name, variable in VARIABLES.items()
        if variable.entity == "family"
        and (not (name.startswith("count_") or name in CIRCUMSTANCES) or name in wanted)
    ]
    return family_frame(families, names).lazy()
