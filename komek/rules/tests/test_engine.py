"""The rules engine's contract: parameter lookup, errors that name what is wrong, shipped data."""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from komek.rules.engine import Engine, namespace
from komek.rules.errors import ExpressionError, MissingParameter, RulesError, SituationError
from komek.rules.explain import calculate
from komek.rules.expressions import compile_expression
from komek.rules.parameters import ParameterTable, ParameterValue, load_parameters
from komek.rules.population import Population
from komek.rules.programmes import read_programme_documents
from komek.rules.situation import parse_situation

D = dt.date


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def value(name: str, amount: float, start: D, **extra: Any) -> ParameterValue:
    return ParameterValue(name=name, value=Decimal(str(amount)), valid_from=start, **extra)


# --- parameters ------------------------------------------------------------------------------


def test_the_most_specific_region_wins_then_the_national_value() -> None:
    """Balkhash (3516) beats Karaganda region (35), which beats the national value."""
    table = ParameterTable([
        value("share", 0.10, D(2015, 1, 1)),
        value("share", 0.08, D(2015, 1, 1), region="35"),
        value("share", 0.06, D(2015, 1, 1), region="3516"),
    ])  # fmt: skip
    on = D(2020, 6, 1)
    assert table.value("share", on, "351610000") == Decimal("0.06")
    assert table.value("share", on, "351010000") == Decimal("0.08")
    assert table.value("share", on, "751110000") == Decimal("0.10")
    assert table.value("share", on, "") == Decimal("0.10")


def test_a_regional_value_wins_even_over_a_later_national_one() -> None:
    """Region first, date second: a council's older decision stays in force over a newer national rate."""
    table = ParameterTable([
        value("share", 0.10, D(2015, 1, 1)),
        value("share", 0.05, D(2016, 1, 1), region="75"),
        value("share", 0.09, D(2020, 1, 1)),
    ])  # fmt: skip
    assert table.value("share", D(2021, 1, 1), "751110000") == Decimal("0.05")
    assert table.value("share", D(2021, 1, 1), "351610000") == Decimal("0.09")
    assert table.value("share", D(2015, 6, 1), "751110000") == Decimal("0.10")


def test_the_mci_for_fines_differs_from_the_mci_for_benefits_from_april_2022() -> None:
    """2022 had two MCIs: 3,180 for benefits, 3,063 kept for fines and taxes (to the end of 2022)."""
    table = load_parameters()
    assert table.value("mci", D(2022, 3, 31)) == 3063
    assert table.value("mci", D(2022, 3, 31), purpose="fines") == 3063
    assert table.value("mci", D(2022, 4, 1)) == 3180
    assert table.value("mci", D(2022, 4, 1), purpose="fines") == 3063
    assert table.value("mci", D(2022, 12, 31), purpose="fines") == 3063
    # After its valid_to the purpose-specific value no longer applies; the general one does.
    assert table.value("mci", D(2023, 1, 1), purpose="fines") == 3450
    assert table.find("mci", D(2022, 6, 1), purpose="fines").purpose == "fines"


def test_valid_to_ends_a_value() -> None:
    """A value applies through its valid_to day; after it, an older open value or nothing."""
    table = ParameterTable([
        value("x", 1, D(2015, 1, 1)),
        value("x", 2, D(2020, 1, 1), valid_to=D(2020, 12, 31), region="75"),
        value("y", 7, D(2020, 1, 1), valid_to=D(2020, 12, 31)),
    ])  # fmt: skip
    assert table.value("x", D(2020, 12, 31), "751110000") == 2
    assert table.value("x", D(2021, 1, 1), "751110000") == 1
    with pytest.raises(MissingParameter):
        table.value("y", D(2021, 1, 1))
    with pytest.raises(MissingParameter):
        table.value("y", D(2019, 12, 31))


def test_a_missing_parameter_names_the_parameter_the_date_and_the_region() -> None:
    """The error says which value is missing, on which day, for which territory."""
    table = load_parameters()
    with pytest.raises(MissingParameter) as caught:
        table.find("balkhash_fire_damage_mci", D(2018, 5, 1), "751110000")
    error = caught.value
    assert (error.name, error.on, error.region) == ("balkhash_fire_damage_mci", D(2018, 5, 1), "751110000")
    assert str(error) == "Parameter balkhash_fire_damage_mci has no value on 2018-05-01 for region 751110000."
    fines = r"mci \(fines\) has no value on 2014-01-01 for region national"
    with pytest.raises(MissingParameter, match=fines):
        table.find("mci", D(2014, 1, 1), "", purpose="fines")
    with pytest.raises(RulesError, match="Unknown parameter: mcj"):
        table.find("mcj", D(2020, 1, 1))


def test_the_2025_poverty_line_is_missing_until_the_median_income_is_entered(engine: Engine) -> None:
    """From 2025 the line is 35% of the median income, which no source gave us: a named gap, not a guess."""
    missing = "median_income has no value on 2025-03-01 for region 751110000"
    with pytest.raises(MissingParameter, match=missing):
        engine.resolve("poverty_line", D(2025, 3, 1), "751110000")
    situation = parse_situation({
        "date": "2025-03-01", "region": "751110000", "programmes": ["tsa"],
        "persons": {"p1": {"birth_date": "1985-04-02", "sex": "male"}},
    })  # fmt: skip
    with pytest.raises(MissingParameter, match="median_income"):
        calculate(engine, situation)


# --- expressions -----------------------------------------------------------------------------


def test_an_unknown_name_is_reported_at_its_position(engine: Engine) -> None:
    """A typo in a rule points at the character where it starts (1-based in the message)."""
    names = namespace(engine.parameters)
    with pytest.raises(ExpressionError) as caught:
        compile_expression("per_capita_income <= 2 * subsistance_minimum", names, expect="bool")
    assert caught.value.position == 25
    assert "Unknown variable or parameter 'subsistance_minimum'" in str(caught.value)
    assert "at position 26" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cars + has_disabled_child", "Arithmetic must be a number, but 'has_disabled_child' is a bool"),
        ("tb_outpatient and mci", "Each side of and/or must be a bool, but 'mci' is a number"),
        ("region > 5", "Cannot compare a str with a number"),
        ("where(hiv, 1, 'a')", "Both branches of where must be of one type"),
        ("mci / 0", "Division by zero"),
        ("mci *", "Syntax error"),
        ("__import__('os')", "Unknown function"),
        ("mci.real", "is not allowed in an expression"),
    ],
)
def test_type_and_syntax_errors_are_refused_before_any_data_is_read(
    engine: Engine, text: str, message: str
) -> None:
    """Expressions are checked when loaded: wrong types, constant division by zero, anything unsafe."""
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compile_expression(text, namespace(engine.parameters))


def test_an_amount_that_gives_a_number_where_a_condition_needs_a_bool_is_refused(engine: Engine) -> None:
    """A condition must be true or false, not an amount."""
    with pytest.raises(ExpressionError, match="gives a number, a bool is needed"):
        compile_expression("mci * 2", namespace(engine.parameters), expect="bool")


def _programme(**overrides: Any) -> dict[str, Any]:
    doc = {
        "code": "test.rent", "title": {"en": "Test"}, "jurisdiction": "", "valid_from": "2015-01-01",
        "periodicity": "month", "entity": "family",
        "conditions": [{"name": "pays", "expression": "housing_costs > 0"}],
        "amount": "housing_costs / area_m2",
    }  # fmt: skip
    doc.update(overrides)
    return doc


def test_a_programme_with_an_unknown_name_is_refused_when_loaded() -> None:
    """The error names the programme document and the condition."""
    doc = _programme(conditions=[{"name": "pays", "expression": "housing_cost > 0"}])
    with pytest.raises(ExpressionError, match=r"extra#1: condition pays: Unknown variable .*'housing_cost'"):
        Engine.load(extra_documents=[doc])


def test_division_by_zero_in_the_data_names_the_programme() -> None:
    """A zero denominator in one family's data stops the calculation with the programme's code."""
    engine = Engine.load(extra_documents=[_programme()])
    situation = parse_situation({
        "date": "2020-11-16", "region": "751110000", "programmes": ["test.rent"],
        "persons": {"p1": {"birth_date": "1985-04-02", "sex": "male"}},
        "family": {"housing": {"area_m2": 0, "monthly_costs": 9000}},
    })  # fmt: skip
    with pytest.raises(RulesError, match=r"Programme test\.rent: no value for 1 of 1 entities"):
        calculate(engine, situation)


def test_overlapping_versions_of_a_programme_are_refused() -> None:
    """Two versions of one programme in one jurisdiction may not both be in force on a day."""
    with pytest.raises(RulesError, match="Programme tsa: versions from 2018-01-01 and 2020-01-01 overlap"):
        Engine.load(extra_documents=[_programme(code="tsa", valid_from="2020-01-01")])
    with pytest.raises(RulesError, match="overlap"):
        Engine.load(extra_documents=[_programme(), _programme(valid_from="2019-01-01")])
    # The same code in another jurisdiction is another council's decision, not an overlap.
    Engine.load(extra_documents=[_programme(code="almaty.meters", jurisdiction="3516")])
    # Versions that meet without overlapping are fine.
    Engine.load(extra_documents=[_programme(valid_to="2018-12-31"), _programme(valid_from="2019-01-01")])


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_programme(periodicity="weekly"), "periodicity must be one of"),
        (_programme(entity="household"), "entity must be family or person"),
        (_programme(jurisdiction="Almaty"), "jurisdiction is a KATO code prefix"),
        (_programme(valid_from="2020-01-01", valid_to="2019-01-01"), "valid_to is before valid_from"),
        (_programme(valid_from="soon"), "'soon' is not a date"),
        (_programme(code=""), "'code' is required"),
        (_programme(kind="1"), "kind: The expression gives a number, a str is needed"),
    ],
)
def test_malformed_programme_documents_are_refused(doc: dict[str, Any], message: str) -> None:
    """A programme document with a wrong key, type or expression is refused, saying what is wrong."""
    with pytest.raises(RulesError, match=message):
        Engine.load(extra_documents=[doc])


# --- situations ------------------------------------------------------------------------------

SITUATION: dict[str, Any] = {
    "date": "2020-11-16",
    "region": "751110000",
    "persons": {
        "p1": {"birth_date": "1985-04-02", "sex": "male", "statuses": ["tb_outpatient"],
               "incomes": {"2020-07": {"wages": 60000}}},
    },
    "family": {"members": ["p1"], "head": "p1", "dwellings": 1, "cars": 0,
               "housing": {"area_m2": 54, "receipts": [
                   {"month": m, "service": s, "consumption": c, "paid": p}
                   for m in ("2020-07", "2020-08", "2020-09")
                   for s, c, p in (("heat", 54, 4500), ("cold_water", 1, 800))]},
               "circumstances": ["fire_damage"]},
    "programmes": ["tsa"],
}  # fmt: skip


def _broken(path: str, new: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SITUATION)
    *parents, last = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    if new is KeyError:
        del target[last]
    else:
        target[last] = new
    return doc


@pytest.mark.parametrize(
    ("path", "new", "field"),
    [
        ("date", KeyError, "date"),
        ("date", "16.11.2020", "date"),
        ("region", "75", "region"),
        ("persons", {}, "persons"),
        ("persons.p1.birth_date", "2021-01-01", "persons.p1.birth_date"),
        ("persons.p1.sex", "m", "persons.p1.sex"),
        ("persons.p1.disability_group", "4", "persons.p1.disability_group"),
        ("persons.p1.statuses", ["tuberculosis"], "persons.p1.statuses"),
        ("persons.p1.incomes", {"July": {"wages": 1}}, "persons.p1.incomes.July"),
        ("persons.p1.incomes", {"2020-12": {"wages": 1}}, "persons.p1.incomes.2020-12"),
        ("persons.p1.incomes", {"2020-07": {"wages": -5}}, "persons.p1.incomes.2020-07.wages"),
        ("persons.p1.incomes", {"2020-07": {"wages": "60000"}}, "persons.p1.incomes.2020-07.wages"),
        ("family.members", ["p1", "p2"], "family.members"),
        ("family.head", "p2", "family.head"),
        ("family.dwellings", -1, "family.dwellings"),
        ("family.cars", 1.5, "family.cars"),
        ("family.housing", {"area_m2": -54}, "family.housing.area_m2"),
        ("family.circumstances", ["flood"], "family.circumstances"),
        ("programmes", "tsa", "programmes"),
    ],
)
def test_a_malformed_situation_names_the_field(path: str, new: Any, field: str) -> None:
    """Every bad field is a SituationError whose ``field`` is the JSON path of the culprit."""
    with pytest.raises(SituationError) as caught:
        parse_situation(_broken(path, new))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_an_unknown_programme_code_is_an_error_not_an_empty_answer(engine: Engine) -> None:
    """Asking for a programme code the legislation does not hold is an error, never an empty result."""
    situation = parse_situation({**SITUATION, "programmes": ["tsa", "housing.typo"]})
    with pytest.raises(RulesError, match=r"Unknown programme: housing\.typo"):
        calculate(engine, situation)


def test_the_worked_example_of_the_brief(engine: Engine) -> None:
    """Almaty, November 2020: a TB patient earning 60,000 in July - TSA 6,692, 12 MCI, housing."""
    doc = {**SITUATION, "programmes": None}
    out = calculate(engine, parse_situation(doc))
    programmes = out["programmes"]
    assert out["parameters"] == {"mci": 2778, "subsistence_minimum": 32668, "poverty_line": 26692}
    assert programmes["tsa"]["amount"] == 6692 and programmes["tsa"]["kind"] == "conditional"
    assert programmes["almaty.tb_outpatient"]["amount"] == 33336
    assert programmes["almaty.disaster_dwelling"]["amount"] == 555600
    # Housing: heat 4,500 of which 30 m² at 100 count = 3,000, cold water 600 of 800 (one person at
    # 600): 3,600 within the norms, less 5% of 20,000 a month = 2,600; each line explained.
    assert programmes["housing"]["amount"] == 2600
    lines = {s["name"]: s["result"] for s in programmes["housing"]["explanation"] if s["step"] == "line"}
    assert (lines["heat"], lines["cold_water"], lines["qualifying_costs"], lines["income_share"]) == (
        3000,
        600,
        3600,
        1000,
    )
    assert not any(code.startswith("balkhash.") for code in programmes)
    versions = {(v["name"], v["region"]) for v in out["parameter_versions"]}
    assert ("housing_income_share", "75") in versions


# --- the batch over several regions ----------------------------------------------------------


def test_a_batch_over_two_councils_applies_each_council_s_programmes_to_its_residents(engine: Engine) -> None:
    """One run over Almaty and Balkhash families: local programmes stay within their jurisdiction."""
    persons = pl.DataFrame({
        "person_id": [1, 2, 3], "family_id": [10, 20, 20],
        "birth_date": [D(1985, 4, 2), D(1970, 1, 1), D(1972, 1, 1)], "sex": ["male", "male", "female"],
        "disability_group": [None, None, None],
        "statuses": [["tb_outpatient"], ["tb_outpatient"], []],
    })  # fmt: skip
    families = pl.DataFrame({
        "family_id": [10, 20], "region": ["751110000", "351610000"], "dwellings": [1, 1], "cars": [0, 0],
        "area_m2": [54.0, 36.0], "housing_costs": [18000.0, 12000.0],
        "circumstances": [["fire_damage"], ["fire_damage"]],
    })  # fmt: skip
    receipts = pl.DataFrame({
        "family_id": [10, 10, 10, 20, 20, 20], "month": [D(2020, m, 1) for m in (7, 8, 9)] * 2,
        "service": ["heat"] * 6, "consumption": [54.0] * 3 + [36.0] * 3, "paid": [6000.0] * 3 + [4000.0] * 3,
    })  # fmt: skip
    population = Population(persons, families, Population.empty_incomes(), receipts).checked()
    result = engine.run(population, D(2020, 11, 16))
    assert all(df["amount"].min() >= 0 for df in result.results.values() if df.height)  # type: ignore[operator]
    almaty_tb = result.results["almaty.tb_outpatient"]
    assert almaty_tb.filter(pl.col("eligible"))["entity_id"].to_list() == [1]
    balkhash_tb = result.results["balkhash.tb_outpatient"]
    assert balkhash_tb.filter(pl.col("eligible"))["entity_id"].to_list() == [2]
    assert balkhash_tb.filter(pl.col("eligible"))["amount"].to_list() == [27780]
    fire = result.results["balkhash.fire_damage"].filter(pl.col("eligible"))
    assert fire["family_id"].to_list() == [20] and fire["amount"].to_list() == [125010]
    housing = result.results["housing"].sort("family_id")
    # Neither family has income: heat within the norms only. Almaty alone in 54 m²: 30 m² at the
    # illustrative 100 = 3,000; the Balkhash couple in 36 m² at its 2018 tariff 97.13 = 3,496.68.
    assert housing["amount"].to_list() == [3000, 3497]


# --- the shipped data ------------------------------------------------------------------------


def test_every_parameter_value_cites_its_source_and_council_values_carry_the_council_region() -> None:
    """No number without a reference; balkhash_* values belong to 3516, almaty_* values to 75."""
    for row in load_parameters().all_values():
        assert row.reference.strip(), f"{row.name} from {row.valid_from} has no reference"
        if row.name.startswith("balkhash_"):
            assert row.region == "3516", row.name
        if row.name.startswith("almaty_"):
            assert row.region == "75", row.name
        assert row.name.isidentifier(), row.name


def test_placeholders_are_labelled_and_limited_to_the_housing_share() -> None:
    """A value not taken from a source says so in its reference, and there is only the one we chose."""
    placeholders = [r for r in load_parameters().all_values() if "PLACEHOLDER" in r.reference]
    assert [(r.name, r.region) for r in placeholders] == [("housing_income_share", "")]
    assert "must enter" in placeholders[0].reference


def test_every_programme_is_translated_and_local_ones_cite_their_council() -> None:
    """Titles and condition labels exist in Kazakh, Russian and English; local codes match jurisdictions."""
    engine = Engine.load()
    for programme in engine.programmes:
        assert all(programme.title.get(lang) for lang in ("kk", "ru", "en")), programme.code
        assert programme.legal_basis, programme.code
        for condition in programme.conditions:
            assert all(condition.label.get(lang) for lang in ("kk", "ru", "en")), condition.name
        # A council's programme cites its decision (by number where the reports give it); Almaty's
        # set-top boxes apply the national Law on TSA with the city's costs.
        if programme.code.startswith("balkhash."):
            assert programme.jurisdiction == "3516" and "town council (maslikhat)" in programme.legal_basis
        if programme.code.startswith("almaty."):
            assert programme.jurisdiction == "75"
            assert re.search(r"city council \(maslikhat\) decision|^Law of", programme.legal_basis), (
                programme.code
            )
    decisions = {p.code: p.legal_basis for p in engine.programmes}
    assert all(
        "24/176" in decisions[c] for c in ("balkhash.fire_damage", "balkhash.hiv", "balkhash.holiday_payment")
    )
    assert (
        "No. 196" in decisions["almaty.home_schooling"] and "No. 82" in decisions["almaty.leningrad_travel"]
    )
    raw = [doc for _, doc in read_programme_documents()]
    assert {doc["code"] for doc in raw if doc.get("commission")} == {
        "balkhash.fire_damage", "balkhash.tb_outpatient", "balkhash.cancer_postoperative", "balkhash.hiv",
        "almaty.difficult_life_situation", "almaty.disaster_dwelling", "almaty.disaster_death",
    }  # fmt: skip
