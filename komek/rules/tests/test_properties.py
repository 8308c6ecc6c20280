"""Properties every calculation keeps, on random families, dates and regions (hypothesis).

Dates run from 2015 to 2024: from 2025 the poverty line needs the median income, which is not
entered yet (test_engine.py checks that this is a named error).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from komek.rules.engine import Engine
from komek.rules.explain import calculate
from komek.rules.periods import reference_months
from komek.rules.population import CIRCUMSTANCES, DISABILITY_GROUPS, STATUS_FLAGS
from komek.rules.situation import parse_situation

ENGINE = Engine.load()
REGIONS = ("751110000", "751710000", "351610000", "351633100", "351010000", "711110000")
# Days where a rule or an amount changes, so that every programme version is drawn often.
KEY_DATES = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2017-02-15", "2017-11-15", "2018-02-10", "2018-06-15", "2019-05-20", "2020-02-15",
        "2020-05-15", "2020-08-01", "2020-11-16", "2022-03-31", "2022-04-01", "2022-12-10",
        "2023-01-10", "2024-03-01",
    )
)  # fmt: skip
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def situations(draw: st.DrawFn) -> dict[str, Any]:
    """A family of 1 to 6 persons with incomes in the reference quarter, as a situation document."""
    on = draw(
        st.one_of(
            st.sampled_from(KEY_DATES),
            st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2024, 12, 31)),
        )
    )
    months = [m.strftime("%Y-%m") for m in reference_months(on)]
    persons: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 6))):
        person: dict[str, Any] = {
            "birth_date": (on - dt.timedelta(days=draw(st.integers(0, 95 * 365)))).isoformat(),
            "sex": draw(st.sampled_from(("male", "female"))),
            "statuses": draw(st.lists(st.sampled_from(STATUS_FLAGS), max_size=3, unique=True)),
        }
        group = draw(st.sampled_from((None, *DISABILITY_GROUPS)))
        if group is not None:
            person["disability_group"] = group
        incomes = {
            month: {"wages": amount}
            for month in months
            if (amount := draw(st.one_of(st.just(0), st.integers(1, 400_000), st.floats(0, 400_000))))
        }
        if incomes:
            person["incomes"] = incomes
        persons[f"p{i + 1}"] = person
    return {
        "date": on.isoformat(),
        "region": draw(st.sampled_from(REGIONS)),
        "persons": persons,
        "family": {
            "dwellings": draw(st.integers(0, 3)),
            "cars": draw(st.integers(0, 2)),
            "housing": {
                "area_m2": draw(st.one_of(st.just(0), st.integers(10, 200), st.floats(0, 200))),
                "monthly_costs": draw(st.one_of(st.just(0), st.integers(1, 100_000))),
            },
            "circumstances": draw(st.lists(st.sampled_from(CIRCUMSTANCES), max_size=3, unique=True)),
        },
    }


def _tsa(doc: dict[str, Any]) -> dict[str, Any]:
    out = calculate(ENGINE, parse_situation({**doc, "programmes": ["tsa"]}))
    return {**out["programmes"]["tsa"], "poverty_line": out["parameters"]["poverty_line"]}


def _counted_income(doc: dict[str, Any]) -> float:
    months = {m.strftime("%Y-%m") for m in reference_months(dt.date.fromisoformat(doc["date"]))}
    return sum(
        amount
        for person in doc["persons"].values()
        for month, kinds in person.get("incomes", {}).items()
        if month in months
        for amount in kinds.values()
    )


@PROPERTY_SETTINGS
@given(situations())
def test_every_amount_is_whole_tenge_and_never_negative(doc: dict[str, Any]) -> None:
    """For every programme in force: an integer amount, zero or more, and zero when not eligible."""
    situation = parse_situation(doc)
    out = calculate(ENGINE, situation)
    for code, result in out["programmes"].items():
        assert isinstance(result["amount"], int), code
        assert result["amount"] >= 0, code
        if not result["eligible"]:
            assert result["amount"] == 0 and result["kind"] is None, code
    batch = ENGINE.run(situation.population, situation.on)
    for code, frame in batch.results.items():
        assert frame.schema["amount"] == pl.Int64, code
        assert frame.filter(pl.col("amount") < 0).height == 0, code


@PROPERTY_SETTINGS
@given(
    situations(),
    st.integers(0, 5),
    st.integers(0, 2),
    st.one_of(st.integers(1, 300_000), st.floats(0.01, 300_000)),
)
def test_more_income_never_gives_more_tsa(doc: dict[str, Any], who: int, month: int, extra: float) -> None:
    """Adding income to any member in any month of the reference quarter never raises TSA."""
    before = _tsa(doc)
    richer: dict[str, Any] = {**doc, "persons": {k: dict(v) for k, v in doc["persons"].items()}}
    key = list(richer["persons"])[who % len(richer["persons"])]
    person = richer["persons"][key]
    incomes = {m: dict(kinds) for m, kinds in person.get("incomes", {}).items()}
    label = reference_months(dt.date.fromisoformat(doc["date"]))[month].strftime("%Y-%m")
    incomes.setdefault(label, {})["bonus"] = extra
    person["incomes"] = incomes
    after = _tsa(richer)
    assert after["amount"] <= before["amount"]
    assert before["eligible"] or not after["eligible"]


@PROPERTY_SETTINGS
@given(situations())
def test_tsa_never_lifts_per_capita_income_above_the_poverty_line(doc: dict[str, Any]) -> None:
    """(income of the quarter + TSA × 3) / 3 / members stays within 1 tenge of the poverty line."""
    result = _tsa(doc)
    if not result["eligible"]:
        return
    size = len(doc["persons"])
    topped_up = (_counted_income(doc) + result["amount"] * 3) / 3 / size
    assert topped_up <= result["poverty_line"] + 1
