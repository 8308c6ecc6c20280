"""Housing receipts in a situation and a programme's named lines."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError, SituationError
from komek.rules.explain import calculate
from komek.rules.programmes import parse_programme
from komek.rules.situation import parse_situation

SITUATION: dict[str, Any] = {
    "date": "2019-01-15",
    "region": "351610000",
    "programmes": ["housing"],
    "persons": {"p1": {"birth_date": "1950-01-01", "sex": "female"}},
    "family": {"housing": {"area_m2": 30, "receipts": [
        {"month": "2018-10", "service": "cold_water", "consumption": 1, "paid": 900},
        {"month": "2018-11", "service": "electricity", "consumption": 90, "paid": 1431},
    ]}},
}  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"consumption": -1}, "family.housing.receipts[0].consumption"),
        ({"consumption": 31}, "family.housing.receipts[0].consumption"),
        ({"paid": -5}, "family.housing.receipts[0].paid"),
        ({"service": "telephone"}, "family.housing.receipts[0].service"),
        ({"month": "2019-02"}, "family.housing.receipts[0].month"),
        ({"month": "October"}, "family.housing.receipts[0].month"),
    ],
)
def test_a_wrong_receipt_is_refused_naming_its_field(row: dict[str, Any], field: str) -> None:
    """A negative, implausible, unknown or future receipt is an error naming the receipt's field."""
    doc = copy.deepcopy(SITUATION)
    doc["family"]["housing"]["receipts"][0].update(row)
    with pytest.raises(SituationError) as caught:
        parse_situation(doc)
    assert caught.value.field == field


def test_a_second_receipt_of_a_service_for_a_month_is_refused() -> None:
    """Two receipts of cold water for October are one typed twice, not twice the costs."""
    doc = copy.deepcopy(SITUATION)
    doc["family"]["housing"]["receipts"].append(dict(doc["family"]["housing"]["receipts"][0]))
    with pytest.raises(SituationError) as caught:
        parse_situation(doc)
    assert caught.value.field == "family.housing.receipts[2]"


def test_each_service_is_a_line_of_the_explanation_in_the_user_s_language(engine: Engine) -> None:
    """Cold water 300 a month (of 778.18), electricity 477 (of 70 kWh at 15.90): lines in Kazakh."""
    out = calculate(engine, parse_situation(SITUATION), "kk")["programmes"]["housing"]
    lines = {s["name"]: s for s in out["explanation"] if s["step"] == "line"}
    assert lines["cold_water"]["result"] == 300 and lines["electricity"]["result"] == 477
    assert lines["cold_water"]["values"]["housing_tariff_cold_water"] == 778.18
    assert lines["qualifying_costs"]["result"] == 777
    assert lines["cold_water"]["text"].startswith("Суық су")
    assert out["amount"] == 777  # no income: nothing to subtract


def test_a_line_cannot_take_the_name_of_a_variable(engine: Engine) -> None:
    """A line named like a variable would hide it: refused when the programme is loaded."""
    doc = {"code": "x", "valid_from": "2020-01-01", "periodicity": "month", "entity": "family",
           "lines": [{"name": "family_size", "expression": "1"}], "amount": "family_size"}  # fmt: skip
    with pytest.raises(RulesError, match="line family_size"):
        parse_programme(doc, namespace(engine.parameters))
