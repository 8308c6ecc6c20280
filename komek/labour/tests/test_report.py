"""The labour figures come out of the records: the demo town's 2018, made through the services,
gives back the Balkhash report's wage arrears (25.6 million tenge at 3 enterprises, reduced by 5.0
million) and the demo's own numbers; each figure's records add up to it; the annual report carries
both sections."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.demo.labour import ARREARS, ARREARS_TOTAL, REPAID, YEAR, demo_labour
from komek.labour.report import market_figures, market_records, relations_figures, relations_records

pytestmark = pytest.mark.django_db


#: Balances and shares: computed, not records.
UNTRACED = {
    "labour.arrears.outstanding",
    "labour.arrears.bankrupt.amount",
    "labour.arrears.current.amount",
    "labour_market.road_maps.share",
}


@pytest.fixture
def demo(kato: None) -> None:
    demo_labour(system("tests"))


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    found = market_figures(actor=actor, year=year, prefix=prefix)
    found += relations_figures(actor=actor, year=year, prefix=prefix)
    return {f.code: f.value for f in found}


def test_the_balkhash_arrears_of_2018_come_out_of_the_records(demo: None, counsellor: Any) -> None:
    f = _figures(counsellor, YEAR, "3516")
    assert f["labour.arrears.enterprises"] == len(ARREARS) == 3
    assert f["labour.arrears.amount"] == ARREARS_TOTAL == 1_100_000 + 23_700_000 + 800_000
    assert f["labour.arrears.repaid"] == REPAID == 5_000_000
    assert f["labour.arrears.outstanding"] == 20_600_000
    assert f["labour.arrears.workers"] == 14 + 96 + 9
    # Every enterprise repaid some of its arrear in 2018: their workers' rights are protected.
    assert f["labour.arrears.repaid.enterprises"] == 3
    assert f["labour.arrears.repaid.workers"] == 14 + 96 + 9
    # None of them is bankrupt: what is still owed is the working enterprises'.
    assert f["labour.arrears.bankrupt.amount"] == f["labour.arrears.bankrupt.workers"] == 0
    assert f["labour.arrears.bankrupt.enterprises"] == 0
    assert f["labour.arrears.current.amount"] == f["labour.arrears.outstanding"] == 20_600_000
    # The next year still owes what was not repaid, and repaid nothing.
    after = _figures(counsellor, YEAR + 1, "3516")
    assert after["labour.arrears.amount"] == ARREARS_TOTAL and after["labour.arrears.repaid"] == 0


def test_the_demo_year_and_its_records(demo: None, counsellor: Any) -> None:
    f = _figures(counsellor, YEAR, "3516")
    expected = {
        "labour_market.surveyed": 7,
        "labour_market.released": 6,
        "labour_market.released.enterprises": 2,
        "labour_market.memoranda": 2,
        "labour_market.memoranda.workers": 4700,
        "labour_market.road_maps": 1,
        "labour_market.forecast": 2,
        "labour_market.forecast.enterprises": 1,
        "labour_market.downtime": 12,
        "labour_market.stoppage": 5,
        # Three of the surveyed enterprises have over 250 staff; the smelter has the road map.
        "labour_market.road_maps.share": Decimal("33.3"),
        "labour_market.unpaid_leave": 4,
        "labour_market.part_time": 8,
        "labour.inspections": 5,
        "labour.inspections.unplanned": 3,
        "labour.violations": 5,
        "labour.orders": 5,
        "labour.fines": 2,
        "labour.fines.amount": 360_750,
        "labour.fines.paid": 240_500,
        "labour.fines.enterprises": 2,
        # Article 87 is about wages (the legislation's wage_fine_articles); article 86 is not.
        "labour.fines.wages.enterprises": 1,
        "labour.fines.wages.amount": 240_500,
        "labour.accidents": 3,
        "labour.accidents.victims": 5,
        "labour.accidents.light": 3,
        "labour.accidents.severe": 1,
        "labour.accidents.fatal": 1,
        "labour.collective_agreements": 3,
        "labour.collective_agreements.workers": 5630,
    }
    assert {code: f[code] for code in expected} == expected
    assert f["labour_market.staff"] > 6000 and f["labour_market.hired"] > f["labour_market.quit"]
    for code, value in f.items():
        records = market_records(actor=counsellor, year=YEAR, prefix="3516", code=code) or relations_records(
            actor=counsellor, year=YEAR, prefix="3516", code=code
        )
        if code in UNTRACED:
            assert records is None
            continue
        assert records is not None and records.total() == value, code
        assert len(records.show(list(records.queryset[:3]))) == min(3, records.count())


def test_a_territory_sees_only_its_own(demo: None, almaty_counsellor: Any) -> None:
    f = _figures(almaty_counsellor, YEAR, "")
    assert f["labour.arrears.amount"] == 0 and f["labour_market.surveyed"] == 0


def test_the_demo_is_idempotent(demo: None) -> None:
    assert demo_labour(system("tests")) == 0


def test_the_annual_report_carries_both_sections(demo: None) -> None:
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("report_annual", year=YEAR, territory="351600000", fmt="json", language="en", stdout=out)
    doc = json.loads(out.getvalue())
    codes = [s["code"] for s in doc["sections"]]
    assert codes.index("labour_market") < codes.index("labour_relations")
    relations = next(s for s in doc["sections"] if s["code"] == "labour_relations")
    figures = {f["code"]: f for f in relations["figures"]}
    assert figures["labour.arrears.amount"]["value"] == 25_600_000
    assert figures["labour.arrears.repaid"]["unit"] == "tenge"
