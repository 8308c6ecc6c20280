"""Pages: scoped to capability and territory, bounded queries, the IPR form, the XLSX export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from conftest import ALMATY_ALMALY
from komek.accounts.choices import Reach, Role
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
    """Every rehabilitation page opens for a specialist of the district."""
    c = client_of(specialist)
    person = scene[1]
    entry = QueueEntry.objects.filter(person=person).first()
    assert entry is not None
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


def test_person_card_bounded_and_audited(client_of, specialist, scene, django_assert_max_num_queries):
    """The person's rehabilitation card opens in a bounded number of queries and its opening is audited."""
    c = client_of(specialist)
    with django_assert_max_num_queries(20):
        html = c.get(f"/rehabilitation/persons/{scene[0].pk}/").content.decode()
    assert "SN-1" in html
    assert AuditLog.objects.filter(object_type="rehabilitation.card", person_id=scene[0].pk).count() == 1


def test_queue_page_in_order_with_bounded_queries(
    client_of, specialist, scene, django_assert_max_num_queries
):
    """The queue page lists the waiting persons in order in a bounded number of queries."""
    c = client_of(specialist)
    with django_assert_max_num_queries(12):
        html = c.get("/rehabilitation/queues/wheelchair/").content.decode()
    # person 0 got the wheelchair: three remain, in order of application (same date: by entry number)
    for p in scene[1:]:
        assert p.surname in html
    assert scene[0].surname not in html


def test_coverage_page_and_xlsx(client_of, specialist, scene, django_assert_max_num_queries):
    """The coverage page and its XLSX show the same entitled, provided, waiting and money figures."""
    c = client_of(specialist)
    with django_assert_max_num_queries(14):
        response = c.get(f"/rehabilitation/coverage/?year={YEAR - 1}")
    table = response.context["table"]
    wheelchair = next(r for r in table.rows if r.kind == "wheelchair")
    assert (wheelchair.entitled, wheelchair.provided, wheelchair.in_queue) == (4, 1, 3)
    assert str(wheelchair.security) == "25.0"
    assert wheelchair.spent == 254_000 and wheelchair.contracted == 3 * 254_000
    book = load_workbook(io.BytesIO(c.get(f"/rehabilitation/coverage.xlsx?year={YEAR - 1}").content))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
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
    """An IPR entered with an application date queues the person for each aid that has a queue."""
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
    """An IPR for a person without disability is refused in the user's language; nobody is queued."""
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


def test_care_pages_and_forms(client_of, specialist, scene, django_assert_max_num_queries):
    """Enrol in home care, record a visit, apply for a placement, admit, serve a project by IIN."""
    from komek.rehabilitation.models import (
        CareEnrolment,
        CareVisit,
        Institution,
        Placement,
        SocialOrderProject,
    )

    c = client_of(specialist)
    person = scene[1]
    for url in ("apply", "care", "placement"):
        assert c.get(f"/rehabilitation/persons/{person.pk}/{url}/").status_code == 200
    response = c.post(
        f"/rehabilitation/persons/{person.pk}/care/",
        {
            "setting": "home",
            "category": "disabled",
            "provider": "ОСП",
            "applied_on": f"{YEAR - 1}-01-02",
            "started_on": f"{YEAR - 1}-01-05",
            "social_worker": str(specialist.pk),
        },
    )
    assert response.status_code == 302
    enrolment = CareEnrolment.objects.get()
    assert enrolment.social_worker == specialist
    c.post(
        f"/rehabilitation/care/clients/{enrolment.pk}/visit/",
        {"visited_on": f"{YEAR - 1}-02-01", "minutes": "60", "services": "Уборка"},
    )
    assert CareVisit.objects.count() == 1
    c.post(
        f"/rehabilitation/persons/{person.pk}/placement/",
        {"profile": "psychoneurological", "applied_on": f"{YEAR - 1}-02-01"},
    )
    placement = Placement.objects.get()
    home = Institution.objects.create(name="ПНИ", profile="psychoneurological", beds=10, kato="351010000")
    c.post(
        f"/rehabilitation/care/placements/{placement.pk}/admit/",
        {"institution": home.pk, "on": f"{YEAR - 1}-03-01"},
    )
    assert Placement.objects.get().status == "admitted"
    c.post(
        "/rehabilitation/care/projects/new/",
        {
            "title": "Компьютерный класс",
            "provider": "НПО",
            "provider_bin": "050140001234",
            "year": YEAR - 1,
            "planned_people": 25,
            "planned_amount": 2_100_000,
        },
    )
    project = SocialOrderProject.objects.get()
    response = c.post(
        f"/rehabilitation/care/projects/{project.pk}/serve/",
        {"iin": "000000000000", "on": f"{YEAR - 1}-05-01"},
    )
    assert response.status_code == 200  # the unknown IIN is shown on the form
    assert not project.beneficiaries.exists()
    c.post(
        f"/rehabilitation/care/projects/{project.pk}/serve/", {"iin": person.iin, "on": f"{YEAR - 1}-05-01"}
    )
    assert project.beneficiaries.count() == 1
    with django_assert_max_num_queries(20):  # a fixed number per section, none per row
        assert c.get("/rehabilitation/care/").status_code == 200


def test_remove_from_queue_needs_reason(client_of, specialist, scene):
    """Removing an entry from the queue from its page needs a reason."""
    entry = QueueEntry.objects.filter(person=scene[2], kind="wheelchair").get()
    c = client_of(specialist)
    assert (
        c.post(f"/rehabilitation/queue-entries/{entry.pk}/", {"cancel": "1", "cancel-reason": ""}).status_code
        == 200
    )
    assert QueueEntry.objects.get(pk=entry.pk).status == "waiting"
    c.post(f"/rehabilitation/queue-entries/{entry.pk}/", {"cancel": "1", "cancel-reason": "Умер"})
    assert QueueEntry.objects.get(pk=entry.pk).status == "cancelled"


def test_queue_search_tells_the_place_in_the_whole_queue(client_of, specialist, scene):
    """A search by IIN or name shows where the person waits: the position in the district's queue,
    not in the search; the district's name is shown, not its code; the district filter keeps positions."""
    c = client_of(specialist)
    whole = c.get("/rehabilitation/queues/wheelchair/")
    positions = {r.person_id: r.position for r in whole.context["rows"]}
    last = scene[-1]
    found = c.get("/rehabilitation/queues/wheelchair/", {"q": last.iin}).context["found"]
    assert [(r.person_id, r.position) for r in found] == [(last.pk, positions[last.pk])]
    assert positions[last.pk] == 3
    by_name = c.get("/rehabilitation/queues/wheelchair/", {"q": last.surname.lower()}).context["found"]
    assert last.pk in {r.person_id for r in by_name}
    row = whole.context["rows"][0]
    assert row.district_name and row.district_name != row.district
    narrowed = c.get("/rehabilitation/queues/wheelchair/", {"district": row.district[:4]}).context["rows"]
    assert {r.person_id: r.position for r in narrowed} == positions
    refused = c.get("/rehabilitation/queues/wheelchair/", {"district": "7511"})
    assert "district" in refused.context["filters"].errors


def test_vouchers_found_by_number_or_holder_filtered_and_sorted(
    client_of, specialist, make_disabled, make_ipr
):
    """The vouchers' list: a number's beginning or the holder's IIN finds them, status narrows, the
    price column sorts both ways."""

    from komek.rehabilitation.services.vouchers_hours import voucher_assign, vouchers_add

    holder = make_disabled()
    make_ipr(holder, kinds=("sanatorium",))
    ends = dt.date(YEAR - 1, 6, 21)
    cheap = vouchers_add(
        actor=specialist, district="351600000", sanatorium="Бережки", starts_on=dt.date(YEAR - 1, 6, 1),
        ends_on=ends, price=150_000, numbers=["S-10"],
    )  # fmt: skip
    dear = vouchers_add(
        actor=specialist, district="351600000", sanatorium="Бережки", starts_on=dt.date(YEAR - 1, 6, 2),
        ends_on=ends, price=190_000, numbers=["K-20"],
    )  # fmt: skip
    entry = QueueEntry.objects.get(person=holder, kind="sanatorium")
    voucher_assign(actor=specialist, voucher=dear[0], entry=entry)
    c = client_of(specialist)

    def numbers(**params):
        return [v.number for v in c.get("/rehabilitation/vouchers/", params).context["listing"].rows]

    assert numbers(q="s-1") == ["S-10"]
    assert numbers(q=holder.iin) == ["K-20"]
    assert numbers(status="available") == ["S-10"]
    assert numbers(sort="price") == ["S-10", "K-20"] and numbers(sort="-price") == ["K-20", "S-10"]
    assert cheap[0].number == "S-10"
