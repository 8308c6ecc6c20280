"""The pages of state awards: the list with its search, filters, pages and XLSX (reads audited); a
case opened by IIN and taken through its steps (errors at their field); the head reads, never writes;
a case of another territory is not found; the figures of a year and their XLSX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from komek.awards.choices import Status
from komek.awards.models import AwardCase
from komek.awards.services import case_open, documents_send
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
Login = Callable[[Any], Client]
Make = Callable[..., Any]


def test_the_caseworker_opens_sends_decides_and_presents(
    mother_of: Make, caseworker: Any, login: Login
) -> None:
    mother = mother_of(6)
    client = login(caseworker)
    day = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    data = {"iin": mother.iin, "grade": "altyn", "opened_on": day, "children_other": "0"}
    few = client.post(reverse("awards:case_create"), data)
    assert few.status_code == 400 and "needs 7 children" in few.content.decode()
    assert not AwardCase.objects.exists()
    unknown = client.post(reverse("awards:case_create"), {**data, "iin": "000000000000"})
    assert unknown.status_code == 400 and "No person with this IIN" in unknown.content.decode()
    ok = client.post(reverse("awards:case_create"), {**data, "grade": "kumis"})
    assert ok.status_code == 302
    found = AwardCase.objects.get()
    card = reverse("awards:case_detail", args=[found.pk])
    page = client.get(card).content.decode()
    assert "Documents prepared" in page and 'id="send-form"' in page and 'id="decision-form"' not in page
    assert AuditLog.objects.filter(
        action="read", object_type="awards.awardcase", person_id=mother.pk
    ).exists()
    early = client.post(
        reverse("awards:case_decision", args=[found.pk]),
        {"decision_on": day, "decision": "granted", "decree": "12"},
    )
    assert early.status_code == 400 and "not sent yet" in early.content.decode()
    sent = client.post(reverse("awards:case_send", args=[found.pk]), {"sent_on": day, "addressee": "akimat"})
    assert sent.status_code == 302
    nodecree = client.post(
        reverse("awards:case_decision", args=[found.pk]), {"decision_on": day, "decision": "granted"}
    )
    assert nodecree.status_code == 400 and "number of the decree" in nodecree.content.decode()
    client.post(
        reverse("awards:case_decision", args=[found.pk]),
        {"decision_on": day, "decision": "granted", "decree": "1234"},
    )
    done = client.post(reverse("awards:case_present", args=[found.pk]), {"presented_on": day})
    assert done.status_code == 302
    found.refresh_from_db()
    assert found.status == Status.PRESENTED
    assert "decree No. 1234" in client.get(card).content.decode()


def test_the_list_searches_filters_pages_and_exports(
    mother_of: Make, registrar: Any, caseworker: Any, login: Login
) -> None:
    day = timezone.localdate()
    mothers = [mother_of(6) for _n in range(3)]
    for n, mother in enumerate(mothers):
        found = case_open(actor=registrar, person_id=mother.pk, grade="kumis", opened_on=day)
        if n:
            documents_send(actor=registrar, case_id=found.pk, sent_on=day, addressee="akimat")
    client = login(caseworker)
    url = reverse("awards:case_list")
    page = client.get(url).content.decode()
    assert page.count("awards/") >= 3
    read = AuditLog.objects.filter(action="read", object_type="awards.awardcase").latest("id")
    assert set(read.changes["persons"]) == {m.pk for m in mothers}
    sent = client.get(url, {"status": "sent", "year": str(day.year)}).content.decode()
    assert sent.count('href="/awards/') - page.count('href="/awards/') == -1
    one = client.get(url, {"q": mothers[0].iin}).content.decode()
    assert one.count(f'href="/awards/{AwardCase.objects.get(person=mothers[0]).pk}/"') == 1
    export = client.get(url, {"status": "sent", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and sheet.max_row == 2 + 2
    assert AuditLog.objects.filter(action="export", object_type="awards.awardcase").exists()
    assert client.get(url, {"page": 2}).status_code == 200


def test_the_head_reads_and_never_writes(
    mother_of: Make, registrar: Any, head_user: Any, login: Login
) -> None:
    found = case_open(actor=registrar, person_id=mother_of(7).pk, grade="altyn")
    client = login(head_user)
    assert client.get(reverse("awards:case_detail", args=[found.pk])).status_code == 200
    assert client.get(reverse("awards:figures")).status_code == 200
    refused = client.post(
        reverse("awards:case_send", args=[found.pk]),
        {"sent_on": timezone.localdate().isoformat(), "addressee": "akimat"},
    )
    assert refused.status_code == 403 and AwardCase.objects.get().status == Status.PREPARED


def test_another_territory_and_other_roles(
    mother_of: Make, registrar: Any, almaty_registrar: Any, make_user: Callable[..., Any], login: Login
) -> None:
    found = case_open(actor=registrar, person_id=mother_of(7).pk, grade="altyn")
    assert login(almaty_registrar).get(reverse("awards:case_detail", args=[found.pk])).status_code == 404
    assert login(make_user("accountant")).get(reverse("awards:case_list")).status_code == 403


def test_the_figures_of_a_year_and_their_xlsx(mother_of: Make, registrar: Any, login: Login) -> None:
    day = timezone.localdate()
    found = case_open(actor=registrar, person_id=mother_of(7).pk, grade="altyn", opened_on=day)
    documents_send(actor=registrar, case_id=found.pk, sent_on=day, addressee="president")
    client = login(registrar)
    query = {"kato": "3516", "year": str(day.year)}
    page = client.get(reverse("awards:figures"), query).content.decode()
    assert 'data-code="awards.sent_altyn"' in page
    export = client.get(reverse("awards:figures"), {**query, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True))  # type: ignore[union-attr]
    assert ("Mothers of large families whose award documents were sent", 1) in rows
    assert ("Awards presented in the year", 0) in rows


def test_the_analyst_sees_the_figures_never_the_mothers(
    mother_of: Make, registrar: Any, analyst_user: Any, login: Login
) -> None:
    found = case_open(actor=registrar, person_id=mother_of(7).pk, grade="altyn")
    client = login(analyst_user)
    listed = client.get(reverse("awards:case_list"))
    assert listed.status_code == 302 and listed["Location"] == reverse("awards:figures")
    assert client.get(reverse("awards:case_detail", args=[found.pk])).status_code == 403
    assert client.get(reverse("awards:figures")).status_code == 200
