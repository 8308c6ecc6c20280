"""Employment pages: capability and territory, field errors, query budgets, the XLSX export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from komek.accounts.choices import Role
from komek.employment.models import Jobseeker, Referral
from komek.employment.tests.conftest import BALKHASH, DOCS


@pytest.fixture
def client_of(db: Any) -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


def test_registrar_cannot_open_employment_pages(registrar: Any, client_of: Callable[[Any], Client]) -> None:
    """A registrar's role gives no access to the employment centre's figures (403)."""
    assert client_of(registrar).get(reverse("employment:figures")).status_code == 403


def test_an_analyst_sees_the_figures_but_no_jobseeker(
    make_user: Callable[..., Any], make_jobseeker: Callable[..., Any], client_of: Callable[[Any], Client]
) -> None:
    """An analyst sees the figures but no page that names a jobseeker."""
    js = make_jobseeker()
    analyst = client_of(make_user(Role.ANALYST, username="emp_analyst", units=[BALKHASH]))
    assert analyst.get(reverse("employment:figures")).status_code == 200
    assert analyst.get(reverse("employment:jobseeker_list")).status_code == 403
    assert analyst.get(reverse("employment:jobseeker_detail", args=[js.pk])).status_code == 403
    assert analyst.get(reverse("employment:jobseeker_match", args=[js.pk])).status_code == 403


def test_register_refer_and_hire_through_pages(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    make_person: Callable[..., Any],
    make_vacancy: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """Registration errors land on the field; a hire moves the figures page."""
    today = timezone.localdate()
    vacancy = make_vacancy("7212", 200_000, opened_on=today)
    person = make_person()
    c = client_of(counsellor)
    data = {
        "iin": person.iin,
        "on": today.isoformat(),
        "documents": ["identity"],
        "professions": "7212",
        "education": 2,
        "experience_years": 0,
        "desired_wage": 150000,
    }
    response = c.post(reverse("employment:jobseeker_create"), data)
    assert response.status_code == 200 and "documents" in response.context["form"].errors
    data["documents"] = DOCS
    response = c.post(reverse("employment:jobseeker_create"), data)
    js = Jobseeker.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == reverse(
        "employment:jobseeker_detail", args=[js.pk]
    )
    with django_assert_max_num_queries(20):
        page = c.get(reverse("employment:jobseeker_match", args=[js.pk]))
    assert vacancy.title in page.content.decode()
    c.post(reverse("employment:referral_create", args=[js.pk, vacancy.pk]))
    referral = Referral.objects.get(jobseeker=js)
    c.post(
        reverse("employment:referral_outcome", args=[referral.pk]),
        {"outcome": "hired", "on": today.isoformat()},
    )
    with django_assert_max_num_queries(20):
        figures = c.get(reverse("employment:figures"), {"year": today.year})
    assert figures.context["figures"].employed == 1
    export = c.get(reverse("employment:figures_export"), {"year": today.year})
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    labels = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert any(
        v == 1
        for k, v in ((k, r[2]) for k, r in labels.items())
        if "mploy" in str(k) or "рудоустро" in str(k)
    )


def test_lists_have_bounded_queries(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    make_jobseeker: Callable[..., Any],
    make_vacancy: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """The lists of jobseekers, vacancies, employers and contracts take at most 12 queries."""
    for _ in range(5):
        make_jobseeker()
        make_vacancy()
    c = client_of(counsellor)
    for name in ("jobseeker_list", "vacancy_list", "employer_list", "contract_list"):
        with django_assert_max_num_queries(12):
            assert c.get(reverse(f"employment:{name}")).status_code == 200


def test_other_territory_gets_404(
    make_user: Callable[..., Any], client_of: Callable[[Any], Client], make_jobseeker: Callable[..., Any]
) -> None:
    """A jobseeker of another territory is not found (404) by a counsellor of Almaty."""
    js = make_jobseeker()
    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=("751110000",))
    assert client_of(almaty).get(reverse("employment:jobseeker_detail", args=[js.pk])).status_code == 404


_ = (dt, BALKHASH)


def test_measure_completion_and_vacancy_withdrawal_pages(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    make_jobseeker: Callable[..., Any],
    make_vacancy: Callable[..., Any],
    make_employer: Callable[..., Any],
) -> None:
    """A course finished with a job after it; a vacancy withdrawn; both in the history."""
    from komek.employment.services.measures import measure_enrol

    js = make_jobseeker()
    work = measure_enrol(
        actor=counsellor,
        kind="public_works",
        person=js.person,
        employer=make_employer(),
        date_from=dt.date(2025, 4, 1),
        date_to=dt.date(2025, 6, 30),
        monthly_wage=85_000,
    )
    c = client_of(counsellor)
    url = reverse("employment:measure_complete", args=[work.pk])
    response = c.post(
        url, {"outcome": "completed", "on": "2025-03-01", "days_worked": 40, "paid_total": 160000}
    )
    assert "on" in response.context["form"].errors
    response = c.post(
        url, {"outcome": "completed", "on": "2025-06-30", "days_worked": 40, "paid_total": 160000}
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert (work.outcome, work.days_worked, work.paid_total) == ("completed", 40, 160_000)
    vacancy = make_vacancy()
    c.post(reverse("employment:vacancy_withdraw", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == "closed" and vacancy.events.count() == 2
    page = c.get(reverse("employment:vacancy_detail", args=[vacancy.pk]))
    assert page.status_code == 200


def test_the_employers_list_finds_filters_and_exports(
    counsellor: Any, client_of: Callable[[Any], Client], make_employer: Callable[..., Any],
    make_vacancy: Callable[..., Any],
) -> None:  # fmt: skip
    """Employers found by name or the start of the BIN, narrowed to those hiring, sorted by their open
    vacancies, exported as the list found."""
    hiring = make_vacancy().employer  # the fixture's employer, with one open vacancy
    quiet = make_employer(name="ТОО «Тыныш»", size="medium")
    c = client_of(counsellor)
    url = reverse("employment:employer_list")
    found = c.get(url, {"q": quiet.bin[:8]}).context["listing"].page.object_list
    assert quiet in found
    assert [e.pk for e in c.get(url, {"hiring": "yes"}).context["listing"].page.object_list] == [hiring.pk]
    assert [e.pk for e in c.get(url, {"hiring": "no"}).context["listing"].page.object_list] == [quiet.pk]
    assert [e.pk for e in c.get(url, {"size": "medium"}).context["listing"].page.object_list] == [quiet.pk]
    ordered = c.get(url, {"sort": "-vacancies"}).context["listing"].page.object_list
    assert [e.pk for e in ordered][:1] == [hiring.pk] and ordered[0].open_vacancies == 1
    export = c.get(url, {"hiring": "no", "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert quiet.bin in cells and hiring.bin not in cells
