"""Reforms and simulations of the pure engine: overrides, superseded versions, clear refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from komek.rules.engine import Engine
from komek.rules.errors import ReformError
from komek.rules.population import Population
from komek.rules.reform import read_reform, shipped_reforms, supersede
from komek.rules.simulation import simulate

BALKHASH = "351610000"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def population(on: dt.date, per_capita: list[float], region: str = BALKHASH) -> Population:
    """One single-person family per income: monthly income ``per_capita`` over the reference quarter."""
    quarter = [dt.date(on.year, m, 1) for m in (4, 5, 6)] if on.month in (7, 8, 9) else None
    assert quarter is not None, "the helper builds third-quarter dates"
    n = len(per_capita)
    persons = pl.DataFrame(
        {
            "person_id": range(1, n + 1),
            "family_id": range(1, n + 1),
            "birth_date": [dt.date(1980, 1, 1)] * n,
            "sex": ["male"] * n,
            "disability_group": pl.Series([None] * n, dtype=pl.String),
            "statuses": pl.Series([[]] * n, dtype=pl.List(pl.String)),
        }
    )
    families = pl.DataFrame(
        {
            "family_id": range(1, n + 1),
            "region": [region] * n,
            "dwellings": [1] * n,
            "cars": [0] * n,
            "area_m2": [30.0] * n,
            "housing_costs": [0.0] * n,
            "circumstances": pl.Series([[]] * n, dtype=pl.List(pl.String)),
        }
    )
    incomes = pl.DataFrame(
        {
            "person_id": [p for p in range(1, n + 1) for _ in quarter],
            "month": quarter * n,
            "income_type": ["wages"] * (3 * n),
            "amount": [float(a) for a in per_capita for _ in quarter],
        }
    )
    return Population(persons, families, incomes).checked()


def test_the_2017_reform_raises_the_poverty_line_only_in_2017(engine):
    """poverty_line_50: 50% of the regional minimum in 2017, the legislation before and after."""
    base, reformed = shipped_reforms(engine)["poverty_line_50"].engines(engine)
    q3 = dt.date(2017, 7, 1)
    assert base.resolve("poverty_line", q3, BALKHASH)[0] == Decimal(9054)  # 40% of 22,636
    assert reformed.resolve("poverty_line", q3, BALKHASH)[0] == Decimal(11318)  # 50%
    later = dt.date(2018, 7, 1)
    assert (
        reformed.resolve("poverty_line", later, BALKHASH)[0]
        == base.resolve("poverty_line", later, BALKHASH)[0]
    )


def test_simulation_counts_who_gains_and_what_it_costs(engine):
    """Families between 40% and 50% of the minimum gain TSA; the cost rises by their top-ups."""
    on = dt.date(2017, 7, 1)
    incomes: list[float] = [5_000, 8_000, 10_000, 11_000, 20_000]  # poverty line 9,054 → 11,318
    reform = shipped_reforms(engine)["poverty_line_50"]
    result = simulate(engine, reform, population(on, incomes), on, district_digits=6)
    tsa = result.by_programme().filter(pl.col("programme") == "tsa").row(0, named=True)
    assert (tsa["baseline_recipients"], tsa["reform_recipients"]) == (2, 4)
    assert (tsa["gained"], tsa["lost"], tsa["recipients_ratio"]) == (2, 0, 2.0)
    assert tsa["baseline_cost"] == (9054 - 5000) + (9054 - 8000)
    assert tsa["reform_cost"] == (11318 - 5000) + (11318 - 8000) + (11318 - 10000) + (11318 - 11000)
    data = result.as_dict("ru")
    assert data["rows"][0]["district"] == "351610000"
    assert data["month"] == "2017-07"
    assert data["totals"]["cost_change"] == tsa["reform_cost"] - tsa["baseline_cost"]


def test_a_baseline_replays_an_old_rule_on_todays_dates(engine):
    """poverty_line_50_today: 40% on the baseline side, 50% on the reform side, from 2025."""
    base, reformed = shipped_reforms(engine)["poverty_line_50_today"].engines(engine)
    on = dt.date(2026, 11, 1)
    minimum = engine.parameters.value("subsistence_minimum", on)
    assert base.resolve("poverty_line", on, BALKHASH)[0] == round(minimum * Decimal("0.4"))
    assert reformed.resolve("poverty_line", on, BALKHASH)[0] == round(minimum * Decimal("0.5"))


def test_an_override_wins_over_a_more_specific_value_within_its_period(engine):
    """A national override of the regional minimum applies in Karaganda region too, only in its period."""
    text = """
name: test
parameters:
  - {name: regional_subsistence_minimum, from: 2017-07-01, to: 2017-09-30, value: 30000}
"""
    reform = read_reform(text, engine)
    _, reformed = reform.engines(engine)
    assert reformed.parameters.value("regional_subsistence_minimum", dt.date(2017, 8, 1), BALKHASH) == 30000
    assert reformed.parameters.value("regional_subsistence_minimum", dt.date(2017, 10, 1), BALKHASH) == 24015


def test_a_reform_programme_replaces_the_versions_of_its_code_for_its_period(engine):
    """The shipped what-if adds a Balkhash programme; a replacement of TSA splits the old version."""
    _, reformed = shipped_reforms(engine)["balkhash_large_families"].engines(engine)
    assert [
        p.code
        for p in reformed.in_force(dt.date(2026, 3, 1), region=BALKHASH)
        if p.code.startswith("balkhash.large")
    ]
    tsa = [p for p in engine.programmes if p.code == "tsa" and p.valid_from == dt.date(2018, 1, 1)][0]
    replacement = tsa.__class__(
        **{**tsa.__dict__, "valid_from": dt.date(2020, 1, 1), "valid_to": dt.date(2020, 12, 31)}
    )
    versions = [p for p in supersede(engine.programmes, replacement) if p.code == "tsa"]
    spans = sorted((p.valid_from, p.valid_to) for p in versions)
    assert (dt.date(2018, 1, 1), dt.date(2019, 12, 31)) in spans
    assert (dt.date(2020, 1, 1), dt.date(2020, 12, 31)) in spans
    assert (dt.date(2021, 1, 1), None) in spans


PROGRAMME = (
    "{code: p, valid_from: 2020-01-01, periodicity: once, entity: family,"
    " conditions: [{name: c, expression: 'incom > 1'}], amount: '1'}"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\n", "changes nothing"),
        (
            "name: x\nparameters: [{name: mcii, from: 2020-01-01, value: 1}]",
            "parameters[0].name: there is no",
        ),
        (
            "name: x\nparameters: [{name: mci, from: 2020-13-01, value: 1}]",
            "parameters[0].from: '2020-13-01'",
        ),
        ("name: x\nparameters: [{name: mci, from: 2020-01-01, value: abc}]", "parameters[0].value"),
        (
            "name: x\nparameters: [{name: mci, from: 2020-01-01, to: 2019-01-01, value: 1}]",
            "parameters[0].to",
        ),
        ("parameters: [{name: mci, from: 2020-01-01, value: 1}]\n", "name: is required"),
        (f"name: x\nprogrammes: [{PROGRAMME}]", "Unknown variable or parameter 'incom'"),
        ("name: [unclosed\n", "not valid YAML (line"),
        ("- just a list\n", "a YAML mapping"),
    ],
)
def test_a_reform_that_names_nothing_that_exists_is_refused_with_a_sentence(engine, text, message):
    """Unknown parameters, bad dates and values, unknown variables: one sentence naming the entry."""
    with pytest.raises(ReformError) as exc:
        read_reform(text, engine, source="test.yaml")
    assert message in str(exc.value)
