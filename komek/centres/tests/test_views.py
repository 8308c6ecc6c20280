"""The centres' pages: the list with counts, a centre's registered persons (search, filters, pages,
XLSX, the read audited), the forms with errors at their field, the figures; the analyst reads the
figures, never the persons nor a form; a foreign centre is not found."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.centres.models import Event, Registration, Service
from komek.centres.services import centre_create, person_register
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
Login = Callable[[Any], Client]


def _centre(actor: Any, kato: str = "351610000") -> Any:
    return centre_create(actor=actor, kato=kato, kind="family", name="Бақытты отбасы", address="Lenin st. 1")


def test_the_worker_creates_a_centre_registers_serves_and_records_an_event(
    worker: Any, login: Login, make_person: Callable[..., Any]
) -> None:
    client = login(worker)
    created = client.post(
        reverse("centres:centre_create"),
        {"kato": "351610000", "kind": "family", "name": "Бақытты отбасы", "address": "Lenin st. 1"},
    )
    assert created.status_code == 302
    card = created["Location"]
    pk = int(card.rstrip("/").split("/")[-1])
    person = make_person()
    early = client.post(
        reverse("centres:service", args=[pk]),
        {"service-iin": person.iin, "service-date": "2020-03-01", "service-kind": "legal"},
    )
    assert early.status_code == 400 and "not registered at this centre" in early.content.decode()
    assert not Service.objects.exists()
    ok = client.post(
        reverse("centres:register", args=[pk]), {"register-iin": person.iin, "register-date": "2020-02-01"}
    )
    assert ok.status_code == 302 and Registration.objects.count() == 1
    again = client.post(
        reverse("centres:register", args=[pk]), {"register-iin": person.iin, "register-date": "2020-02-02"}
    )
    assert again.status_code == 400 and "already" in again.content.decode()
    served = client.post(
        reverse("centres:service", args=[pk]),
        {
            "service-iin": person.iin,
            "service-date": "2020-03-01",
            "service-kind": "legal",
            "service-online": "on",
        },
    )
    assert served.status_code == 302 and Service.objects.get().online
    event = client.post(
        reverse("centres:event", args=[pk]),
        {
            "event-date": "2020-03-08",
            "event-title": "Master class",
            "event-kind": "master_class",
            "event-participants": "15",
        },
    )
    assert event.status_code == 302 and Event.objects.count() == 1
    page = client.get(card).content.decode()
    assert person.iin in page
    assert AuditLog.objects.filter(
        action="read", object_type="centres.registration", person_id=person.pk
    ).exists()
    listed = client.get(reverse("centres:centre_list"), {"year": 2020}).content.decode()
    assert "Бақытты отбасы" in listed


def test_the_registered_persons_are_searched_paged_and_exported(
    worker: Any, login: Login, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    people = [make_person(surname=f"Ахметов{chr(0x430 + n % 20)}", name="Нурлан") for n in range(55)]
    for person in people:
        person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 1, 10))
    client = login(worker)
    url = reverse("centres:centre_detail", args=[centre.pk])
    assert "Page 1 of 2" in client.get(url).content.decode()
    found = client.get(url, {"q": people[3].iin}).content.decode()
    assert people[3].iin in found and people[4].iin not in found
    export = client.get(url, {"format": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    iins = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {p.iin for p in people} <= iins
    assert AuditLog.objects.filter(action="export", object_type="centres.registration").exists()


def test_the_analyst_reads_figures_not_persons_nor_forms(
    worker: Any, analyst_user: Any, login: Login, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    person = make_person()
    person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 1, 10))
    client = login(analyst_user)
    page = client.get(reverse("centres:centre_detail", args=[centre.pk])).content.decode()
    assert person.iin not in page and "register-form" not in page
    refused = client.post(
        reverse("centres:register", args=[centre.pk]),
        {"register-iin": person.iin, "register-date": "2020-02-01"},
    )
    assert refused.status_code == 403
    figures = client.get(reverse("centres:figures"), {"year": 2020})
    assert figures.status_code == 200 and "Бақытты отбасы" in figures.content.decode()
    export = client.get(reverse("centres:figures"), {"year": "2020", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert any(row[0] == "Бақытты отбасы" and 1 in row for row in rows)


def test_a_centre_of_another_territory_is_not_found(worker: Any, almaty_worker: Any, login: Login) -> None:
    centre = _centre(worker)
    client = login(almaty_worker)
    assert client.get(reverse("centres:centre_detail", args=[centre.pk])).status_code == 404
    card = reverse("centres:centre_detail", args=[centre.pk])
    assert card not in client.get(reverse("centres:centre_list")).content.decode()
    posted = client.post(
        reverse("centres:event", args=[centre.pk]),
        {"event-date": "2020-03-08", "event-title": "x", "event-kind": "other", "event-participants": "5"},
    )
    assert posted.status_code == 404 and not Event.objects.exists()


def test_a_registrar_has_no_centres(make_user: Callable[..., Any], login: Login) -> None:
    from komek.accounts.choices import Role

    client = login(make_user(Role.REGISTRAR))
    assert client.get(reverse("centres:centre_list")).status_code == 403
