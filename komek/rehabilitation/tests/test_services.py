"""Writes of rehabilitation: IPR, queues, supply, vouchers, hours; every refusal leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.rehabilitation import choices
from komek.rehabilitation.models import (
    Delivery,
    Entitlement,
    HoursRecord,
    Ipr,
    Issue,
    QueueChange,
    QueueEntry,
    Voucher,
)
from komek.rehabilitation.selectors.queues import person_queue_places, queue_rows
from komek.rehabilitation.services.ipr import IprInput, ProvisionInput, ipr_create
from komek.rehabilitation.services.queues import queue_entry_reorder, queue_replacements_due
from komek.rehabilitation.services.supply import delivery_record, issue_record
from komek.rehabilitation.services.vouchers_hours import (
    hours_record,
    voucher_assign,
    voucher_close,
    vouchers_add,
)

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_ipr_puts_the_person_into_the_queues_of_the_aids(make_disabled, make_ipr):
    """Wheelchair and prosthesis are queued from the application date; hours services are not."""
    person = make_disabled()
    ipr = make_ipr(person, kinds=("wheelchair", "prosthetic", "sign_language"))
    assert Entitlement.objects.filter(ipr=ipr).count() == 3
    entries = QueueEntry.objects.filter(person=person).order_by("kind")
    assert [(e.kind, e.applied_on) for e in entries] == [
        ("prosthetic", dt.date(YEAR - 1, 3, 15)),
        ("wheelchair", dt.date(YEAR - 1, 3, 15)),
    ]
    assert AuditLog.objects.filter(object_type="rehabilitation.ipr", object_id=str(ipr.pk)).count() == 1


def test_ipr_refused_without_disability_status(make_person, specialist):
    """An IPR for a person with no disability status: a clear error, nothing written."""
    person = make_person()
    data = IprInput(
        person=person,
        number="X",
        issued_on=dt.date(YEAR - 1, 1, 1),
        valid_from=dt.date(YEAR - 1, 1, 1),
        valid_to=None,
        provisions=[ProvisionInput(kind="wheelchair")],
        applied_on=dt.date(YEAR - 1, 1, 2),
    )
    with pytest.raises(DomainError, match="no disability status") as exc:
        ipr_create(actor=specialist, data=data)
    assert exc.value.code == "no_disability"
    assert not Ipr.objects.exists() and not QueueEntry.objects.exists()


def test_hours_kinds_need_their_yearly_hours(make_disabled, specialist):
    """An IPR listing a service counted in hours without its hours a year is refused at that field."""
    person = make_disabled()
    data = IprInput(
        person=person,
        number="X",
        issued_on=dt.date(YEAR - 1, 1, 1),
        valid_from=dt.date(YEAR - 1, 1, 1),
        valid_to=None,
        provisions=[ProvisionInput(kind="sign_language")],
    )
    with pytest.raises(DomainError, match="hours a year") as exc:
        ipr_create(actor=specialist, data=data)
    assert exc.value.field == "hours_per_year"


def test_queue_order_priority_then_date_and_reorder_needs_reason(make_disabled, make_ipr, specialist):
    """A veteran applying later comes first; a move without a reason is refused, with one it is kept."""
    from komek.registry.services.statuses import status_add

    early = make_disabled(surname="Бекова")
    make_ipr(early, applied_on=dt.date(YEAR - 1, 3, 10))
    late = make_disabled(surname="Алиев")
    make_ipr(late, applied_on=dt.date(YEAR - 1, 3, 20))
    veteran = make_disabled(surname="Жумабаев", birth_date=dt.date(1950, 1, 1))
    status_add(
        actor=specialist,
        person=veteran,
        kind="veteran",
        subtype="afghanistan",
        valid_from=dt.date(2000, 1, 1),
    )
    make_ipr(veteran, applied_on=dt.date(YEAR - 1, 4, 1))
    rows = queue_rows(user=specialist, kind="wheelchair")
    assert [(r.position, r.person_id) for r in rows] == [(1, veteran.pk), (2, early.pk), (3, late.pk)]
    places = dict((e.kind, pos) for e, pos in person_queue_places(late.pk))
    assert places == {"prosthetic": 3, "wheelchair": 3}

    entry = QueueEntry.objects.get(person=late, kind="wheelchair")
    with pytest.raises(DomainError, match="reason"):
        queue_entry_reorder(actor=specialist, entry=entry, priority=choices.Priority.CHILD, reason="  ")
    assert QueueEntry.objects.get(pk=entry.pk).priority == choices.Priority.GENERAL
    queue_entry_reorder(
        actor=specialist, entry=entry, applied_on=dt.date(YEAR - 1, 3, 1), reason="Ошибка ввода даты"
    )
    rows = queue_rows(user=specialist, kind="wheelchair")
    assert [r.person_id for r in rows] == [veteran.pk, late.pk, early.pk]
    change = QueueChange.objects.get(entry=entry)
    assert (change.field, change.reason) == ("applied_on", "Ошибка ввода даты")


def test_delivery_above_contract_refused(contract, specialist):
    """A delivery beyond the contracted quantity of a line is refused and not recorded."""
    line = contract.lines.get(kind="wheelchair")  # 3 contracted, 2 delivered
    with pytest.raises(DomainError, match="Above the contract") as exc:
        delivery_record(actor=specialist, line=line, delivered_on=dt.date(YEAR - 1, 5, 1), quantity=2)
    assert exc.value.code == "above_contract"
    assert Delivery.objects.filter(line=line).count() == 1


def test_issue_closes_the_queue_and_refuses_repeat_and_unentitled(
    make_disabled, make_ipr, contract, specialist
):
    """Issue provides the queue entry; a second wheelchair within 7 years and an unlisted aid are refused."""
    person = make_disabled()
    make_ipr(person, kinds=("wheelchair",))
    line = contract.lines.get(kind="wheelchair")
    issue = issue_record(
        actor=specialist,
        person=person,
        line=line,
        issued_on=dt.date(YEAR - 1, 4, 10),
        quantity=1,
        serial_number="WC-001",
        receipt_signed=True,
    )
    assert issue.replace_after == dt.date(YEAR + 6, 4, 10)
    assert QueueEntry.objects.get(person=person, kind="wheelchair").status == "provided"
    with pytest.raises(DomainError, match="replacement period") as exc:
        issue_record(
            actor=specialist,
            person=person,
            line=line,
            issued_on=dt.date(YEAR - 1, 5, 1),
            quantity=1,
            receipt_signed=True,
        )
    assert exc.value.code == "within_replacement_period"
    with pytest.raises(DomainError, match="does not entitle") as exc:
        issue_record(
            actor=specialist,
            person=person,
            line=contract.lines.get(kind="prosthetic"),
            issued_on=dt.date(YEAR - 1, 5, 1),
            quantity=1,
            receipt_signed=True,
        )
    assert exc.value.code == "not_entitled"
    with pytest.raises(DomainError, match="signature"):
        issue_record(
            actor=specialist,
            person=make_disabled(),
            line=line,
            issued_on=dt.date(YEAR - 1, 5, 1),
            quantity=1,
            receipt_signed=False,
        )
    assert Issue.objects.count() == 1


def test_replacement_period_puts_the_person_back_in_the_queue(make_disabled, make_ipr, contract, specialist):
    """When the replacement period ends the person is queued again, once, from that day."""
    person = make_disabled()
    ipr = make_ipr(person, kinds=("wheelchair",))
    Entitlement.objects.filter(ipr=ipr).update(replacement_months=6)
    line = contract.lines.get(kind="wheelchair")
    issue_record(
        actor=specialist,
        person=person,
        line=line,
        issued_on=dt.date(YEAR - 1, 4, 10),
        quantity=1,
        receipt_signed=True,
    )
    assert queue_replacements_due(actor=specialist, on=dt.date(YEAR - 1, 10, 9)) == 0
    assert queue_replacements_due(actor=specialist, on=dt.date(YEAR - 1, 10, 10)) == 1
    assert queue_replacements_due(actor=specialist, on=dt.date(YEAR - 1, 10, 11)) == 0  # idempotent
    entry = QueueEntry.objects.get(person=person, kind="wheelchair", status="waiting")
    assert entry.applied_on == dt.date(YEAR - 1, 10, 10)


def test_voucher_assigned_once_used_or_returned(make_disabled, make_ipr, specialist):
    """A voucher is assigned once; used, it provides the queue entry; returned, it is assigned again."""
    a, b = make_disabled(), make_disabled()
    make_ipr(a, kinds=("sanatorium",))
    make_ipr(b, kinds=("sanatorium",))
    v1, v2 = vouchers_add(
        actor=specialist,
        district="351600000",
        sanatorium="Бережки",
        starts_on=dt.date(YEAR - 1, 6, 1),
        ends_on=dt.date(YEAR - 1, 6, 21),
        price=180_000,
        numbers=["S-1", "S-2"],
    )
    ea, eb = (QueueEntry.objects.get(person=p, kind="sanatorium") for p in (a, b))
    voucher_assign(actor=specialist, voucher=v1, entry=ea)
    with pytest.raises(DomainError, match="already assigned") as exc:
        voucher_assign(actor=specialist, voucher=v1, entry=eb)
    assert exc.value.code == "assigned_twice"
    with pytest.raises(DomainError, match="already holds"):
        voucher_assign(actor=specialist, voucher=v2, entry=ea)
    voucher_close(actor=specialist, voucher=v1, used=True)
    assert QueueEntry.objects.get(pk=ea.pk).status == "provided"
    voucher_assign(actor=specialist, voucher=v2, entry=eb)
    voucher_close(actor=specialist, voucher=v2, used=False, reason="Отказ по здоровью")
    v2.refresh_from_db()
    assert v2.status == "returned" and v2.person_id is None
    assert QueueEntry.objects.get(pk=eb.pk).status == "waiting"
    assert Voucher.objects.get(pk=v1.pk).status == "used"


def test_hours_above_yearly_entitlement_refused(make_disabled, make_ipr, specialist):
    """Hours given beyond the yearly entitlement are refused; correcting a month replaces its hours."""
    person = make_disabled()
    ipr = make_ipr(person, kinds=("sign_language",))
    entitlement = ipr.entitlements.get()
    hours_record(
        actor=specialist, entitlement=entitlement, month=dt.date(YEAR - 1, 5, 1), planned=30, given=30
    )
    hours_record(
        actor=specialist, entitlement=entitlement, month=dt.date(YEAR - 1, 6, 1), planned=30, given=20
    )
    with pytest.raises(DomainError, match="Above the yearly entitlement") as exc:
        hours_record(
            actor=specialist, entitlement=entitlement, month=dt.date(YEAR - 1, 7, 1), planned=0, given=11
        )
    assert exc.value.field == "given"
    assert HoursRecord.objects.count() == 2
    # A correction of a month replaces it: June may be raised to 30 given.
    hours_record(
        actor=specialist, entitlement=entitlement, month=dt.date(YEAR - 1, 6, 1), planned=30, given=30
    )
    assert sum(HoursRecord.objects.values_list("given", flat=True)) == 60


def test_hours_paid_under_the_district_contract_count_in_coverage(make_disabled, make_ipr, specialist):
    """Hours given are priced by the year's contract line of the service: spent money in coverage."""
    from komek.rehabilitation.selectors.coverage import coverage
    from komek.rehabilitation.services.supply import LineInput, contract_create, supplier_create

    supplier = supplier_create(
        actor=specialist, bin="210940045678", name="ОО «Жест»", kinds=["sign_language"]
    )
    contract_create(
        actor=specialist,
        supplier=supplier,
        number="Ж-1",
        year=YEAR - 1,
        district="351600000",
        signed_on=dt.date(YEAR - 1, 1, 15),
        lines=[LineInput(kind="sign_language", item="Час сурдопереводчика", unit_price=3_900, quantity=600)],
    )
    person = make_disabled()
    entitlement = make_ipr(person, kinds=("sign_language",)).entitlements.get()
    hours_record(actor=specialist, entitlement=entitlement, month=dt.date(YEAR - 1, 5, 1), planned=6, given=5)
    row = next(r for r in coverage(user=specialist, year=YEAR - 1).rows if r.kind == "sign_language")
    assert (row.entitled, row.provided, row.in_queue, row.spent, row.contracted) == (
        1,
        1,
        0,
        5 * 3_900,
        600 * 3_900,
    )
    assert str(row.security) == "100.0"
