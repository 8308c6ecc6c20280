"""Housing tariffs entered by an administrator: a new dated value of a territory's tariff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from komek.legislation import loader
from komek.legislation.services.parameters import parameter_value_add
from komek.rules.explain import calculate
from komek.rules.periods import reference_months
from komek.rules.situation import parse_situation

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


def _housing(on: dt.date) -> dict[str, Any]:
    """A Balkhash pensioner alone in 30 m² paying 4,000 for heat in each month of the quarter."""
    months = [m.strftime("%Y-%m") for m in reference_months(on)]
    doc = {
        "date": on.isoformat(), "region": "351610000", "programmes": ["housing"],
        "persons": {"p1": {"birth_date": "1950-01-01", "sex": "female"}},
        "family": {"housing": {"area_m2": 30, "receipts": [
            {"month": m, "service": "heat", "consumption": 30, "paid": 4000} for m in months]}},
    }  # fmt: skip
    return calculate(loader.application_engine(), parse_situation(doc))["programmes"]["housing"]


def test_a_tariff_entered_for_the_territory_is_the_one_housing_assistance_counts(administrator: Any) -> None:
    """Balkhash's heat tariff entered at 120.50 from a date: 30 m² count 3,615 a month from then on."""
    on = dt.date(2027, 3, 15)
    assert _housing(on)["amount"] == round(Decimal("97.13") * 30)  # the 2018 tariff of the report
    parameter_value_add(
        actor=administrator, name="housing_tariff_heat", value=Decimal("120.50"),
        valid_from=dt.date(2027, 1, 1), reference="Heat supplier tariff approved for 2027", kato=BALKHASH,
    )  # fmt: skip
    heat = next(s for s in _housing(on)["explanation"] if s.get("name") == "heat")
    assert heat["values"]["housing_tariff_heat"] == 120.5 and heat["result"] == 3615
    assert _housing(dt.date(2026, 12, 15))["amount"] == 2914  # before its date: 97.13 × 30 = 2,913.90
