"""The figures of the barrier-free environment come out of the records: the demo's objects,
passports and adaptation reproduce what the Balkhash department's report for 2018 and the report of
the Almaty Social Welfare Department for 2020 print; each figure's records add up to it."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.barrier_free.report import barrier_free_figures, barrier_free_records
from komek.demo.barrier_free import demo_barrier_free

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(kato: None) -> None:
    demo_barrier_free(system("tests"))


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in barrier_free_figures(actor=actor, year=year, prefix=prefix)}


def test_balkhash_2018_as_its_report_prints_it(demo: None, specialist: Any) -> None:
    """ "certification of 66 social infrastructure facilities. Of the 45 objects to be adapted, 33
    objects were adapted (including in 2018 6 objects) ... (plan-80%, actual 81.8%)"."""
    f = _figures(specialist, 2018, "3516")
    assert f["barrier_free.certified"].value == 66
    assert f["barrier_free.to_adapt"].value == 45
    assert f["barrier_free.adapted"].value == 33
    assert f["barrier_free.adapted_in_year"].value == 6
    assert f["barrier_free.adapted_in_year"].plan == 6
    assert f["barrier_free.indicator"].value == Decimal("81.8")
    assert f["barrier_free.indicator"].plan == Decimal("80.0")
    for code in ("certified", "to_adapt", "adapted", "adapted_in_year"):
        records = barrier_free_records(
            actor=specialist, year=2018, prefix="3516", code=f"barrier_free.{code}"
        )
        assert records is not None and records.total() == f[f"barrier_free.{code}"].value


def test_almaty_2020_as_its_report_prints_it(demo: None) -> None:
    """ "planned to certify 392 objects, adapt 275 objects. The work ... is done at 100%"."""
    f = _figures(system("tests"), 2020, "75")
    assert (f["barrier_free.certified_in_year"].value, f["barrier_free.certified_in_year"].plan) == (392, 392)
    assert (f["barrier_free.adapted_in_year"].value, f["barrier_free.adapted_in_year"].plan) == (275, 275)


def test_a_territory_sees_only_its_own(demo: None, specialist: Any) -> None:
    """Balkhash's specialist asking for the whole country gets Balkhash's objects only."""
    assert _figures(specialist, 2020, "")["barrier_free.certified"].value == 66


def test_the_annual_report_carries_the_section(demo: None) -> None:
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command(
            "report_annual", year=2018, territory="351600000", fmt="json", language="en", stdout=out
        )  # fmt: skip
    doc = json.loads(out.getvalue())
    section = next(s for s in doc["sections"] if s["code"] == "barrier_free")
    figures = {f["code"]: f for f in section["figures"]}
    assert figures["barrier_free.adapted"]["value"] == 33
    assert figures["barrier_free.adapted"]["previous"] == 27
    assert figures["barrier_free.indicator"]["unit"] == "percent"
