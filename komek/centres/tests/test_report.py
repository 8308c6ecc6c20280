"""The centres' figures come out of the records: the demo town's year, made through the services,
gives back the numbers of the demo (komek.demo.centres); each figure's records add up to it; the
annual report carries the section."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.centres.report import centres_figures, centres_records
from komek.centres.selectors import year_by_centre
from komek.demo.centres import CENTRES, YEAR, demo_centres

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(kato: None) -> None:
    demo_centres(system("tests"))


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in centres_figures(actor=actor, year=year, prefix=prefix)}


def test_the_demo_year_comes_out_of_the_records(demo: None, worker: Any) -> None:
    f = _figures(worker, YEAR, "3516")
    assert f["centres.registered"].value == sum(c["registered"] for c in CENTRES) == 90
    services = [v for c in CENTRES for v in c["services"].values()]
    assert f["centres.services"].value == sum(a + b for a, b in services) == 288
    assert f["centres.online"].value == sum(b for _a, b in services) == 76
    assert f["centres.events"].value == 7
    assert f["centres.service.legal"].value == 12 + 8 + 6
    assert f["centres.service.craft_course"].value == 30
    for code, figure in f.items():
        records = centres_records(actor=worker, year=YEAR, prefix="3516", code=code)
        assert records is not None and records.total() == figure.value, code
        if records.kind != "centre_events":
            shown = records.show(list(records.queryset[:3]))
            assert all(len(row.persons) == 1 for row in shown)
    by_centre = {row["centre"].kind: row for row in year_by_centre(actor=worker, year=YEAR, prefix="3516")}
    assert by_centre["longevity"]["registered"] == 30
    assert by_centre["longevity"]["participants"] == 22 + 80 + 20


def test_a_territory_sees_only_its_own(demo: None, almaty_worker: Any) -> None:
    f = _figures(almaty_worker, YEAR, "")
    assert f["centres.registered"].value == 0 and f["centres.services"].value == 0


def test_the_demo_is_idempotent(demo: None) -> None:
    assert demo_centres(system("tests")) == 0


def test_the_annual_report_carries_the_section(demo: None) -> None:
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command(
            "report_annual", year=YEAR, territory="351600000", fmt="json", language="en", stdout=out
        )  # fmt: skip
    doc = json.loads(out.getvalue())
    section = next(s for s in doc["sections"] if s["code"] == "centres")
    figures = {f["code"]: f for f in section["figures"]}
    assert figures["centres.registered"]["value"] == 90
    assert figures["centres.events"]["unit"] == "events"
