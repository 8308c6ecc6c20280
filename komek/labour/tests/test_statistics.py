"""The figures other state bodies publish (ADR 0050): the labour force of a quarter and the single
aggregate payment. Each bad input is refused naming its field, writes nothing and is audited; the
named queries read a territory's own record or its parts', never both; the rate, the share and the
change against the year before are computed; the pages check capability and territory; the annual
report of Almaty for 2020 prints the report's figures from the demo's records."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from komek.accounts.policy import system
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog
from komek.demo.labour import ESP_PAYERS, ESP_PAYMENTS, demo_almaty_statistics
from komek.labour.models import EspPayments, LabourForceStatistics
from komek.labour.report import esp_figures, market_records, statistics_figures
from komek.labour.selectors import (
    esp_year_in,
    labour_force_in,
    labour_force_of,
    labour_force_quarter,
)
from komek.labour.services import esp_record, labour_force_record

pytestmark = pytest.mark.django_db
Login = Callable[[Any], Client]
ALMATY, ALMALY, AUEZOV = "750000000", "751110000", "751210000"
Q3_2020 = {"labour_force": "1 008,5", "employed": "954,8", "self_employed": "82", "unemployed": "53,8"}


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse").count()


def _stats(actor: Any, kato: Any = ALMATY, year: Any = 2020, quarter: Any = 3, **values: Any) -> Any:
    return labour_force_record(
        actor=actor,
        kato=kato,
        year=year,
        quarter=quarter,
        source_title="Основные индикаторы рынка труда",
        source_number="12",
        published_on=values.pop(
            "published_on", dt.date(year, 12, 1) if quarter < 4 else dt.date(year + 1, 2, 1)
        ),
        **(values or Q3_2020),
    )


def _esp(actor: Any, kato: str = ALMATY, year: int = 2020, month: int = 0, **values: Any) -> Any:
    return esp_record(
        actor=actor,
        kato=kato,
        year=year,
        month=month,
        payers=values.pop("payers", 100),
        payments=values.pop("payments", 1000),
        source_title="ДГД по г. Алматы",
        received_on=values.pop("received_on", dt.date(year, 12, 31)),
        **values,
    )


def _refused(call: Callable[[], Any], field: str, model: Any) -> str:
    """The call is refused naming ``field``, nothing of ``model`` more is written, the refusal audited."""
    rows, refusals = model.objects.count(), _refusals()
    with pytest.raises(DomainError) as exc:
        call()
    assert exc.value.field == field, (exc.value.field, str(exc.value))
    assert model.objects.count() == rows and _refusals() == refusals + 1
    return str(exc.value)


# --- services --------------------------------------------------------------------------------------


def test_the_published_figures_are_kept_in_persons_with_who_entered_them(almaty_counsellor: Any) -> None:
    """954,8 + 53,8 is 1 008,6, not 1 008,5: the bulletin's rounding (0.1 thousand) is accepted."""
    done = _stats(almaty_counsellor)
    assert (done.labour_force, done.employed, done.self_employed, done.unemployed) == (
        1_008_500,
        954_800,
        82_000,
        53_800,
    )
    assert done.unemployment_rate == Decimal("5.3") and done.self_employed_share == Decimal("8.6")
    assert done.entered_by == almaty_counsellor and done.entered_by_name == "almaty"
    row = AuditLog.objects.get(action="create", object_type="labour.labourforcestatistics")
    assert row.territory == ALMATY and row.changes["labour_force"] == [None, 1_008_500]


def test_the_employed_and_unemployed_must_make_the_labour_force(almaty_counsellor: Any) -> None:
    values = {**Q3_2020, "labour_force": "1 010,0"}
    message = _refused(lambda: _stats(almaty_counsellor, **values), "labour_force", LabourForceStatistics)
    assert "1008.6" in message and "1010.0" in message


def test_more_self_employed_than_employed_is_refused(almaty_counsellor: Any) -> None:
    values = {**Q3_2020, "self_employed": "960"}
    _refused(lambda: _stats(almaty_counsellor, **values), "self_employed", LabourForceStatistics)


def test_a_figure_finer_than_published_or_not_a_number_is_refused(almaty_counsellor: Any) -> None:
    _refused(
        lambda: _stats(almaty_counsellor, **{**Q3_2020, "employed": "954,85"}),
        "employed",
        LabourForceStatistics,
    )
    _refused(
        lambda: _stats(almaty_counsellor, **{**Q3_2020, "unemployed": "много"}),
        "unemployed",
        LabourForceStatistics,
    )


def test_a_quarter_in_the_future_or_not_ended_is_refused(almaty_counsellor: Any) -> None:
    today = timezone.localdate()
    future = _refused(
        lambda: _stats(almaty_counsellor, year=today.year + 1, quarter=1), "year", LabourForceStatistics
    )
    assert "future" in future
    current = (today.month - 1) // 3 + 1
    text = _refused(
        lambda: _stats(almaty_counsellor, year=today.year, quarter=current, published_on=today),
        "quarter",
        LabourForceStatistics,
    )
    assert "has not ended" in text
    _refused(lambda: _stats(almaty_counsellor, quarter=5), "quarter", LabourForceStatistics)


def test_statistics_published_before_the_quarter_ended_are_refused(almaty_counsellor: Any) -> None:
    early = dt.date(2020, 9, 30)
    _refused(lambda: _stats(almaty_counsellor, published_on=early), "published_on", LabourForceStatistics)


def test_a_quarter_recorded_twice_is_refused(almaty_counsellor: Any) -> None:
    _stats(almaty_counsellor)
    text = _refused(lambda: _stats(almaty_counsellor), "quarter", LabourForceStatistics)
    assert "already" in text


def test_another_territory_or_no_capability_is_refused(counsellor: Any, analyst_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        _stats(counsellor)  # a counsellor of Balkhash records no statistics of Almaty
    with pytest.raises(PermissionDenied):
        _stats(analyst_user, kato="351600000")
    with pytest.raises(PermissionDenied):
        _esp(counsellor)
    assert not LabourForceStatistics.objects.exists() and not EspPayments.objects.exists()


def test_the_single_aggregate_payment_and_its_bad_input(almaty_counsellor: Any) -> None:
    done = _esp(almaty_counsellor, payers=31_626, payments=458_970, amount=123_000)
    assert (done.month, done.payers, done.payments, done.amount) == (0, 31_626, 458_970, 123_000)
    assert done.entered_by_name == "almaty"
    assert "already" in _refused(lambda: _esp(almaty_counsellor), "month", EspPayments)
    assert "at least one payment" in _refused(
        lambda: _esp(almaty_counsellor, year=2019, payers=10, payments=9), "payers", EspPayments
    )
    today = timezone.localdate()
    _refused(lambda: _esp(almaty_counsellor, year=today.year + 1), "year", EspPayments)
    if today.month < 12:
        _refused(
            lambda: _esp(almaty_counsellor, year=today.year, month=today.month + 1, received_on=today),
            "month",
            EspPayments,
        )
    _refused(lambda: _esp(almaty_counsellor, year=2019, month=13), "month", EspPayments)
    _refused(
        lambda: _esp(almaty_counsellor, year=2019, month=6, received_on=dt.date(2019, 5, 31)),
        "received_on",
        EspPayments,
    )


def test_the_months_stay_within_their_year(almaty_counsellor: Any) -> None:
    """A month's payers are among the year's; the months' payments add up to no more than the year's."""
    _esp(almaty_counsellor, year=2019, payers=100, payments=1000)
    _esp(almaty_counsellor, year=2019, month=1, payers=80, payments=600)
    _refused(
        lambda: _esp(almaty_counsellor, year=2019, month=2, payers=101, payments=300), "payers", EspPayments
    )
    _refused(
        lambda: _esp(almaty_counsellor, year=2019, month=2, payers=90, payments=401), "payments", EspPayments
    )
    _esp(almaty_counsellor, year=2019, month=2, payers=90, payments=400)
    # A year recorded after its months includes them.
    _esp(almaty_counsellor, year=2018, month=3, payers=50, payments=500)
    _refused(lambda: _esp(almaty_counsellor, year=2018, payers=49, payments=900), "payers", EspPayments)
    _refused(lambda: _esp(almaty_counsellor, year=2018, payers=60, payments=499), "payments", EspPayments)


# --- selectors on constructed data -------------------------------------------------------------------


def test_the_city_and_its_districts_are_never_added_together(almaty_counsellor: Any) -> None:
    """The territory's own record, or without one its parts': a city's figure is not its record plus
    its districts'."""
    _stats(almaty_counsellor, kato=ALMALY, labour_force="100", employed="90", unemployed="10")
    _stats(almaty_counsellor, kato=AUEZOV, labour_force="200", employed="190", unemployed="10")
    parts = labour_force_of(actor=almaty_counsellor, year=2020, quarter=3, prefix="75")
    assert parts is not None and parts.labour_force == 300_000 and parts.self_employed is None
    assert parts.unemployment_rate == Decimal("6.7")  # 20 of 300
    _stats(almaty_counsellor)
    city = labour_force_in(actor=almaty_counsellor, year=2020, quarter=3, prefix="75")
    assert [s.kato_id for s in city] == [ALMATY]
    district = labour_force_of(actor=almaty_counsellor, year=2020, quarter=3, prefix="7511")
    assert district is not None and district.labour_force == 100_000


def test_the_last_quarter_and_the_change_against_the_year_before(almaty_counsellor: Any) -> None:
    _stats(almaty_counsellor, quarter=2, labour_force="1000", employed="950", unemployed="50")
    _stats(almaty_counsellor)
    assert labour_force_quarter(actor=almaty_counsellor, year=2020, prefix="75") == 3
    alone = {f.code: f.value for f in statistics_figures(actor=almaty_counsellor, year=2020, prefix="75")}
    assert alone["labour_market.labour_force"] == 1_008_500
    assert alone["labour_market.labour_force.change"] is None  # nothing published for 2019
    _stats(almaty_counsellor, year=2019, labour_force="987,0", employed="936,7", unemployed="50,3")
    f = {f.code: f.value for f in statistics_figures(actor=almaty_counsellor, year=2020, prefix="75")}
    assert f["labour_market.labour_force.change"] == 21_500
    assert f["labour_market.employed.change"] == 18_100
    assert f["labour_market.unemployed.change"] == 3_500
    assert f["labour_market.self_employed.change"] is None  # not published for 2019
    assert f["labour_market.unemployment_rate"] == Decimal("5.3")
    assert f["labour_market.self_employed.share"] == Decimal("8.6")
    for code in ("labour_market.labour_force", "labour_market.employed", "labour_market.unemployed"):
        records = market_records(actor=almaty_counsellor, year=2020, prefix="75", code=code)
        assert records is not None and records.total() == f[code] and records.count() == 1
    assert (
        market_records(
            actor=almaty_counsellor, year=2020, prefix="75", code="labour_market.unemployment_rate"
        )
        is None
    )


def test_the_figures_of_a_territory_are_the_actors(almaty_counsellor: Any, counsellor: Any) -> None:
    _stats(almaty_counsellor)
    _esp(almaty_counsellor)
    assert statistics_figures(actor=counsellor, year=2020, prefix="") == []
    assert esp_figures(actor=counsellor, year=2020, prefix="") == []
    assert statistics_figures(actor=counsellor, year=2020, prefix="3516") == []


def test_the_years_payers_are_the_years_report(almaty_counsellor: Any) -> None:
    _esp(almaty_counsellor, kato=ALMALY, month=1, payers=70, payments=80)
    assert esp_figures(actor=almaty_counsellor, year=2020, prefix="75") == []  # months are not added up
    _esp(almaty_counsellor, kato=ALMALY, payers=100, payments=900)
    _esp(almaty_counsellor, kato=AUEZOV, payers=50, payments=400, amount=10)
    f = {f.code: f.value for f in esp_figures(actor=almaty_counsellor, year=2020, prefix="75")}
    assert (f["labour_market.esp.payers"], f["labour_market.esp.payments"]) == (150, 1300)
    assert f["labour_market.esp.amount"] is None  # not given for one district
    _esp(almaty_counsellor, payers=160, payments=1400)
    assert [e.kato_id for e in esp_year_in(actor=almaty_counsellor, year=2020, prefix="75")] == [ALMATY]
    f = {f.code: f.value for f in esp_figures(actor=almaty_counsellor, year=2020, prefix="75")}
    assert (f["labour_market.esp.payers"], f["labour_market.esp.payments"]) == (160, 1400)
    records = market_records(
        actor=almaty_counsellor, year=2020, prefix="75", code="labour_market.esp.payments"
    )
    assert records is not None and records.total() == 1400


# --- pages ---------------------------------------------------------------------------------------------


def test_the_pages_record_and_show_for_the_territory(login: Login, almaty_counsellor: Any) -> None:
    client = login(almaty_counsellor)
    assert client.get("/labour/statistics/").status_code == 200
    done = client.post(
        "/labour/statistics/new/",
        {
            "statistics-kato": ALMATY,
            "statistics-year": "2020",
            "statistics-quarter": "3",
            "statistics-labour_force": "1 008,5",
            "statistics-employed": "954,8",
            "statistics-self_employed": "82",
            "statistics-unemployed": "53,8",
            "statistics-source_title": "Основные индикаторы рынка труда",
            "statistics-published_on": "2020-11-13",
        },
    )
    assert done.status_code == 302 and done["Location"] == f"/labour/statistics/?kato={ALMATY}&year=2020"
    page = client.get(done["Location"]).content.decode()
    assert 'data-code="labour_market.unemployment_rate"' in page and "1008500" in page
    book = client.get(f"/labour/statistics/?kato={ALMATY}&year=2020&format=xlsx")
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "labour-force-2020.xlsx" in book["Content-Disposition"]
    esp = client.post(
        "/labour/esp/new/",
        {
            "esp-kato": ALMATY,
            "esp-year": "2020",
            "esp-month": "0",
            "esp-payers": "31626",
            "esp-payments": "458970",
            "esp-source_title": "ДГД по г. Алматы",
            "esp-received_on": "2020-12-31",
        },
    )
    assert esp.status_code == 302
    assert 'data-code="labour_market.esp.payers"' in client.get(esp["Location"]).content.decode()
    assert client.get(f"/labour/esp/?kato={ALMATY}&year=2020&format=xlsx").status_code == 200
    figures = client.get(f"/labour/figures/?kato={ALMATY}&year=2020").content.decode()
    assert (
        'data-code="labour_market.labour_force"' in figures
        and 'data-code="labour_market.esp.payments"' in figures
    )
    assert AuditLog.objects.filter(action="create", actor=almaty_counsellor).count() == 2


def test_bad_input_on_the_page_names_its_field_and_writes_nothing(
    login: Login, almaty_counsellor: Any
) -> None:
    client = login(almaty_counsellor)
    bad = client.post(
        "/labour/statistics/new/",
        {
            "statistics-kato": ALMATY,
            "statistics-year": "2020",
            "statistics-quarter": "3",
            "statistics-labour_force": "1 020,0",
            "statistics-employed": "954,8",
            "statistics-unemployed": "53,8",
            "statistics-source_title": "Бюллетень",
            "statistics-published_on": "2020-11-13",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and "rounding of the published figures" in text
    assert "field has-error" in text and 'id="id_statistics-labour_force"' in text
    assert not LabourForceStatistics.objects.exists() and _refusals() == 1
    esp = client.post(
        "/labour/esp/new/",
        {
            "esp-kato": ALMATY,
            "esp-year": "2020",
            "esp-month": "0",
            "esp-payers": "10",
            "esp-payments": "5",
            "esp-source_title": "ДГД",
            "esp-received_on": "2020-12-31",
        },
    )
    assert esp.status_code == 400 and "at least one payment" in esp.content.decode()
    assert not EspPayments.objects.exists()


def test_who_sees_and_who_records(
    login: Login, analyst_user: Any, caseworker: Any, counsellor: Any, almaty_counsellor: Any
) -> None:
    _stats(almaty_counsellor)
    viewer = login(analyst_user)
    page = viewer.get("/labour/statistics/").content.decode()
    assert 'id="statistics-form"' not in page
    assert viewer.post("/labour/statistics/new/", {}).status_code == 403
    assert viewer.post("/labour/esp/new/", {}).status_code == 403
    assert login(caseworker).get("/labour/statistics/").status_code == 403
    assert login(caseworker).get("/labour/esp/").status_code == 403
    # A counsellor of Balkhash neither sees Almaty's statistics nor can choose Almaty.
    balkhash = login(counsellor)
    assert "1008500" not in balkhash.get(f"/labour/statistics/?kato={ALMATY}&year=2020").content.decode()
    other = balkhash.post(
        "/labour/statistics/new/",
        {"statistics-kato": ALMATY, "statistics-year": "2019", "statistics-quarter": "3"},
    )
    assert other.status_code == 400 and LabourForceStatistics.objects.count() == 1


# --- the annual report ---------------------------------------------------------------------------------


def test_the_annual_report_of_almaty_2020_prints_the_reports_figures(kato: None) -> None:
    """ "численность рабочей силы за 3 квартал 2020 года составила 1 008,5 тыс. чел., что на 21,5 тыс.
    чел. больше, чем в 2019 году, в т.ч. занятое население – 954,8 тыс. чел. (рост на 18,1 тыс. чел.).
    ... самостоятельно занятые составляют 82 тыс. чел., их доля ... 8,6%. Численность безработных –
    53,8 тыс. чел., уровень безработицы – 5,3%. ... лица, оплатившие ЕСП – 31 626 чел., которыми
    произведено 458 970 платежей" (the report of the Almaty Social Welfare Department for 2020)."""
    assert demo_almaty_statistics(system("tests")) == 3
    assert demo_almaty_statistics(system("tests")) == 0  # idempotent
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("report_annual", year=2020, territory=ALMATY, fmt="json", language="ru", stdout=out)
    doc = json.loads(out.getvalue())
    market = next(s for s in doc["sections"] if s["code"] == "labour_market")
    f = {x["code"]: x for x in market["figures"]}
    expected = {
        "labour_market.labour_force": 1_008_500,
        "labour_market.labour_force.change": 21_500,
        "labour_market.employed": 954_800,
        "labour_market.employed.change": 18_100,
        "labour_market.self_employed": 82_000,
        "labour_market.self_employed.share": 8.6,
        "labour_market.unemployed": 53_800,
        "labour_market.unemployment_rate": 5.3,
        "labour_market.esp.payers": ESP_PAYERS,
        "labour_market.esp.payments": ESP_PAYMENTS,
    }
    assert {code: f[code]["value"] for code in expected} == expected
    assert f["labour_market.esp.amount"]["value"] is None  # the report gives no amount
    assert f["labour_market.labour_force"]["previous"] == 987_000
    assert f["labour_market.employed"]["previous"] == 936_700
    assert (
        f["labour_market.labour_force"]["label"]
        == "Численность рабочей силы за 3 квартал по данным статистики"
    )
    assert f["labour_market.labour_force.change"]["label"] == "Рабочая сила: изменение к 3 кварталу 2019 года"
    assert f["labour_market.esp.payers"]["label"] == "Лица, оплатившие единый совокупный платеж (ЕСП)"
    codes = list(f)
    assert codes.index("labour_market.labour_force") < codes.index("labour_market.surveyed")
    assert codes.index("labour_market.surveyed") < codes.index("labour_market.esp.payers")


def test_the_bulletins_table_is_imported_all_or_nothing(login: Login, almaty_counsellor: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = (
        "kato;year;quarter;labour_force;employed;self_employed;unemployed;source_title;source_number;"
        "published_on\n"
    )
    good = f"{ALMATY};2019;3;987,0;936,7;;50,3;Бюллетень;7;2019-11-13\n"
    bad = f"{ALMATY};2020;3;1 020,0;954,8;82;53,8;Бюллетень;8;2020-11-13\n"
    twice = f"{ALMATY};2019;3;987,0;936,7;;50,3;Бюллетень;7;2019-11-13\n"
    client = login(almaty_counsellor)

    def upload(text: str) -> Any:
        return client.post("/labour/statistics/import/", {"file": SimpleUploadedFile("t.csv", text.encode())})

    refused = upload(header + good + bad + twice)
    page = refused.content.decode()
    assert refused.status_code == 400 and 'id="import-errors"' in page
    assert "rounding of the published figures" in page and "The same quarter is on row 2" in page
    assert not LabourForceStatistics.objects.exists() and _refusals() == 1
    done = upload(header + good + f"{ALMATY};2020;3;1 008,5;954,8;82;53,8;Бюллетень;8;2020-11-13\n")
    assert done.status_code == 302 and LabourForceStatistics.objects.count() == 2
    assert AuditLog.objects.filter(action="import", object_type="labour.labourforcestatistics").count() == 2
    again = upload(header + good)
    assert again.status_code == 400 and "recorded for this territory already" in again.content.decode()
