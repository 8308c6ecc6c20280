"""The pages of the special services' queue and caseloads (ADR 0045): the queue list with its
places, filters and XLSX; cancellation and correction through their forms, refusals on their fields;
the caseload of a centre; the analyst sees no queue."""

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
from komek.rehabilitation.services.special import centre_create, stay_admit

from .conftest import TODAY

pytestmark = pytest.mark.django_db
DAY = TODAY - dt.timedelta(days=20)


@pytest.fixture
def queued(specialist, make_person):
    """A centre of 1 bed, taken; two persons waiting (applied on DAY+1 and DAY+2)."""
    centre = centre_create(
        actor=specialist, name="Центр адаптации", service="temporary_stay", beds=1, kato=BALKHASH
    )
    people = [make_person(name=n) for n in ("Асет", "Бахыт", "Вадим")]
    stays = [
        stay_admit(
            actor=specialist,
            iin=p.iin,
            service="temporary_stay",
            institution=centre,
            admitted_on=DAY + dt.timedelta(days=n),
        )  # fmt: skip
        for n, p in enumerate(people)
    ]
    return centre, stays


def test_the_queue_lists_the_waiting_in_order_and_exports(client, specialist, queued):
    client.force_login(specialist)
    _centre, (_first, second, third) = queued
    page = client.get(reverse("rehabilitation:stay_queue"), {"service": "temporary_stay"})
    assert page.status_code == 200
    assert [(s.pk, place) for s, place in page.context["rows"]] == [(second.pk, 1), (third.pk, 2)]
    cancelled = client.get(reverse("rehabilitation:stay_queue"), {"status": "cancelled"})
    assert cancelled.context["rows"] == []
    book = client.get(reverse("rehabilitation:stay_queue"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[1] == second.person.iin]
    assert values and values[0][0] == 1
    assert AuditLog.objects.filter(action="export", object_type="rehabilitation.specialstay").exists()


def test_cancel_and_correct_through_their_forms(client, specialist, queued):
    client.force_login(specialist)
    _centre, (first, second, _third) = queued
    refused = client.post(reverse("rehabilitation:stay_cancel", args=[first.pk]), {"reason": "Ошибка"})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    done = client.post(reverse("rehabilitation:stay_cancel", args=[second.pk]), {"reason": "Отказался"})
    assert done.status_code == 302
    assert SpecialStay.objects.get(pk=second.pk).status == "cancelled"
    url = reverse("rehabilitation:stay_correct", args=[first.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in ("provider", "applied_on", "admitted_on")}
    data["applied_on"], data["admitted_on"] = str(DAY), str(DAY)
    wrong = client.post(url, {**data, "left_on": str(DAY - dt.timedelta(days=1)), "reason": "Ошибка ввода"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["left_on"]
    ok = client.post(url, {**data, "left_on": str(DAY + dt.timedelta(days=3)), "reason": "Ошибка ввода"})
    assert ok.status_code == 302
    assert SpecialStay.objects.get(pk=first.pk).left_on == DAY + dt.timedelta(days=3)


def test_the_caseload_of_a_centre(client, specialist, queued):
    client.force_login(specialist)
    centre, (first, _second, third) = queued
    page = client.get(reverse("rehabilitation:stay_caseload"), {"centre": centre.pk})
    load = page.context["load"]
    assert [s.pk for s in load.open_stays] == [first.pk]
    assert [s.pk for s in load.waiting] == [_second.pk, third.pk]
    assert load.occupancy.free == 0


def test_the_analyst_sees_no_queue(client, make_user, queued):
    analyst = make_user(Role.ANALYST, username="analyst_queue")
    client.force_login(analyst)
    assert client.get(reverse("rehabilitation:stay_queue")).status_code == 403
