"""The case list as staff use it at scale: search by IIN, name or number, the filters, sorting by a
column, pages that keep the filters, the XLSX export of the rows found, and a clear error on a filter
it cannot read."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from komek.applications.models import Application
from komek.common.models import AuditLog
from komek.demo.applications import seed_cases

from .conftest import BALKHASH_TOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(household, caseworker):
    applicants = [(p.pk, BALKHASH_TOWN, household.family.pk) for p in (household.head, household.spouse)]
    seed_cases(applicants=applicants, caseworkers=[caseworker], count=120, prefix="L")
    return household


def _listed(response) -> list[Application]:
    assert response.status_code == 200
    return list(response.context["listing"].rows)


def test_search_by_iin_prefix_by_name_in_any_case_and_by_number(client, caseworker, cases):
    client.force_login(caseworker)
    head = cases.head
    by_iin = _listed(client.get("/services/", {"view": "all", "q": head.iin[:8]}))
    assert by_iin and {a.applicant_id for a in by_iin} <= {head.pk}
    by_name = _listed(client.get("/services/", {"view": "all", "q": f"{head.surname.lower()} {head.name}"}))
    assert by_name and {a.applicant_id for a in by_name} == {head.pk}
    number = Application.objects.order_by("id").values_list("number", flat=True)[0]
    by_number = _listed(client.get("/services/", {"view": "all", "q": number}))
    assert [a.number for a in by_number] == [number]
    nobody = client.get("/services/", {"view": "all", "q": "Zzyzx"})
    assert _listed(nobody) == [] and nobody.context["listing"].total == 0


def test_filters_narrow_and_the_pages_keep_them(client, caseworker, cases):
    client.force_login(caseworker)
    service = Application.objects.values_list("service_id", flat=True).order_by("id")[0]
    expected = Application.objects.filter(service_id=service, status="in_review").count()
    response = client.get("/services/", {"view": "all", "service": service, "status": "in_review"})
    listing = response.context["listing"]
    assert listing.total == expected
    assert all(a.service_id == service and a.status == "in_review" for a in listing.rows)
    all_cases = client.get("/services/", {"view": "all", "page": 2})
    assert "service=" not in all_cases.context["listing"].query
    html = client.get("/services/", {"view": "all", "status": "registered"}).content.decode()
    if Application.objects.filter(status="registered").count() > 50:
        assert "status=registered&amp;" in html and "page=2" in html


def test_territory_and_due_dates(client, caseworker, cases):
    client.force_login(caseworker)
    due = sorted(Application.objects.values_list("due_date", flat=True))
    middle = due[len(due) // 2]
    response = client.get(
        "/services/", {"view": "all", "territory": BALKHASH_TOWN[:4], "due_from": middle.isoformat()}
    )
    listing = response.context["listing"]
    assert listing.total == Application.objects.filter(due_date__gte=middle).count() > 0
    assert all(a.due_date >= middle for a in listing.rows)
    # A territory outside the user's is not among the choices: refused on its field, nothing listed from it.
    response = client.get("/services/", {"view": "all", "territory": "7511"})
    assert "territory" in response.context["listing"].filters.errors


def test_sorting_by_a_column_both_ways(client, caseworker, cases):
    client.force_login(caseworker)
    up = [a.number for a in _listed(client.get("/services/", {"view": "all", "sort": "number"}))]
    down = [a.number for a in _listed(client.get("/services/", {"view": "all", "sort": "-number"}))]
    assert up == sorted(up) and down == sorted(down, reverse=True) and up[0] != down[0]
    html = client.get("/services/", {"view": "all", "sort": "number"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-number" in html


def test_a_date_the_list_cannot_read_is_named_on_its_field(client, caseworker, cases):
    client.force_login(caseworker)
    client.cookies["django_language"] = "ru"
    response = client.get("/services/", {"view": "all", "due_from": "31.02.2026"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    errors = response.context["listing"].filters.errors
    assert list(errors) == ["due_from"]
    assert response.context["listing"].total == Application.objects.count()


def test_the_export_holds_every_row_found_and_is_audited(client, caseworker, cases):
    client.force_login(caseworker)
    response = client.get("/services/", {"view": "all", "q": cases.head.iin, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    expected = Application.objects.filter(applicant=cases.head).count()
    assert len(numbers) == expected > 50  # more than one page
    export = AuditLog.objects.filter(action="export", object_type="applications.application").get()
    assert export.changes["persons"] == [cases.head.pk]


def test_an_export_too_large_is_refused_with_the_numbers(client, caseworker, cases, settings, monkeypatch):
    from komek.common import lists

    monkeypatch.setattr(lists, "EXPORT_LIMIT", 10)
    client.force_login(caseworker)
    response = client.get("/services/", {"view": "all", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    # The message names how many rows are found and the limit, in the reader's language.
    (message,) = [str(m) for m in response.context["messages"]]
    digits = "".join(ch for ch in message if ch.isdigit() or ch == " ")
    assert str(Application.objects.count()) in digits.replace(" ", "") and "10" in digits.split()
    assert not AuditLog.objects.filter(action="export").exists()
