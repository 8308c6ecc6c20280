"""The pages of stays in special social services: admission through the form changes the centre's
occupancy and the year's figure; refusals are shown on their field; the list's XLSX; the analyst
sees the figures, never a person."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import BALKHASH
from komek.accounts.choices import Role
from komek.common.models import AuditLog
from komek.rehabilitation.models import SpecialStay
from komek.rehabilitation.services.special import centre_create

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(specialist):
    return centre_create(
        actor=specialist, name="Центр адаптации", service="temporary_stay", beds=1, kato=BALKHASH
    )


def _admit(client, centre, iin, on, left_on=None):
    url = reverse("rehabilitation:stay_new", args=["temporary_stay"])
    data = {"provider": f"institution:{centre.pk}", "iin": iin, "admitted_on": on.isoformat()}
    if left_on is not None:
        data["left_on"] = left_on.isoformat()
    return client.post(url, data)


def test_admission_through_the_form_fills_the_bed_and_the_figure(client, specialist, centre, make_person):
    """An admission takes the one bed (occupancy 1 of 1) and counts in the year's figure; a past
    stay of the next person on those days is refused on the admission date, nothing written, the
    refusal audited; an open admission of the next person places them in the queue (ADR 0045)."""
    client.force_login(specialist)
    first, second = make_person(name="Асет"), make_person(name="Болат")
    on = TODAY - dt.timedelta(days=3)
    assert _admit(client, centre, first.iin, on).status_code == 302
    page = client.get(reverse("rehabilitation:stays"))
    assert page.status_code == 200 and "Асет" in page.content.decode()
    assert [(r.taken, r.free) for r in page.context["centres"]] == [(1, 0)]
    refused = _admit(client, centre, second.iin, on, left_on=on + dt.timedelta(days=1))
    assert refused.status_code == 200
    assert "Центр адаптации" in str(refused.context["form"].errors["admitted_on"])  # the user's language
    assert SpecialStay.objects.count() == 1
    assert AuditLog.objects.filter(action="refuse", object_type="rehabilitation.specialstay").count() == 1
    queued = _admit(client, centre, second.iin, on)
    assert queued.status_code == 302 and queued.url.startswith(reverse("rehabilitation:stay_queue"))
    assert SpecialStay.objects.get(person=second).status == "waiting"
    queue = client.get(queued.url)
    assert "Все койки Центр адаптации заняты" in queue.content.decode()  # the user's language
    assert [n.stay.person_id for n in queue.context["nexts"]] == [second.pk]
    figures = client.get(reverse("rehabilitation:stay_figures"), {"kato": BALKHASH, "year": on.year})
    row, queue = next((r, q) for r, q in figures.context["rows"] if r.service == "temporary_stay")
    assert (row.persons, row.beds) == (1, 1)
    assert (queue.waiting, queue.from_queue) == (1, 0)  # the person placed in the queue waits


def test_refusals_are_shown_on_their_fields(client, specialist, centre, make_person):
    """An IIN not in the registry on ``iin``; a leaving before the admission on ``left_on``."""
    client.force_login(specialist)
    refused = _admit(client, centre, "871008401427", TODAY)
    assert "871008401427" in str(refused.context["form"].errors["iin"])
    person = make_person()
    url = reverse("rehabilitation:stay_new", args=["temporary_stay"])
    data = {"provider": f"institution:{centre.pk}", "iin": person.iin, "admitted_on": TODAY.isoformat(),
            "left_on": (TODAY - dt.timedelta(days=5)).isoformat()}  # fmt: skip
    refused = client.post(url, data)
    assert refused.context["form"].errors["left_on"]
    assert not SpecialStay.objects.exists()


def test_the_list_exports_and_the_analyst_sees_no_person(client, specialist, centre, make_person, make_user):
    """The list's XLSX holds the stays (an export row audited); the analyst's page shows no list."""
    client.force_login(specialist)
    person = make_person(name="Ерлан")
    _admit(client, centre, person.iin, TODAY)
    found = client.get(reverse("rehabilitation:stays"), {"format": "xlsx", "service": "temporary_stay"})
    sheet = load_workbook(io.BytesIO(found.content)).worksheets[0]
    assert person.iin in [str(c.value) for row in sheet.iter_rows() for c in row]
    assert AuditLog.objects.filter(object_type="rehabilitation.specialstay", action="export").exists()
    client.force_login(make_user(Role.ANALYST, username="analyst_x"))
    page = client.get(reverse("rehabilitation:stays"))
    assert (
        page.status_code == 200 and page.context["listing"] is None and "Ерлан" not in page.content.decode()
    )
