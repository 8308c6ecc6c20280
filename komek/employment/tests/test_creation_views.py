"""The job-creation pages: capability, a form's field error, the lists' XLSX, the import's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.employment.models import ExchangeVacancy, JobCreation, RoadMapProject
from komek.employment.tests.conftest import BALKHASH_TOWN, new_bin

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year  # noqa: DTZ011 (a calendar year for the forms)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_registrar_cannot_open_the_pages(registrar: Any) -> None:
    c = _client(registrar)
    for name in ("creation_figures", "project_list", "job_creation_list", "agency_list", "exchange_import"):
        assert c.get(reverse(f"employment:{name}")).status_code == 403, name


def test_a_project_recorded_and_a_bad_bin_named(counsellor: Any) -> None:
    c = _client(counsellor)
    data = {
        "project-kato": BALKHASH_TOWN, "project-title": "Сквер", "project-work_kind": "landscaping",
        "project-year_from": YEAR, "project-year_to": YEAR, "project-allocated": 1000,
        "project-jobs_planned": 4, "project-centre_share": 50, "project-employer_bin": "123456789012",
    }  # fmt: skip
    response = c.post(reverse("employment:project_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["employer_bin"]
    assert not RoadMapProject.objects.exists()
    data["project-employer_bin"] = ""
    response = c.post(reverse("employment:project_create"), data)
    project = RoadMapProject.objects.get()
    assert response["Location"] == reverse("employment:project_detail", args=[project.pk])
    assert c.get(response["Location"]).status_code == 200
    response = c.post(
        reverse("employment:project_hire", args=[project.pk]),
        {"hire-hired_on": f"{YEAR}-01-02", "hire-persons": 2, "hire-youth": 3, "hire-wage_total": 100},
    )
    assert response.status_code == 400 and response.context["hire_form"].errors["youth"]
    book = load_workbook(BytesIO(c.get(reverse("employment:project_list") + "?format=xlsx").content))
    assert "Сквер" in [cell.value for row in book.worksheets[0].iter_rows() for cell in row]


def test_jobs_created_list_and_plan(counsellor: Any) -> None:
    c = _client(counsellor)
    response = c.post(
        reverse("employment:job_creation_create"),
        {
            "created-kato": BALKHASH_TOWN, "created-bin": new_bin(), "created-enterprise": "ТОО «Тест»",
            "created-source": "nurly_zher", "created-kind": "temporary",
            "created-created_on": f"{YEAR}-01-02", "created-jobs": 12,
        },
    )  # fmt: skip
    assert response.status_code == 302 and JobCreation.objects.get().jobs == 12
    response = c.post(
        reverse("employment:job_plan"),
        {"plan-kato": BALKHASH_TOWN, "plan-year": YEAR, "plan-indicator": "jobs", "plan-planned": 24},
    )
    assert response.status_code == 302
    page = c.get(reverse("employment:job_creation_list"), {"source": "nurly_zher"})
    assert "ТОО «Тест»" in page.content.decode()
    figures = c.get(reverse("employment:creation_figures"), {"kato": "351600000", "year": str(YEAR)})
    got = {f.code: f for f in figures.context["figures"]}
    assert (got["job_creation.jobs"].value, got["job_creation.jobs"].plan) == (12, 24)
    assert got["job_creation.source.nurly_zher"].value == 12


def test_the_import_page_names_the_bad_row(counsellor: Any, make_employer: Callable[..., Any]) -> None:
    employer = make_employer()
    text = (
        "number,bin,employer_registered_on,title,posted_on,positions,wage\n"
        f"V-1,{employer.bin},{YEAR}-01-02,Сварщик,{YEAR}-01-03,1,150000\n"
        f"V-2,{employer.bin},{YEAR}-01-02,,{YEAR}-01-03,1,150000\n"
    )
    response = _client(counsellor).post(
        reverse("employment:exchange_import"),
        {"kind": "vacancies", "file": SimpleUploadedFile("v.csv", text.encode())},
    )
    assert response.status_code == 400
    assert [(e.line, e.field) for e in response.context["errors"]] == [(3, "title")]
    assert not ExchangeVacancy.objects.exists()


def test_an_agency_and_its_report(counsellor: Any) -> None:
    c = _client(counsellor)
    response = c.post(
        reverse("employment:agency_create"),
        {"agency-kato": BALKHASH_TOWN, "agency-bin": new_bin(), "agency-name": "ТОО «Кадры»",
         "agency-registered_on": f"{YEAR}-01-02"},
    )  # fmt: skip
    assert response.status_code == 302
    detail = response["Location"]
    response = c.post(
        detail + "report/",
        {"report-period_from": f"{YEAR}-01-01", "report-period_to": f"{YEAR}-01-31", "report-applied": 3,
         "report-employed": 4},
    )  # fmt: skip
    assert response.status_code == 400 and response.context["form"].errors["employed"]
    response = c.post(
        detail + "report/",
        {"report-period_from": f"{YEAR}-01-01", "report-period_to": f"{YEAR}-01-31", "report-applied": 30,
         "report-employed": 4},
    )  # fmt: skip
    assert response.status_code == 302
    assert "ТОО «Кадры»" in c.get(reverse("employment:agency_list")).content.decode()
