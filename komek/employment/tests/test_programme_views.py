"""The programme's people's pages: what each role opens, the forms' refusals on their fields, the
import's row errors, and the reads and exports of persons audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.models import AuditLog
from komek.employment.models import StatusCase, TipoEnrolment
from komek.employment.services.contests import contest_entry_record, contest_record
from komek.employment.services.programme import tipo_enrol

Y = 2020


@pytest.fixture
def client_of(db: Any) -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        c = Client(HTTP_ACCEPT_LANGUAGE="en")
        c.force_login(user)
        return c

    return make


@pytest.fixture
def student(counsellor: Any, make_person: Callable[..., Any]) -> Any:
    person = make_person(name="Алихан", birth_date=dt.date(2004, 2, 2))
    tipo_enrol(
        actor=counsellor,
        iin=person.iin,
        college="Колледж",
        speciality="Повар",
        started=dt.date(Y, 9, 1),
        category="graduate",
    )
    return person


def test_the_counsellor_opens_every_page(
    counsellor: Any, student: Any, client_of: Callable[[Any], Client]
) -> None:
    """Figures, the lists (with their XLSX), the contests and a contest's page open; the list of
    enrolments writes a read row naming the student, its file an export row."""
    contest = contest_record(
        actor=counsellor,
        kind="paryz",
        year=Y,
        kato="351600000",
        title="Парыз-2020",
        nominations=[("Лучшее предприятие", 1)],
    )
    contest_entry_record(
        actor=counsellor,
        nomination_id=contest.nominations.get().pk,
        iin=student.iin,
        applied=dt.date(Y, 5, 5),
    )
    c = client_of(counsellor)
    for name in ("programme_figures", "tipo_list", "youth_list", "contest_list", "status_list"):
        assert c.get(reverse(f"employment:{name}")).status_code == 200, name
    assert c.get(reverse("employment:contest_detail", args=[contest.pk])).status_code == 200
    assert (
        c.get(reverse("employment:programme_figures") + f"?kato=351600000&year={Y}&format=xlsx").status_code
        == 200
    )
    read = AuditLog.objects.filter(action="read", object_type="employment.tipoenrolment").last()
    assert read is not None
    response = c.get(reverse("employment:tipo_list") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action="export", object_type="employment.tipoenrolment").exists()


def test_the_analyst_sees_figures_and_contests_not_persons(
    make_user: Callable[..., Any], client_of: Callable[[Any], Client]
) -> None:
    c = client_of(make_user(Role.ANALYST, username="analyst"))
    assert c.get(reverse("employment:programme_figures")).status_code == 200
    assert c.get(reverse("employment:contest_list")).status_code == 200
    assert c.get(reverse("employment:tipo_list")).status_code == 403
    assert c.post(reverse("employment:tipo_create"), {}).status_code == 403


def test_an_enrolment_form_with_an_unknown_iin_is_refused_on_its_field(
    counsellor: Any, client_of: Callable[[Any], Client]
) -> None:
    response = client_of(counsellor).post(
        reverse("employment:tipo_create"),
        {
            "iin": "990101300019",
            "college": "К",
            "speciality": "С",
            "started": f"{Y}-09-01",
            "category": "other",
        },
    )
    assert response.status_code == 400
    assert "No person with this IIN" in response.content.decode()
    assert not TipoEnrolment.objects.exists()


def test_an_import_with_errors_lists_them_by_row(counsellor: Any, client_of: Callable[[Any], Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.csv", b"iin,status_found,date\n123,no,2020-01-01\n", content_type="text/csv"
    )
    response = client_of(counsellor).post(reverse("employment:status_import"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "An IIN is 12 digits." in page
    assert not StatusCase.objects.exists()


def test_a_step_out_of_order_is_shown_not_written(
    counsellor: Any, student: Any, client_of: Callable[[Any], Client]
) -> None:
    enrolment = TipoEnrolment.objects.get(person=student)
    c = client_of(counsellor)
    response = c.post(
        reverse("employment:tipo_step", args=[enrolment.pk]),
        {"status": "employed", "date": f"{Y}-10-01"},
        follow=True,
    )
    assert "can only become" in response.content.decode()
    assert TipoEnrolment.objects.get(pk=enrolment.pk).status == "studying"


def test_too_many_winners_are_refused_on_the_page(
    counsellor: Any, student: Any, make_person: Callable[..., Any], client_of: Callable[[Any], Client]
) -> None:
    """The nomination allows one winner: two chosen are refused on the winners' field, none written."""
    contest = contest_record(
        actor=counsellor,
        kind="enbek_zholy",
        year=Y,
        kato="351600000",
        title="Еңбек жолы",
        nominations=[("Лучший рабочий", 1)],
    )
    nomination = contest.nominations.get()
    other = make_person(name="Данияр")
    ids = [
        contest_entry_record(
            actor=counsellor, nomination_id=nomination.pk, iin=p.iin, applied=dt.date(Y, 4, 1)
        ).pk
        for p in (student, other)
    ]
    c = client_of(counsellor)
    url = reverse("employment:contest_winners", args=[contest.pk, nomination.pk])
    response = c.post(url, {f"n{nomination.pk}-entry_ids": ids})
    assert response.status_code == 400
    assert "at most 1 winners" in response.content.decode()
    response = c.post(url, {f"n{nomination.pk}-entry_ids": ids[:1]})
    assert response.status_code == 302
    page = c.get(reverse("employment:contest_detail", args=[contest.pk])).content.decode()
    assert "Алихан" in page
