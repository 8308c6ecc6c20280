"""The batch's paths for registries larger than one family's calculation reads in Python
(``variables.SMALL`` rows): statuses sorted once by code, conditions that narrow the rows, codes
held as enums in the population (ADR 0059). Each is held to the plain rule it replaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest

from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.parameters import load_parameters
from komek.rules.population import STATUS_FLAGS, Population
from komek.rules.variables import SMALL, Families, Persons

ON = dt.date(2020, 11, 16)
FAMILIES = 3 * SMALL  # more rows than the paths for one family read in Python


def _population(rng: np.random.Generator, area: np.ndarray, dwellings: np.ndarray) -> Population:
    """One adult per family, statuses drawn from the vocabulary and a code no programme knows."""
    codes = [*STATUS_FLAGS[:6], "not_a_status"]
    statuses = [list(rng.choice(codes, size=rng.integers(0, 4), replace=False)) for _ in range(FAMILIES)]
    persons = pl.DataFrame({
        "person_id": np.arange(1, FAMILIES + 1), "family_id": np.arange(1, FAMILIES + 1),
        "birth_date": [dt.date(1980, 1, 1)] * FAMILIES, "sex": ["female"] * FAMILIES,
        "disability_group": [None] * FAMILIES, "statuses": statuses,
    }, schema_overrides={"statuses": pl.List(pl.String), "disability_group": pl.String})  # fmt: skip
    families = pl.DataFrame({
        "family_id": np.arange(1, FAMILIES + 1), "region": ["751110000"] * FAMILIES,
        "dwellings": dwellings, "cars": [0] * FAMILIES, "area_m2": area,
        "housing_costs": [9000.0] * FAMILIES, "circumstances": [[]] * FAMILIES,
    }, schema_overrides={"circumstances": pl.List(pl.String)})  # fmt: skip
    return Population(persons, families, Population.empty_incomes()).checked()


def _rent(**overrides: Any) -> dict[str, Any]:
    doc = {
        "code": "test.rent", "title": {"en": "Test"}, "jurisdiction": "", "valid_from": "2015-01-01",
        "periodicity": "month", "entity": "family",
        "conditions": [
            {"name": "one_dwelling", "expression": "dwellings <= 1"},
            {"name": "dear", "expression": "housing_costs / area_m2 > 200"},
        ],
        "amount": "housing_costs / area_m2",
    }  # fmt: skip
    doc.update(overrides)
    return doc


def test_statuses_sorted_once_are_the_statuses_of_each_person_and_unknown_codes_are_dropped() -> None:
    rng = np.random.default_rng(7)
    population = _population(rng, np.full(FAMILIES, 40.0), np.ones(FAMILIES, dtype=np.int64))
    assert population.persons.schema["statuses"] == pl.List(pl.Enum(STATUS_FLAGS))
    lists = population.persons["statuses"].to_list()  # read as text
    assert not any("not_a_status" in codes for codes in lists)
    persons = Persons(population.persons, population.incomes, ON, load_parameters())
    for flag in STATUS_FLAGS[:7]:  # the seventh is in no list
        assert persons[flag].tolist() == [flag in codes for codes in lists], flag
    families = Families(population.families, persons)
    assert list(families["count_pensioner"]) == [float("pensioner" in c) for c in lists]


def test_conditions_that_narrow_the_rows_pay_the_same_families_as_all_conditions_at_once() -> None:
    """Most families have two dwellings, so the first condition narrows the rows; the recipients
    and amounts are those of the whole result's eligible rows."""
    rng = np.random.default_rng(11)
    area = rng.choice([20.0, 40.0, 60.0], size=FAMILIES)
    dwellings = np.where(rng.random(FAMILIES) < 0.2, 1, 2)
    population = _population(rng, area, dwellings)
    engine = Engine.load(extra_documents=[_rent()])
    narrowed = engine.run(population, ON, ["test.rent"], recipients_only=True).results["test.rent"]
    whole = engine.run(population, ON, ["test.rent"]).results["test.rent"].filter(pl.col("eligible"))
    assert narrowed.height == int(((dwellings <= 1) & (9000.0 / area > 200)).sum()) > 0
    assert narrowed.sort("entity_id").equals(whole.sort("entity_id"))


def test_a_condition_without_value_counts_only_the_rows_no_condition_excludes() -> None:
    """A zero area gives no value. The first condition excludes most families (a cheap dwelling),
    keeping those without a value; the second excludes those with two dwellings, whatever their
    area: only the families with one dwelling and no area are reported."""
    rng = np.random.default_rng(13)
    area = rng.choice([0.0, 40.0, 60.0], size=FAMILIES, p=[0.1, 0.2, 0.7])
    dwellings = np.where(rng.random(FAMILIES) < 0.5, 1, 2)
    population = _population(rng, area, dwellings)
    conditions = [
        {"name": "dear", "expression": "housing_costs / area_m2 > 200"},
        {"name": "one_dwelling", "expression": "dwellings <= 1"},
    ]
    engine = Engine.load(extra_documents=[_rent(conditions=conditions)])
    broken = int(((dwellings <= 1) & (area == 0)).sum())
    assert broken > 0
    message = rf"Programme test\.rent: no value for {broken} of {FAMILIES} entities"
    with pytest.raises(RulesError, match=message):
        engine.run(population, ON, ["test.rent"], recipients_only=True)


def _members(rng: np.random.Generator, families: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Families of 0 to 5 members (some empty), the persons listed family by family."""
    sizes = rng.integers(0, 6, size=families)
    family = np.repeat(np.arange(1, families + 1), sizes)
    persons = pl.DataFrame({"person_id": np.arange(1, family.size + 1), "family_id": family})
    return persons, pl.DataFrame({"family_id": np.arange(1, families + 1)})


def test_counts_and_members_of_families_listed_together_are_those_of_any_order() -> None:
    """A registry read sorted by family is counted by running sums over each family's slice of
    the persons; the same persons in another order are counted member by member. Both give
    the same counts, and the same members of a set of families."""
    rng = np.random.default_rng(11)
    persons, families = _members(rng, FAMILIES)
    shuffled = persons.sample(fraction=1.0, shuffle=True, seed=3)
    grouped = Families(families, Persons(persons, Population.empty_incomes(), ON, None))  # type: ignore[arg-type]
    scattered = Families(families, Persons(shuffled, Population.empty_incomes(), ON, None))  # type: ignore[arg-type]
    assert grouped.bounds is not None and scattered.bounds is None
    for share in (0.1, 0.5, 0.9):  # below and above the quarter where counts take the sparse path
        chosen = set(rng.choice(persons["person_id"].to_numpy(), size=int(share * persons.height)).tolist())
        plain = np.bincount(
            persons.filter(pl.col("person_id").is_in(chosen))["family_id"].to_numpy() - 1,
            minlength=FAMILIES,
        )
        for families_of in (grouped, scattered):
            mask = families_of.persons.frame["person_id"].is_in(chosen).to_numpy()
            assert (families_of.count(mask) == plain).all()
    picked = rng.random(FAMILIES) < 0.3
    for families_of in (grouped, scattered):
        ids = families_of.persons.frame["person_id"].to_numpy()[families_of.members_of(picked)]
        expected = persons.filter(pl.col("family_id").is_in(np.flatnonzero(picked) + 1))["person_id"]
        assert sorted(ids.tolist()) == expected.to_list()
