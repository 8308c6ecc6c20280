"""Offers of proactive support on the portal: the citizen sees the offer addressed to the family and
consents; the consent opens the application through the portal channel. An expired or dismissed
offer is refused with its reason; another family's offer is not found."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from komek.applications.models import Application
from komek.common.models import AuditLog
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item
from komek.proactive.services import item_dismiss, item_offer
from komek.proactive.tests.conftest import month, phoned, recipient_family, scanned  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(scanned: Any, phoned: Any, caseworker: Any) -> Item:  # noqa: F811
    item = Item.objects.get(kind=ItemKind.CANDIDATE, programme="tsa", entity=f"f{phoned.family.pk}")
    return item_offer(actor=caseworker, item_id=item.pk)


def test_the_citizen_sees_the_offer_and_consents(offered: Item, phoned: Any, signed_in: Any) -> None:  # noqa: F811
    """The offer is on the start page; the consent opens the application through the portal channel."""
    client = signed_in(phoned.head)
    page = client.get("/my/").content.decode()
    assert f"/my/offers/{offered.pk}/consent/" in page
    response = client.post(f"/my/offers/{offered.pk}/consent/")
    assert response.status_code == 302  # noqa: PLR2004
    item = Item.objects.get(pk=offered.pk)
    assert item.status == ItemStatus.CONSENTED
    assert item.application_id is not None
    app = Application.objects.get(pk=item.application_id)
    assert (app.channel, app.applicant_id) == ("portal", phoned.head.pk)
    row = (
        AuditLog.objects.filter(object_type="proactive.item", object_id=str(item.pk), action="update")
        .order_by("-id")
        .first()
    )
    assert row is not None and row.actor_username == f"citizen:{phoned.head.iin}"


def test_an_expired_or_dismissed_offer_is_refused(
    offered: Item,
    phoned: Any,  # noqa: F811
    signed_in: Any,
    caseworker: Any,  # noqa: F811
) -> None:
    """A consent to an expired offer, or to a dismissed one, is refused with the reason and audited."""
    client = signed_in(phoned.head)
    Item.objects.filter(pk=offered.pk).update(offer_expires=timezone.localdate() - dt.timedelta(days=1))
    response = client.post(f"/my/offers/{offered.pk}/consent/", follow=True)
    assert b"expired on" in response.content
    item_offer(actor=caseworker, item_id=offered.pk)
    item_dismiss(actor=caseworker, item_id=offered.pk, reason="The family moved.")
    response = client.post(f"/my/offers/{offered.pk}/consent/", follow=True)
    assert b"dismissed" in response.content
    assert not Application.objects.exists()
    refusals = AuditLog.objects.filter(
        object_type="proactive.item", action="refuse", object_id=str(offered.pk)
    )
    assert {r.actor_username for r in refusals} == {f"citizen:{phoned.head.iin}"} and refusals.count() == 2  # noqa: PLR2004


def test_another_familys_offer_is_not_found(offered: Item, signed_in: Any, make_person: Any) -> None:
    """A citizen of another family cannot consent to this family's offer."""
    stranger = make_person(name="Асель")
    client = signed_in(stranger)
    assert client.post(f"/my/offers/{offered.pk}/consent/").status_code == 404  # noqa: PLR2004
    assert Item.objects.get(pk=offered.pk).status == ItemStatus.OFFERED


def test_the_demo_names_a_citizen_with_an_offer_to_sign_in_as(offered: Item, phoned: Any) -> None:  # noqa: F811
    """`komek demo` prints the IIN of a citizen whose family has an offer waiting, and where the code goes."""
    from komek.demo.portal import sign_in_text

    text = sign_in_text("127.0.0.1:8000")
    assert phoned.head.iin in text and "/my/" in text and "/portal/outbox/" in text
