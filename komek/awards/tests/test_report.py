"""The figures of state awards come out of the records: the demo's cases, opened and sent through the
services, reproduce what the report of the Almaty Social Welfare Department for 2020 prints ("documents
sent ... for 369 mothers of large families, of them 66 for «Алтын алқа» ... 303 for «Күміс алқа»"); each
figure's records add up to it, and the annual report carries the section."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from komek.accounts.policy import system
from komek.awards.models import AwardCase
from komek.awards.report import awards_figures, awards_records
from komek.demo.awards import demo_awards

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(kato: None) -> None:
    assert demo_awards(system("tests")) > 369


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f.value for f in awards_figures(actor=actor, year=year, prefix=prefix)}


def test_almaty_2020_as_its_report_prints_it(demo: None) -> None:
    actor = system("tests")
    f = _figures(actor, 2020, "75")
    assert (f["awards.sent"], f["awards.sent_altyn"], f["awards.sent_kumis"]) == (369, 66, 303)
    for code, value in f.items():
        records = awards_records(actor=actor, year=2020, prefix="75", code=code)
        assert records is not None and records.total() == value
    assert all(c.children >= 6 for c in AwardCase.objects.filter(kato__code__startswith="75"))
    assert demo_awards(actor) == 0  # idempotent


def test_the_demo_town_this_year_and_its_territory(demo: None, registrar: Any) -> None:
    year = timezone.localdate().year
    f = _figures(registrar, year, "3516")
    assert (f["awards.sent"], f["awards.granted"], f["awards.refused"], f["awards.presented"]) == (4, 2, 1, 1)
    assert _figures(registrar, 2020, "")["awards.sent"] == 0  # Balkhash's registrar never sees Almaty


def test_the_annual_report_carries_the_section(demo: None) -> None:
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("report_annual", year=2020, territory="750000000", fmt="json", language="en", stdout=out)
    doc = json.loads(out.getvalue())
    section = next(s for s in doc["sections"] if s["code"] == "awards")
    figures = {f["code"]: f["value"] for f in section["figures"]}
    assert (figures["awards.sent_altyn"], figures["awards.sent_kumis"]) == (66, 303)
