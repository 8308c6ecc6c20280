"""The card's rehabilitation panel: the IPR with its provisions and the queue places, shown to the
rehabilitation specialist, hidden from a role without rehabilitation, refused outside the territory."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from komek.accounts.choices import Role

pytestmark = pytest.mark.django_db

ALMALY = "751110000"


def page_of(user: Any, pk: int) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse("registry:person_detail", args=[pk]))
    return response.status_code, response.content.decode()


def test_the_ipr_and_the_queue_places(make_disabled: Any, make_ipr: Any, specialist: Any) -> None:
    """Two persons wait for a wheelchair: the second sees the IPR, its provisions and place 2."""
    first, second = make_disabled(), make_disabled()
    make_ipr(first, number="IPR-1")
    make_ipr(second, number="IPR-2")
    status, page = page_of(specialist, second.pk)
    assert status == 200
    shown = page.split('id="panel-rehabilitation"')[1].split("</section>")[0]
    assert "IPR-2" in shown and "Wheelchair" in shown
    assert reverse("rehabilitation:person", args=[second.pk]) in shown
    places = shown.split("Places in the queues")[1]
    assert '<td class="num">2</td>' in places


def test_queue_places_take_one_query(make_disabled: Any, make_ipr: Any) -> None:
    """The places of every waiting entry of the persons are counted in one query."""
    from komek.rehabilitation import choices
    from komek.rehabilitation.card import queue_places
    from komek.rehabilitation.models import QueueEntry

    persons = [make_disabled() for _ in range(3)]
    for n, person in enumerate(persons):
        make_ipr(person, number=f"IPR-{n}")
    entries = list(QueueEntry.objects.filter(status=choices.QueueStatus.WAITING).order_by("id"))
    with CaptureQueriesContext(connection) as queries:
        places = queue_places(entries)
    assert len(queries) == 1
    wheelchairs = [place for entry, place in places if entry.kind == "wheelchair"]
    assert wheelchairs == [1, 2, 3]


def test_hidden_from_a_role_without_rehabilitation(make_disabled: Any, make_ipr: Any, make_user: Any) -> None:
    """A caseworker sees the card without the rehabilitation panel."""
    person = make_disabled()
    make_ipr(person)
    status, page = page_of(make_user(Role.CASEWORKER), person.pk)
    assert status == 200 and 'id="panel-rehabilitation"' not in page and "IPR-1" not in page


def test_refused_outside_the_territory(make_disabled: Any, make_ipr: Any, make_user: Any) -> None:
    """A specialist of Almaty is refused the card; the panel's selector shows nothing of Balkhash."""
    from komek.common.card import Subject
    from komek.rehabilitation.card import rehabilitation_panel

    person = make_disabled()
    make_ipr(person)
    almaty = make_user(Role.REHABILITATION_SPECIALIST, units=(ALMALY,))
    assert page_of(almaty, person.pk)[0] == 404
    content = rehabilitation_panel(actor=almaty, subject=Subject(kind="person", person_ids=(person.pk,)))
    assert content.rows == [] and content.extra["places"] == []
