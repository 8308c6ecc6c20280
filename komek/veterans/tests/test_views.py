"""The veterans' pages: capability and territory checks, reads of persons audited, the forms go
through the services and show their refusals, the list's search, filters and XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from komek.common.models import AuditLog
from komek.veterans.models import Veteran, Visit
from komek.veterans.services import patronage_assign, veteran_record

pytestmark = pytest.mark.django_db
RECORDED = dt.date(2018, 1, 9)


@pytest.fixture
def veteran(caseworker: Any, make_person: Callable[..., Any]) -> Veteran:
    person = make_person(surname="Жумабаев", name="Бекет", birth_date=dt.date(1923, 5, 2))
    return veteran_record(actor=caseworker, iin=person.iin, category="wwii_participant", recorded_on=RECORDED)


@pytest.fixture
def second(caseworker: Any, make_person: Callable[..., Any]) -> Veteran:
    person = make_person(surname="Касымов", name="Талгат", birth_date=dt.date(1929, 2, 3))
    return veteran_record(actor=caseworker, iin=person.iin, category="home_front", recorded_on=RECORDED)


def test_the_list_finds_filters_and_audits_the_persons_it_shows(
    login: Callable[[Any], Any], caseworker: Any, veteran: Veteran, second: Veteran
) -> None:
    patronage_assign(actor=caseworker, veteran_id=veteran.pk, patron="Kazakhmys", started=RECORDED)
    client = login(caseworker)
    page = client.get(reverse("veterans:veteran_list"))
    assert page.status_code == 200
    assert "Жумабаев" in page.content.decode() and "Касымов" in page.content.decode()
    read = AuditLog.objects.filter(action="read", object_type="veterans.veteran").latest("pk")
    assert sorted(read.changes["persons"]) == sorted([veteran.person_id, second.person_id])
    found = client.get(reverse("veterans:veteran_list"), {"q": second.person.iin}).content.decode()
    assert "Касымов" in found and "Жумабаев" not in found
    patroned = client.get(reverse("veterans:veteran_list"), {"patron": "yes"}).content.decode()
    assert "Жумабаев" in patroned and "Касымов" not in patroned
    by_category = client.get(reverse("veterans:veteran_list"), {"category": "home_front"}).content.decode()
    assert "Касымов" in by_category and "Жумабаев" not in by_category
    book = client.get(reverse("veterans:veteran_list"), {"format": "xlsx"})
    assert book.status_code == 200 and book["Content-Type"].startswith("application/vnd.openxml")
    assert AuditLog.objects.filter(action="export", object_type="veterans.veteran").count() == 1


def test_the_card_is_of_the_territory_and_its_read_audited(
    login: Callable[[Any], Any], almaty_caseworker: Any, caseworker: Any, veteran: Veteran
) -> None:
    url = reverse("veterans:veteran_detail", args=[veteran.pk])
    assert login(almaty_caseworker).get(url).status_code == 404
    assert login(caseworker).get(url).status_code == 200
    assert AuditLog.objects.filter(action="read", person_id=veteran.person_id).exists()


def test_the_analyst_sees_the_figures_never_the_persons(
    login: Callable[[Any], Any], analyst_user: Any, veteran: Veteran
) -> None:
    client = login(analyst_user)
    assert client.get(reverse("veterans:veteran_list")).status_code == 403
    assert client.get(reverse("veterans:veteran_detail", args=[veteran.pk])).status_code == 403
    page = client.get(reverse("veterans:figures"), {"kato": "351610000", "year": 2018})
    assert page.status_code == 200
    assert 'data-code="veterans_work.wwii_participant"' in page.content.decode()
    book = client.get(reverse("veterans:figures"), {"kato": "351610000", "year": 2018, "format": "xlsx"})
    assert book.status_code == 200
    assert client.post(reverse("veterans:visit", args=[veteran.pk]), {}).status_code == 403


def test_a_visit_is_recorded_from_the_card_and_a_refusal_shown_on_its_field(
    login: Callable[[Any], Any], caseworker: Any, veteran: Veteran
) -> None:
    client = login(caseworker)
    url = reverse("veterans:visit", args=[veteran.pk])
    data = {"date": "2017-12-31", "occasion": "new_year", "visitors": "Akim", "gift": "", "gift_value": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "before the veteran was recorded (09.01.2018)" in refused.content.decode()
    assert not Visit.objects.exists()
    done = client.post(url, {**data, "date": "2018-05-07", "occasion": "victory_day", "gift": "Basket",
                             "gift_value": "20000"})  # fmt: skip
    assert done.status_code == 302
    assert Visit.objects.get().gift_value == 20_000


def test_memoranda_and_events_pages(login: Callable[[Any], Any], caseworker: Any, veteran: Veteran) -> None:
    client = login(caseworker)
    assert client.get(reverse("veterans:memoranda")).status_code == 200
    made = client.post(
        reverse("veterans:memorandum_create"),
        {"kato": "351610000", "supplier": "Balkhash su", "signed": "2018-02-01", "valid_from": "2018-02-01",
         "valid_to": "2018-12-31", "terms": "Free water"},
    )  # fmt: skip
    assert made.status_code == 302
    assert client.get(reverse("veterans:events")).status_code == 200
    refused = client.post(
        reverse("veterans:event_create"),
        {"kato": "351610000", "date": "2018-05-08", "title": "Meeting", "occasion": "victory_day",
         "covered": "40", "sponsor": "", "sponsorship": "100000"},
    )  # fmt: skip
    assert refused.status_code == 400 and "Name the sponsor" in refused.content.decode()
