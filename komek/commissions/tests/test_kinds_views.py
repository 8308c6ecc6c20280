"""The other commissions' pages: a case opened through its form (the person found by IIN), decided
at a meeting recorded on the page, the figure counting it; a case without documents refused on the
form; the lists, the card, the certificate, the partnership page and the XLSX exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from komek.accounts.choices import Role
from komek.commissions.models import Case, Meeting
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client_of(make_user: Any) -> Client:
    user = make_user(Role.COMMISSION_MEMBER, username="secretary")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _figure(client: Client, code: str) -> str:
    page = client.get(
        reverse("commissions:figures"), {"kato": BALKHASH, "year": str(timezone.localdate().year)}
    )
    html = page.content.decode()
    row = html[html.index(f'data-code="{code}"') :]
    return row[
        row.index('class="num">') + len('class="num">') : row.index("</td>", row.index('class="num">'))
    ].strip()


def test_open_decide_and_count(client_of: Client, make_person: Any) -> None:
    """The work-experience page: find the person, open the case, record a meeting, decide."""
    person = make_person(surname="Бекмуханова", name="Бибигуль", birth_date=dt.date(1928, 5, 2), sex="female")
    today = timezone.localdate().isoformat()
    page = client_of.get(reverse("commissions:kind_page", args=["work_experience"]), {"iin": person.iin})
    assert page.status_code == 200 and "Бекмуханова" in page.content.decode()
    assert _figure(client_of, "commissions.kind.work_experience.positive") == "0"
    form = {
        "iin": person.iin, "opened_on": today, "period_from": "1942-01-01", "period_to": "1945-05-09",
        "place": "Прибалхашстрой", "doc1_kind": "", "doc1_reference": "",
    }  # fmt: skip
    refused = client_of.post(reverse("commissions:case_create", args=["work_experience"]), form)
    assert refused.status_code == 400 and "no documents" in refused.content.decode()
    assert not Case.objects.exists()
    form.update({"doc1_kind": "work_book", "doc1_reference": "Трудовая книжка № 45"})
    done = client_of.post(reverse("commissions:case_create", args=["work_experience"]), form)
    case = Case.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("commissions:case_detail", args=[case.pk])
    made = client_of.post(
        reverse("commissions:held_create", args=["work_experience"]), {"kato": BALKHASH, "date": today}
    )
    meeting = Meeting.objects.get(kind="work_experience")
    assert made.status_code == 302
    card = client_of.get(reverse("commissions:case_detail", args=[case.pk]))
    assert card.status_code == 200 and meeting.number in card.content.decode()
    assert AuditLog.objects.filter(
        action="read", object_type="commissions.case", person_id=person.pk
    ).exists()
    decided = client_of.post(
        reverse("commissions:case_decision", args=[case.pk]),
        {"meeting_id": meeting.pk, "decision": "positive", "established_from": "1942-01-01",
         "established_to": "1945-05-09"},
    )  # fmt: skip
    assert decided.status_code == 302
    assert _figure(client_of, "commissions.kind.work_experience.positive") == "1"
    assert _figure(client_of, "commissions.kind.work_experience.meetings") == "1"
    meeting_page = client_of.get(reverse("commissions:meeting_detail", args=[meeting.pk]))
    assert meeting_page.status_code == 200 and case.number in meeting_page.content.decode()
    export = client_of.get(reverse("commissions:kind_page", args=["work_experience"]), {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    figures = client_of.get(reverse("commissions:figures"), {"kato": BALKHASH, "format": "xlsx"})
    assert figures.status_code == 200


def test_the_other_pages(client_of: Client, make_person: Any) -> None:
    """The Semipalatinsk certificate as PDF, the council's questions, the partnership page."""
    person = make_person(surname="Ким", name="Ирина", birth_date=dt.date(1956, 1, 2), sex="female")
    today = timezone.localdate().isoformat()
    client_of.post(
        reverse("commissions:held_create", args=["semipalatinsk"]), {"kato": BALKHASH, "date": today}
    )
    client_of.post(
        reverse("commissions:case_create", args=["semipalatinsk"]),
        {"iin": person.iin, "opened_on": today, "period_from": "1956-02-01", "period_to": "1970-01-01",
         "place": "Абайский район", "zone": "increased", "doc1_kind": "residence",
         "doc1_reference": "Справка"},
    )  # fmt: skip
    case, meeting = Case.objects.get(), Meeting.objects.get(kind="semipalatinsk")
    client_of.post(
        reverse("commissions:case_decision", args=[case.pk]),
        {"meeting_id": meeting.pk, "decision": "positive"},
    )
    issued = client_of.post(reverse("commissions:case_certificate", args=[case.pk]), {"issued_on": today})
    assert issued.status_code == 302
    pdf = client_of.get(reverse("commissions:certificate_download", args=[case.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client_of.post(
        reverse("commissions:held_create", args=["disability_council"]), {"kato": BALKHASH, "date": today}
    )
    council = Meeting.objects.get(kind="disability_council")
    client_of.post(
        reverse("commissions:question_create", args=[council.pk]),
        {"title": "О безбарьерной среде", "speakers": "", "decision": "Принять к сведению"},
    )
    assert (
        "О безбарьерной среде"
        in client_of.get(reverse("commissions:meeting_detail", args=[council.pk])).content.decode()
    )
    assert client_of.get(reverse("commissions:kind_page", args=["tripartite"])).status_code == 200
    assert client_of.get(reverse("commissions:partnership")).status_code == 200
    assert client_of.get(reverse("commissions:kind_page", args=["social_assistance"])).status_code == 404
    assert client_of.get(reverse("commissions:meeting_list")).status_code == 200
