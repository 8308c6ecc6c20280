"""The registry read for given programmes takes only what their rules use, and changes no result.

What a variable reads is found from the engine's formulas (``population_reads.inputs``); the read
for a programme skips incomes without an income test, reads only the status kinds its flags come
from, and only their holders when nobody else can be eligible. Every shipped programme gives the
same recipients and amounts on the narrowed read as on the whole one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

from komek.legislation.population import STATUS_MAP, registry_population, registry_queries
from komek.legislation.population_reads import EVERYTHING, inputs, reads_for
from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError
from komek.rules.periods import reference_months
from komek.rules.programmes import Programme, parse_programme, read_programme_documents

ALMALY = "751110000"
BALKHASH_TOWN = "351610000"
DATES = (dt.date(2018, 5, 15), dt.date(2020, 6, 15))


@pytest.fixture(scope="module")
def shipped() -> Engine:
    return Engine.load()


def _versions(engine: Engine, code: str, on: dt.date) -> list[Programme]:
    return engine.in_force(on, [code])


def test_what_a_variable_reads_comes_from_its_formula() -> None:
    """The probe follows the formulas: incomes for an income test, statuses for a flag or its
    family count, the birth date for an age, the family's column for its region."""
    assert {"incomes.amount", "incomes.person_id"} <= inputs("per_capita_income")
    assert inputs("age") == {"persons.birth_date"}
    assert inputs("count_pensioner") == {"persons.statuses"}
    assert inputs("wwii_participant") == {"persons.statuses"}
    assert inputs("region") == {"families.region"}
    assert not any(i.startswith("incomes") for i in inputs("disability_1"))


def test_a_rule_without_an_income_test_reads_no_incomes(shipped: Engine) -> None:
    """Victory Day tests veterans' statuses only: no incomes, only veteran statuses, only their
    holders, and no incomes query at all; TSA reads incomes; no programmes: everything."""
    victory = _versions(shipped, "almaty.victory_day", DATES[1])
    reads = reads_for(victory, STATUS_MAP)
    assert (reads.incomes, reads.kinds, reads.holders) == (False, {"veteran"}, True)
    queries = [sql for sql, _params in registry_queries(on=DATES[1], prefix="75", programmes=victory)]
    assert len(queries) == 3 and not any("registry_income" in sql for sql in queries)
    tsa = reads_for(_versions(shipped, "tsa", DATES[1]), STATUS_MAP)
    assert tsa.incomes and not tsa.holders
    assert reads_for(None, STATUS_MAP) == EVERYTHING


@pytest.mark.parametrize(
    ("condition", "holders"),
    [
        ("wwii_participant or home_front_worker", True),
        ("wwii_participant and almaty_victory_day_equated_tenge > 0", True),
        ("wwii_participant or almaty_victory_day_equated_tenge > 0", False),
        ("not wwii_participant", False),
        ("wwii_participant or age >= 90", False),
    ],
)
def test_only_holders_are_read_when_nobody_else_can_be_eligible(
    shipped: Engine, condition: str, holders: bool
) -> None:
    """Only a condition false for a person without the statuses whatever the parameters (an unknown
    parameter is null: false and null is false, false or null unknown) narrows the read to holders;
    a condition others can meet, or a variable not from statuses, reads everyone."""
    source, doc = next((s, d) for s, d in read_programme_documents() if d["code"] == "almaty.victory_day")
    doc = {**doc, "conditions": [{**doc["conditions"][0], "expression": condition}]}
    programme = parse_programme(doc, namespace(shipped.parameters), source=source)
    assert reads_for([programme], STATUS_MAP).holders is holders


@pytest.fixture
def registry(make_user: Callable[..., Any], make_person: Callable[..., Any]) -> None:
    """Families of Balkhash and Almaly since 2010 with statuses of many kinds since 2016, a fire,
    and wages over the reference quarters of the dates tested."""
    from komek.accounts.choices import Role
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.registry.services.statuses import status_add

    since, founded = dt.date(2016, 1, 1), dt.date(2010, 1, 1)
    registrars = {
        BALKHASH_TOWN: make_user(Role.REGISTRAR, units=("351600000",), username="reads_balkhash"),
        ALMALY: make_user(Role.REGISTRAR, units=("750000000",), username="reads_almaty"),
    }
    families = [
        (BALKHASH_TOWN, [(1980, "male", [("large_family_mother", "altyn_alka")]),
                         (2012, "female", [("disability", "child"), ("dispensary", "tuberculosis")])]),
        (BALKHASH_TOWN, [(1925, "male", [("veteran", "wwii_participant"), ("disability", "group_1"),
                                         ("lives_alone", "none")])]),
        (BALKHASH_TOWN, [(1950, "female", [("holiday_category", "none"), ("circumstance", "fire_damage")]),
                         (1952, "male", [("pensioner", "age")])]),
        (ALMALY, [(1927, "male", [("veteran", "equated"), ("pensioner", "age")]),
                  (1960, "female", [("veteran", "besieged_leningrad"), ("dispensary", "hiv")])]),
        (ALMALY, [(1990, "female", []), (2015, "male", [("disability", "child")])]),
    ]  # fmt: skip
    for kato, members in families:
        actor = registrars[kato]
        persons = []
        for n, (year, sex, statuses) in enumerate(members):
            person = make_person(birth_date=dt.date(year, 3, 1 + n), sex=sex, kato=kato, actor=actor)
            for kind, subtype in statuses:
                status_add(actor=actor, person=person, kind=kind, subtype=subtype, valid_from=since)
            persons.append(person)
        family_create(
            actor=actor, kato=kato, valid_from=founded,
            members=[MemberSpec(p, "head" if i == 0 else "child") for i, p in enumerate(persons)],
        )  # fmt: skip
        for on in DATES:
            for month in reference_months(on):
                income_record(actor=actor, person=persons[0], month=month, income_type="wages", amount=41_000)


def _recipients(engine: Engine, population: Any, on: dt.date, code: str) -> pl.DataFrame | str:
    try:
        result = engine.run(population, on, [code], recipients_only=True).results[code]
    except RulesError as exc:
        return type(exc).__name__
    return result.sort("entity_id")


@pytest.mark.django_db
@pytest.mark.usefixtures("registry")
def test_every_programme_gives_the_same_result_on_its_narrowed_read() -> None:
    """For every programme in force on each date, in Balkhash and in Almaty, the read for the
    programme gives the recipients and amounts of the whole read (or the same refusal)."""
    from komek.legislation.loader import application_engine

    engine, compared = application_engine(), 0
    for on in DATES:
        for prefix in ("3516", "75"):
            whole = registry_population(on=on, prefix=prefix)
            for code in sorted({p.code for p in engine.in_force(on, region=prefix)}):
                versions = engine.in_force(on, [code])
                narrowed = registry_population(on=on, prefix=prefix, programmes=versions)
                expected = _recipients(engine, whole, on, code)
                got = _recipients(engine, narrowed, on, code)
                assert isinstance(got, str) == isinstance(expected, str), code
                same = got == expected if isinstance(got, str) else got.equals(expected)  # type: ignore[arg-type]
                assert same, (code, on, prefix)
                compared += isinstance(got, pl.DataFrame) and got.height > 0
    assert compared >= 8  # programmes with recipients, so that the comparison says something


@pytest.mark.django_db
@pytest.mark.usefixtures("registry")
def test_the_quarters_income_totals_give_every_programme_the_same_result() -> None:
    """Read with the incomes summed per person by the database (``income_totals``, the proactive
    scan's read), every programme in force gives the recipients and amounts of the monthly rows."""
    from komek.legislation.loader import application_engine

    engine, compared = application_engine(), 0
    for on in DATES:
        for prefix in ("3516", "75"):
            for code in sorted({p.code for p in engine.in_force(on, region=prefix)}):
                versions = engine.in_force(on, [code])
                monthly = registry_population(on=on, prefix=prefix, programmes=versions)
                totals = registry_population(on=on, prefix=prefix, programmes=versions, income_totals=True)
                assert totals.incomes.height <= monthly.incomes.height
                expected = _recipients(engine, monthly, on, code)
                got = _recipients(engine, totals, on, code)
                assert isinstance(got, str) == isinstance(expected, str), code
                same = got == expected if isinstance(got, str) else got.equals(expected)  # type: ignore[arg-type]
                assert same, (code, on, prefix)
                compared += isinstance(got, pl.DataFrame) and got.height > 0
    assert compared >= 8
