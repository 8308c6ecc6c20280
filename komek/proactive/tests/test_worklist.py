"""Working the list: an offer with its term and its notice, a dismissal with its reason, a consent
that opens the application through the portal channel, and the refusals of each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from komek.applications.choices import Channel
from komek.applications.models import Application
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.proactive.choices import ItemKind, ItemStatus, NoticeChannel
from komek.proactive.models import Item, Notice
from komek.proactive.notifications import NotSent, deliver
from komek.proactive.services import item_consent, item_dismiss, item_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def tsa_item(scanned: Any, phoned: Any) -> Item:
    return Item.objects.get(kind=ItemKind.CANDIDATE, programme="tsa", entity=f"f{phoned.family.pk}")


def test_an_offer_records_its_term_and_writes_the_notice(
    tsa_item: Item, caseworker: Any, phoned: Any
) -> None:
    item = item_offer(actor=caseworker, item_id=tsa_item.pk)
    assert item.status == ItemStatus.OFFERED
    assert item.offer_expires == timezone.localdate() + dt.timedelta(days=30)
    notice = Notice.objects.get(item=item)
    assert notice.channel == NoticeChannel.SMS and notice.address == "+77015550101"
    assert notice.adapter == "outbox" and str(item.pk) in notice.text
    assert AuditLog.objects.filter(
        object_type="proactive.item", object_id=str(item.pk), action="update"
    ).exists()
    delivered = deliver(notice.pk)
    assert delivered.sent_at is not None  # the outbox is where it goes


def test_an_offer_is_not_sent_twice_nor_to_a_family_without_phone(
    tsa_item: Item, caseworker: Any, phoned: Any
) -> None:
    item_offer(actor=caseworker, item_id=tsa_item.pk)
    with pytest.raises(DomainError, match="sent already"):
        item_offer(actor=caseworker, item_id=tsa_item.pk)
    other = (
        Item.objects.filter(kind=ItemKind.CANDIDATE, status=ItemStatus.OPEN).exclude(pk=tsa_item.pk).first()
    )
    if other is not None and other.contact_id == phoned.head.pk:
        phoned.head.phone = ""
        phoned.head.save(update_fields=["phone"])
        with pytest.raises(DomainError, match="no phone or e-mail"):
            item_offer(actor=caseworker, item_id=other.pk)
    with pytest.raises(DomainError, match="after today"):
        item_offer(actor=caseworker, item_id=tsa_item.pk, expires=timezone.localdate())


def test_a_recipient_no_longer_eligible_is_not_offered(scanned: Any, caseworker: Any) -> None:
    lost = Item.objects.get(kind=ItemKind.NOT_ELIGIBLE)
    with pytest.raises(DomainError, match="Only a family entitled"):
        item_offer(actor=caseworker, item_id=lost.pk)
    done = item_dismiss(
        actor=caseworker, item_id=lost.pk, reason="Income checked: the assignment is terminated."
    )
    assert done.status == ItemStatus.DISMISSED


def test_a_dismissal_needs_its_reason(tsa_item: Item, caseworker: Any) -> None:
    with pytest.raises(DomainError, match="Say why"):
        item_dismiss(actor=caseworker, item_id=tsa_item.pk, reason="  ")
    item = item_dismiss(actor=caseworker, item_id=tsa_item.pk, reason="The family refused by phone.")
    assert item.dismissal_reason == "The family refused by phone."
    with pytest.raises(DomainError, match="not dismissed"):
        item_dismiss(actor=caseworker, item_id=tsa_item.pk, reason="again")


def test_a_consent_opens_the_application_through_the_portal_channel(
    tsa_item: Item, caseworker: Any, phoned: Any
) -> None:
    item_offer(actor=caseworker, item_id=tsa_item.pk)
    item = item_consent(actor=caseworker, item_id=tsa_item.pk)
    assert item.status == ItemStatus.CONSENTED
    assert item.application_id is not None
    app = Application.objects.get(pk=item.application_id)
    assert app.channel == Channel.PORTAL and app.applicant_id == phoned.head.pk
    assert app.service.code == "tsa" and app.external_id == f"proactive-{item.pk}"
    with pytest.raises(DomainError, match="recorded already"):
        item_consent(actor=caseworker, item_id=tsa_item.pk)


def test_a_consent_to_no_offer_a_dismissed_or_an_expired_one_is_refused(
    tsa_item: Item, caseworker: Any
) -> None:
    with pytest.raises(DomainError, match="offer it first"):
        item_consent(actor=caseworker, item_id=tsa_item.pk)
    item_offer(actor=caseworker, item_id=tsa_item.pk)
    Item.objects.filter(pk=tsa_item.pk).update(offer_expires=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(DomainError, match="expired on"):
        item_consent(actor=caseworker, item_id=tsa_item.pk)
    assert not Application.objects.filter(external_id=f"proactive-{tsa_item.pk}").exists()
    item_offer(actor=caseworker, item_id=tsa_item.pk)  # offered again after it expired
    item_dismiss(actor=caseworker, item_id=tsa_item.pk, reason="The family moved.")
    with pytest.raises(DomainError, match="dismissed"):
        item_consent(actor=caseworker, item_id=tsa_item.pk)
    refusals = AuditLog.objects.filter(
        object_type="proactive.item", action="refuse", object_id=str(tsa_item.pk)
    )
    assert refusals.count() == 3


def test_another_territory_and_a_viewer_cannot_work_the_list(
    tsa_item: Item, almaty_caseworker: Any, head: Any
) -> None:
    with pytest.raises(NotFound):
        item_offer(actor=almaty_caseworker, item_id=tsa_item.pk)
    with pytest.raises(PermissionDenied):
        item_dismiss(actor=head, item_id=tsa_item.pk, reason="no")


def test_an_adapter_that_fails_leaves_the_error_on_the_notice(tsa_item: Item, caseworker: Any) -> None:
    class Down:
        name = "sms"

        def send(self, *, channel: str, address: str, text: str) -> None:
            raise NotSent("the gateway cannot be reached (URLError)")

    item_offer(actor=caseworker, item_id=tsa_item.pk)
    notice = deliver(Notice.objects.get(item=tsa_item).pk, through=Down())
    assert notice.sent_at is None and "cannot be reached" in notice.error
