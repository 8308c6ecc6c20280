"""Pages: scoped to capability and territory, bounded queries, the IPR form, the XLSX export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from conftest import ALMATY_ALMALY
from komek.accounts.roles import Reach, Role
from komek.common.models import AuditLog
from komek.rehabilitation.models import QueueEntry
from komek.rehabilitation.services.supply import issue_record

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def scene(make_disabled, make_ipr, contract, specialist):
    people = [make_disabled(surname=s) for s in ("Тестова", "Тестов", "Тестовин", "Тестовская")]
    for p in people:
        make_ipr(p, kinds=("wheelchair", "prosthetic", "sign_language"))
    issue_record(
        actor=specialist,
        person=people[0],
        line=contract.lines.get(kind="wheelchair"),
        issued_on=dt.date(YEAR - 1, 5, 2),
        quantity=1,
        serial_number="SN-1",
        receipt_signed=True,
    )
    return people


def test_every_page_renders_for_the_specialist(client_of, specialist, scene, contract):
    c = client_of(specialist)
    person = scene[1]
    entry = QueueEntry.objects.filter(person=person).first()
    line = contract.lines.first()
    for url in [
        "/rehabilitation/",
        f"/rehabilitation/persons/{person.pk}/",
        f"/rehabilitation/persons/{person.pk}/ipr/new/",
        f"/rehabilitation/persons/{person.pk}/issue/",
        f"/rehabilitation/persons/{person.pk}/hours/",
        "/rehabilitation/ipr/import/",
        "/rehabilitation/queues/wheelchair/",
        f"/rehabilitation/queue-entries/{entry.pk}/",
        "/rehabilitation/supply/",
        f"/rehabilitation/supply/lines/{line.pk}/delivery/",
        "/rehabilitation/vouchers/",
        f"/rehabilitation/coverage/?year={YEAR - 1}",
        "/rehabilitation/care/",
    ]:
        assert c.get(url).status_code == 200, url
    assert AuditLog.objects.filter(object_type="rehabilitation.card", action="read").count() == 1


def test_queue_page_in_order_with_bounded_queries(
    client_of, specialist, scene, django_assert_max_num_queries
):
    c = client_of(specialist)
    with django_assert_max_num_queries(12):
        html = c.get("/rehabilitation/queues/wheelchair/").content.decode()
    # person 0 got the wheelchair: three remain, in order of application (same date: by entry number)
    for p in scene[1:]:
        assert p.surname in html
    assert scene[0].surname not in html


def test_coverage_page_and_xlsx(client_of, specialist, scene, django_assert_max_num_queries):
    c = client_of(specialist)
    with django_assert_max_num_queries(14):
        response = c.get(f"/rehabilitation/coverage/?year={YEAR - 1}")
    table = response.context["table"]
    wheelchair = next(r for r in table.rows if r.kind == "wheelchair")
    assert (wheelchair.entitled, wheelchair.provided, wheelchair.in_queue) == (4, 1, 3)
    assert str(wheelchair.security) == "25.0"
    assert wheelchair.spent == 254_000 and wheelchair.contracted == 3 * 254_000
    book = load_workbook(io.BytesIO(c.get(f"/rehabilitation/coverage.xlsx?year={YEAR - 1}").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert ("Wheelchairs", 4, 1, 3, 25.0, 762_000, 254_000) in [tuple(r) for r in rows] or any(
        r[1:] == (4, 1, 3, 25.0, 762_000, 254_000) for r in rows
    )


def test_other_district_and_analyst_scoping(client_of, make_user, scene):
    """An Almaty specialist cannot open a Balkhash card; an analyst sees coverage but no queue of names."""
    almaty = make_user(Role.REHABILITATION_SPECIALIST, units=(ALMATY_ALMALY,))
    c = client_of(almaty)
    assert c.get(f"/rehabilitation/persons/{scene[0].pk}/").status_code == 404
    assert "Тестов" not in c.get("/rehabilitation/queues/wheelchair/").content.decode()
    c.logout()
    analyst = make_user(Role.ANALYST, reach=Reach.REGION)
    c = client_of(analyst)
    assert c.get(f"/rehabilitation/coverage/?year={YEAR - 1}").status_code == 200
    assert c.get("/rehabilitation/queues/wheelchair/").status_code == 403
    assert c.get(f"/rehabilitation/persons/{scene[0].pk}/").status_code == 403


def test_ipr_form_enters_two_queues(client_of, specialist, make_disabled):
    person = make_disabled()
    c = client_of(specialist)
    response = c.post(
        f"/rehabilitation/persons/{person.pk}/ipr/new/",
        {
            "number": "МСЭ-77",
            "issued_on": f"{YEAR - 1}-02-01",
            "valid_from": f"{YEAR - 1}-02-01",
            "applied_on": f"{YEAR - 1}-02-03",
            "wheelchair__on": "on",
            "hygiene__on": "on",
            "hygiene__norm": "90",
            "sign_language__on": "on",
            "sign_language__hours": "60",
        },
    )
    assert response.status_code == 302
    assert sorted(QueueEntry.objects.filter(person=person).values_list("kind", flat=True)) == [
        "hygiene",
        "wheelchair",
    ]


def test_ipr_form_error_for_person_without_disability(client_of, specialist, make_person):
    person = make_person()
    c = client_of(specialist)
    response = c.post(
        f"/rehabilitation/persons/{person.pk}/ipr/new/",
        {
            "number": "1",
            "issued_on": f"{YEAR - 1}-02-01",
            "valid_from": f"{YEAR - 1}-02-01",
            "wheelchair__on": "on",
        },
    )
    assert response.status_code == 200
    assert "нет действующего статуса инвалидности" in response.content.decode()  # the user works in Russian
    assert not QueueEntry.objects.exists()
