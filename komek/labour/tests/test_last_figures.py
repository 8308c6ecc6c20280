"""The last figures of labour relations and of the monitoring from constructed records: the fines for
late wages selected by the legislation's articles, the arrears still owed at bankrupt enterprises
beside the others', the partial stoppage of the monthly survey and the road maps' share of the
enterprises of over 250 staff. Each traced figure's records add up to it."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from komek.common.errors import DomainError
from komek.employment.bin import make_bin
from komek.labour.articles import article_number, wage_articles
from komek.labour.models import Fine
from komek.labour.report import market_figures, market_records, relations_figures, relations_records
from komek.labour.services import (
    arrear_record,
    enterprise_register,
    inspection_record,
    repayment_record,
    road_map_record,
    survey_record,
)

pytestmark = pytest.mark.django_db
YEAR = 2020
TOWN = "351610000"
_serial = itertools.count(300)


def _enterprise(actor: Any, staff: int = 120) -> Any:
    code = None
    while code is None:
        n = next(_serial)
        code = make_bin(2004, 5, n)
    return enterprise_register(actor=actor, bin=code, name=f"ТОО «Балхаш {n}»", kato=TOWN, staff=staff)


def _figures(actor: Any, year: int = YEAR) -> dict[str, Any]:
    found = market_figures(actor=actor, year=year, prefix="3516")
    found += relations_figures(actor=actor, year=year, prefix="3516")
    return {f.code: f.value for f in found}


def _records(actor: Any, code: str) -> Any:
    where = {"actor": actor, "year": YEAR, "prefix": "3516", "code": code}
    return market_records(**where) or relations_records(**where)


def test_the_legislation_names_the_articles_about_wages() -> None:
    """Article 87 of the Code of Administrative Offences is about wages from 2016; a fine's text
    gives its article's number."""
    assert wage_articles(year=2020) == wage_articles(year=2020, region="3516") == [87]
    assert wage_articles(year=2015) == []
    assert article_number("ст. 87 ч. 1") == 87
    assert article_number("ч. 2 ст. 86") == 86
    assert article_number("87-бап 1-бөлігі") == 87
    assert article_number("КоАП") is None


def test_fines_for_late_wages_are_selected_by_their_article(counsellor: Any) -> None:
    """Two enterprises fined under article 87 in the year (one of them also under article 86, and
    the year before): the wage figures count them and their article-87 fines only."""
    one, two = _enterprise(counsellor), _enterprise(counsellor)
    inspection_record(
        actor=counsellor, enterprise_id=one.pk, date=dt.date(YEAR, 3, 2), kind="unplanned", orders=2,
        violations=["ст. 113", "ст. 23"],
        fines=[
            {"violation": "ст. 113", "article": "ст. 87 ч. 1", "amount": 240_500},
            {"violation": "ст. 23", "article": "ст. 86 ч. 1", "amount": 120_250},
        ],
    )  # fmt: skip
    inspection_record(
        actor=counsellor, enterprise_id=two.pk, date=dt.date(YEAR, 5, 4), kind="unplanned", orders=1,
        violations=["ст. 113"], fines=[{"article": "статья 87 часть 2", "amount": 300_000}],
    )  # fmt: skip
    inspection_record(
        actor=counsellor, enterprise_id=one.pk, date=dt.date(YEAR - 1, 11, 5), kind="planned",
        violations=["ст. 113"], fines=[{"article": "ст. 87", "amount": 100_000}],
    )  # fmt: skip
    f = _figures(counsellor)
    assert (f["labour.fines.wages.enterprises"], f["labour.fines.wages.amount"]) == (2, 540_500)
    assert (f["labour.fines.enterprises"], f["labour.fines.amount"]) == (2, 660_750)
    for code in ("labour.fines.wages.enterprises", "labour.fines.wages.amount"):
        records = _records(counsellor, code)
        assert records is not None and records.total() == f[code], code
    before = _figures(counsellor, YEAR - 1)
    assert (before["labour.fines.wages.enterprises"], before["labour.fines.wages.amount"]) == (1, 100_000)
    assert list(Fine.objects.order_by("article_number").values_list("article_number", flat=True)) == [
        86,
        87,
        87,
        87,
    ]
    with pytest.raises(DomainError) as exc:
        inspection_record(
            actor=counsellor, enterprise_id=two.pk, date=dt.date(YEAR, 6, 1), kind="unplanned",
            violations=["ст. 113"], fines=[{"article": "КоАП", "amount": 1_000}],
        )  # fmt: skip
    assert exc.value.field == "fine_article"
    assert Fine.objects.count() == 4  # nothing half-written


def test_arrears_still_owed_at_bankrupt_enterprises_and_at_the_others(counsellor: Any) -> None:
    """A bankrupt enterprise still owes 3.6 million to 12 workers at the year's end; another bankrupt
    one repaid in full; a working one repays only after the year's end."""
    broke, paid_up, working = (_enterprise(counsellor) for _ in range(3))
    owed = arrear_record(
        actor=counsellor, enterprise_id=broke.pk, recorded_on=dt.date(YEAR - 1, 9, 1), workers=12,
        amount=5_000_000, bankrupt=True,
    )  # fmt: skip
    repayment_record(actor=counsellor, arrear_id=owed.pk, date=dt.date(YEAR, 4, 1), amount=1_400_000)
    settled = arrear_record(
        actor=counsellor, enterprise_id=paid_up.pk, recorded_on=dt.date(YEAR, 2, 1), workers=3,
        amount=600_000, bankrupt=True,
    )  # fmt: skip
    repayment_record(actor=counsellor, arrear_id=settled.pk, date=dt.date(YEAR, 6, 1), amount=600_000)
    late = arrear_record(
        actor=counsellor, enterprise_id=working.pk, recorded_on=dt.date(YEAR, 3, 1), workers=7, amount=900_000
    )
    repayment_record(actor=counsellor, arrear_id=late.pk, date=dt.date(YEAR + 1, 1, 20), amount=900_000)
    f = _figures(counsellor)
    assert f["labour.arrears.bankrupt.amount"] == 3_600_000
    assert (f["labour.arrears.bankrupt.workers"], f["labour.arrears.bankrupt.enterprises"]) == (12, 1)
    assert f["labour.arrears.current.amount"] == 900_000
    assert f["labour.arrears.outstanding"] == 3_600_000 + 900_000
    for code in ("labour.arrears.bankrupt.workers", "labour.arrears.bankrupt.enterprises"):
        records = _records(counsellor, code)
        assert records is not None and records.total() == f[code], code
    for code in ("labour.arrears.bankrupt.amount", "labour.arrears.current.amount"):
        assert _records(counsellor, code) is None  # balances: computed
    after = _figures(counsellor, YEAR + 1)
    assert (after["labour.arrears.bankrupt.amount"], after["labour.arrears.current.amount"]) == (3_600_000, 0)


def test_partial_stoppage_is_a_state_of_the_last_survey(counsellor: Any, enterprise: Any) -> None:
    """More idle through a partial stoppage than the staff is refused naming the field; the figure
    reads the year's last survey, never a sum over months."""
    with pytest.raises(DomainError) as exc:
        survey_record(
            actor=counsellor, enterprise_id=enterprise.pk, month=dt.date(YEAR, 1, 1), staff=10, stoppage=11
        )
    assert exc.value.field == "stoppage"
    survey_record(
        actor=counsellor, enterprise_id=enterprise.pk, month=dt.date(YEAR, 1, 1), staff=120, stoppage=30
    )
    survey_record(
        actor=counsellor, enterprise_id=enterprise.pk, month=dt.date(YEAR, 2, 1), staff=118, stoppage=12
    )
    f = _figures(counsellor)
    assert f["labour_market.stoppage"] == 12
    records = _records(counsellor, "labour_market.stoppage")
    assert records is not None and records.total() == 12 and records.count() == 1


def test_the_road_maps_share_of_the_enterprises_of_over_250_staff(counsellor: Any) -> None:
    """Two enterprises have over 250 staff, one a road map: 50 %; a small one does not count."""
    big, _other, _small = (
        _enterprise(counsellor, 400),
        _enterprise(counsellor, 300),
        _enterprise(counsellor, 90),
    )
    assert _figures(counsellor)["labour_market.road_maps.share"] == Decimal("0.0")
    road_map_record(actor=counsellor, enterprise_id=big.pk, number="ДК-1", signed=dt.date(YEAR, 2, 20))
    f = _figures(counsellor)
    assert (f["labour_market.road_maps"], f["labour_market.road_maps.share"]) == (1, Decimal("50.0"))
    assert _records(counsellor, "labour_market.road_maps.share") is None  # a share: computed
