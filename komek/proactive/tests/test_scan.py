"""The scan: who is entitled without receiving, who receives without being eligible, and a scan run
again that adds nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komek.accounts.choices import Role
from komek.common import audit_chain
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item, Scan
from komek.proactive.services import item_dismiss, item_offer, proactive_scan

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


def _item(kind: str, programme: str, entity: str) -> Item:
    return Item.objects.get(kind=kind, programme=programme, entity=entity)


def test_scan_finds_an_entitled_family_and_a_recipient_no_longer_eligible(
    scanned: Any, phoned: Any, recipient_family: Any
) -> None:
    """The household is eligible for TSA it does not receive; the recipient family earns too much."""
    found = _item(ItemKind.CANDIDATE, "tsa", f"f{phoned.family.pk}")
    assert found.family_id == phoned.family.pk
    assert found.contact_id == phoned.head.pk
    assert found.amount > 0 and found.status == ItemStatus.OPEN
    lost = _item(ItemKind.NOT_ELIGIBLE, "tsa", f"f{recipient_family.pk}")
    assert lost.assignment_id is not None and lost.amount == 20_000
    assert not Item.objects.filter(
        kind=ItemKind.CANDIDATE, entity=f"f{recipient_family.pk}", programme="tsa"
    ).exists()
    figures = scanned.as_dict()["programmes"]
    tsa = next(p for p in figures if p["code"] == "tsa")
    assert tsa["candidates"] >= 1 and tsa["not_eligible"] == 1 and tsa["amount"] >= found.amount
    assert "housing" in scanned.scan.skipped  # its amount needs the case's receipts
    assert AuditLog.objects.filter(object_type="proactive.scan", object_id=str(scanned.scan.pk)).exists()
    assert AuditLog.objects.filter(
        object_type="proactive.item", object_id=str(found.pk), action="create"
    ).exists()


def test_a_scan_run_again_adds_nothing_twice_and_keeps_worked_items(
    scanned: Any, phoned: Any, caseworker: Any, month: dt.date
) -> None:
    """Open items are refreshed, offered and dismissed ones kept: the same items, no new one."""
    before = Item.objects.count()
    items = list(Item.objects.filter(kind=ItemKind.CANDIDATE, family=phoned.family).order_by("id"))
    assert all(i.contact_id == phoned.head.pk for i in items)  # a child's item is addressed to the head
    offered = item_offer(actor=caseworker, item_id=items[0].pk)
    if len(items) > 1:
        item_dismiss(actor=caseworker, item_id=items[1].pk, reason="Applied in the office already.")
    again = proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    assert Item.objects.count() == before
    assert again.scan.created == 0
    assert again.scan.kept == min(len(items), 2)
    assert again.scan.refreshed == before - again.scan.kept
    offered.refresh_from_db()
    assert offered.status == ItemStatus.OFFERED
    assert Scan.objects.count() == 2


def test_an_open_item_no_longer_found_is_marked(
    scanned: Any, phoned: Any, caseworker: Any, month: dt.date
) -> None:
    """The household's wages rise above the line: its open item is no longer found, not deleted."""
    from komek.registry.services.incomes import income_record
    from komek.rules.periods import reference_months

    item = _item(ItemKind.CANDIDATE, "tsa", f"f{phoned.family.pk}")
    for m in reference_months(month):
        income_record(actor=caseworker, person=phoned.spouse, month=m, income_type="wages", amount=900_000)
    again = proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    item.refresh_from_db()
    assert item.status == ItemStatus.GONE
    assert again.scan.gone >= 1


def test_the_scan_is_set_based(phoned: Any, recipient_family: Any, caseworker: Any, month: dt.date) -> None:
    """A fixed number of queries, whatever the number of items (no query per record)."""
    with CaptureQueriesContext(connection) as first:
        proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    with CaptureQueriesContext(connection) as second:
        proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    assert len(first.captured_queries) < 40
    assert len(second.captured_queries) < 40


def test_scan_refuses_another_territory_and_a_role_that_does_not_manage(
    make_user: Any, phoned: Any, month: dt.date
) -> None:
    almaty = make_user(Role.CASEWORKER, units=("750000000",), username="almaty")
    with pytest.raises(PermissionDenied):
        proactive_scan(actor=almaty, kato=BALKHASH, month=month)
    with pytest.raises(PermissionDenied):
        proactive_scan(actor=make_user(Role.DEPARTMENT_HEAD, username="boss"), kato=BALKHASH, month=month)
    with pytest.raises(DomainError, match="Unknown KATO"):
        proactive_scan(actor=make_user(Role.CASEWORKER, username="cw2"), kato="999999999", month=month)


def test_a_month_before_any_programme_finds_nothing(caseworker: Any, phoned: Any) -> None:
    result = proactive_scan(actor=caseworker, kato=BALKHASH, month=dt.date(2010, 1, 1))
    assert result.as_dict()["totals"]["candidates"] == 0


def test_a_family_that_applied_already_is_not_listed(
    phoned: Any, receive: Any, caseworker: Any, month: dt.date
) -> None:
    """An open TSA application of the household: it is on its way, not a family to offer TSA to."""
    receive(phoned.head, "tsa")
    proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    assert not Item.objects.filter(programme="tsa", entity=f"f{phoned.family.pk}").exists()


def test_each_new_item_has_one_audit_row_with_its_person_and_territory(
    scanned: Any, caseworker: Any, month: dt.date
) -> None:
    """One create row per item added, naming the item's contact and territory and what was found;
    a scan run again adds none; the audit chain verifies."""
    items = list(Item.objects.all())
    assert items
    rows = {r.object_id: r for r in AuditLog.objects.filter(object_type="proactive.item", action="create")}
    assert len(rows) == len(items) == scanned.scan.created
    for item in items:
        row = rows[str(item.pk)]
        assert (row.person_id, row.territory, row.actor_username) == (
            item.contact_id, item.kato_code, caseworker.username,
        )  # fmt: skip
        assert row.changes == {"amount": [None, item.amount], "kind": [None, item.kind],
                               "programme": [None, item.programme]}  # fmt: skip
    proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    assert AuditLog.objects.filter(object_type="proactive.item", action="create").count() == len(items)
    assert audit_chain.verify()[1] is None


def test_a_rescan_refreshes_open_items_and_leaves_worked_ones_as_they_were(
    scanned: Any, phoned: Any, caseworker: Any, month: dt.date
) -> None:
    """Found again, an item to work takes the new scan and the engine's amount again; an offered
    item keeps its scan, status and amount; an item dismissed this month is not listed again."""
    candidates = list(Item.objects.filter(kind=ItemKind.CANDIDATE).order_by("id"))
    assert len(candidates) >= 2
    offered = item_offer(actor=caseworker, item_id=candidates[0].pk)
    dismissed = item_dismiss(actor=caseworker, item_id=candidates[1].pk, reason="Applied in the office.")
    lost = Item.objects.get(kind=ItemKind.NOT_ELIGIBLE)
    Item.objects.filter(pk=lost.pk).update(amount=1, kato_code="351600000")  # as if the assignment changed
    again = proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
    lost.refresh_from_db()
    assert (lost.scan_id, lost.amount, lost.kato_code, lost.status) == (
        again.scan.pk, 20_000, "351610000", ItemStatus.OPEN,
    )  # fmt: skip
    offered.refresh_from_db()
    assert (offered.scan_id, offered.status) == (scanned.scan.pk, ItemStatus.OFFERED)
    assert (
        not Item.objects.filter(kind=dismissed.kind, programme=dismissed.programme, entity=dismissed.entity)
        .exclude(pk=dismissed.pk)
        .exists()
    )
    assert again.scan.kept == 2 and again.scan.created == 0 and again.scan.gone == 0
