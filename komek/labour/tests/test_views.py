"""The labour pages: who sees and who records, bad input shown on the field it names with nothing
written, the import of surveys all or nothing with the row named, the figures and their XLSX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from komek.employment.bin import make_bin
from komek.labour.models import Fine, Inspection, Survey, WageArrear

pytestmark = pytest.mark.django_db
Login = Callable[[Any], Client]


def _workbook(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "bin",
            "month",
            "staff",
            "hired",
            "quit",
            "released",
            "unpaid_leave",
            "part_time",
            "downtime",
            "stoppage",
            "forecast",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("surveys.xlsx", out.getvalue())


def test_the_pages_open_for_the_counsellor(login: Login, counsellor: Any, enterprise: Any) -> None:
    client = login(counsellor)
    assert "ТОО «Балхаш Строй»" in client.get("/labour/").content.decode()
    assert client.get("/labour/?format=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    card = client.get(f"/labour/{enterprise.pk}/").content.decode()
    assert 'id="inspection-form"' in card and 'id="repayment-form"' in card
    assert client.get("/labour/figures/").status_code == 200
    assert client.get("/labour/figures/?kato=351600000&year=2020&format=xlsx").status_code == 200


def test_the_analyst_views_and_records_nothing(login: Login, analyst_user: Any, enterprise: Any) -> None:
    client = login(analyst_user)
    assert 'id="inspection-form"' not in client.get(f"/labour/{enterprise.pk}/").content.decode()
    assert (
        client.post(f"/labour/{enterprise.pk}/accident/", {"accident-date": "2020-03-01"}).status_code == 403
    )


def test_another_territory_is_not_found(login: Login, almaty_counsellor: Any, enterprise: Any) -> None:
    assert login(almaty_counsellor).get(f"/labour/{enterprise.pk}/").status_code == 404


def test_bad_input_is_shown_on_its_field(login: Login, counsellor: Any, enterprise: Any) -> None:
    client = login(counsellor)
    bad = client.post(
        "/labour/new/",
        {"enterprise-bin": "123456789012", "enterprise-name": "X", "enterprise-kato": "351610000"},
    )
    assert bad.status_code == 400 and "BIN" in bad.content.decode()
    fined = client.post(
        f"/labour/{enterprise.pk}/inspection/",
        {
            "inspection-date": "2020-03-02",
            "inspection-kind": "unplanned",
            "inspection-fine_article": "ст. 87",
            "inspection-fine_amount": "100000",
        },
    )
    assert fined.status_code == 400 and "A fine is imposed for a violation" in fined.content.decode()
    assert not Inspection.objects.exists()
    released = client.post(
        f"/labour/{enterprise.pk}/survey/",
        {"survey-month": "2020-03-01", "survey-staff": "5", "survey-released": "6"},
    )
    assert released.status_code == 400 and "cannot be more than the staff" in released.content.decode()
    assert not Survey.objects.exists()


def test_an_inspection_an_arrear_and_a_repayment_through_the_card(
    login: Login, counsellor: Any, enterprise: Any
) -> None:
    client = login(counsellor)
    done = client.post(
        f"/labour/{enterprise.pk}/inspection/",
        {
            "inspection-date": "2020-03-02",
            "inspection-kind": "unplanned",
            "inspection-violations": "ст. 113",
            "inspection-orders": "1",
            "inspection-fine_article": "ст. 87",
            "inspection-fine_amount": "100000",
        },
    )
    assert done.status_code == 302
    fine = Fine.objects.get()
    paid = client.post(
        f"/labour/{enterprise.pk}/fine/",
        {"fine-fine_id": fine.pk, "fine-status": "paid", "fine-on": "2020-03-20"},
    )
    assert paid.status_code == 302
    client.post(
        f"/labour/{enterprise.pk}/arrear/",
        {"arrear-recorded_on": "2020-04-01", "arrear-workers": "3", "arrear-amount": "300000"},
    )
    arrear = WageArrear.objects.get()
    above = client.post(
        f"/labour/{enterprise.pk}/repayment/",
        {"repayment-arrear_id": arrear.pk, "repayment-date": "2020-05-01", "repayment-amount": "300001"},
    )
    assert above.status_code == 400 and "above the outstanding arrear" in above.content.decode()
    ok = client.post(
        f"/labour/{enterprise.pk}/repayment/",
        {"repayment-arrear_id": arrear.pk, "repayment-date": "2020-05-01", "repayment-amount": "100000"},
    )
    assert ok.status_code == 302
    page = client.get("/labour/figures/?kato=351600000&year=2020").content.decode()
    assert 'data-code="labour.arrears.repaid"' in page


def test_the_import_is_all_or_nothing_and_names_the_row(
    login: Login, counsellor: Any, enterprise: Any
) -> None:
    client = login(counsellor)
    other = make_bin(2004, 5, 999)
    refused = client.post(
        "/labour/import/",
        {
            "file": _workbook(
                [
                    [enterprise.bin, "2020-01", 120, 2, 1, 0, 0, 0, 0, 0, 0],
                    [other, "2020-01", 50, 0, 0, 0, 0, 0, 0, 0, 0],
                    [enterprise.bin, "2020-02", 10, 0, 0, 11, 0, 0, 0, 0, 0],
                ]
            )
        },
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "No enterprise with this BIN" in text and "Row 3" in text
    assert ">4<" in text.replace(" ", "")  # the third data row (row 4) is named too: released > staff
    assert not Survey.objects.exists()
    done = client.post(
        "/labour/import/",
        {
            "file": _workbook(
                [
                    [enterprise.bin, dt.date(2020, 1, 1), 120, 2, 1, 0, 0, 0, 0, 0, 0],
                    [enterprise.bin, "2020-02", 121, 1, 0, 0, 0, 0, 0, 7, 0],
                ]
            )
        },
    )
    assert done.status_code == 302 and Survey.objects.count() == 2
    assert Survey.objects.get(month=dt.date(2020, 2, 1)).stoppage == 7  # the partial stoppage's column
