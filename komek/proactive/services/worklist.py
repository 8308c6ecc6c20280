"""Working the list: offer support to a family, dismiss an item with its reason, record the
family's consent — which opens the application through the state services' portal channel.

Each is one transaction with its audit row. A consent is taken only to an offer that was sent, is
not dismissed and has not expired; the citizen portal (to come) calls :func:`item_consent` as the
portal's system actor, the caseworker's page calls it for a consent received by SMS.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.applications.choices import Channel, Language
from komek.applications.models import ServiceDocument
from komek.applications.services.intake import application_receive
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals
from komek.legislation import loader
from komek.proactive.choices import ItemKind, ItemStatus, NoticeChannel
from komek.proactive.models import Item, Notice
from komek.proactive.notifications import deliver, notifier
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

ITEM = "proactive.item"
MAX_OFFER_DAYS = 90
FIELDS = ("status", "offer_expires", "dismissal_reason", "application_id")


def programme_about(code: str) -> tuple[dict[str, str], str]:
    """The title (by language) and the state service of a programme: its latest version."""
    versions = [p for p in loader.application_engine().programmes if p.code == code]
    if not versions:
        return {}, ""
    latest = max(versions, key=lambda p: p.valid_from)
    return dict(latest.title), str(latest.raw.get("service") or "")


def _locked(actor: Actor, item_id: Any) -> Item:
    found = Item.objects.select_for_update().filter(pk=item_id).first()
    if found is None or not policy.in_territory(actor, found.kato_code):
        raise NotFound(_("No such item of the worklist in your territorial units."))
    return found


def _record(actor: Actor, item: Item, before: dict[str, Any], ip_address: str | None) -> None:
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=item, person_id=item.contact_id,
        territory=item.kato_code, changes=audit.diff(before, audit.snapshot(item, FIELDS)),
        ip_address=ip_address,
    )  # fmt: skip


def is_expired(item: Item, today: dt.date | None = None) -> bool:
    """An offer sent whose term is over (the family did not answer in time)."""
    today = today or timezone.localdate()
    return item.status == ItemStatus.OFFERED and item.offer_expires is not None and item.offer_expires < today


def _expiry(value: Any, today: dt.date) -> dt.date:
    if value in (None, ""):
        return today + dt.timedelta(days=settings.KOMEK_OFFER_DAYS)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field="expires") from None
    if not isinstance(value, dt.date) or value <= today:
        raise DomainError(_("The offer must be valid after today."), field="expires")
    if value > today + dt.timedelta(days=MAX_OFFER_DAYS):
        raise DomainError(
            _("An offer is valid for at most %(days)d days.") % {"days": MAX_OFFER_DAYS}, field="expires"
        )
    return value


def _address(person: Person) -> tuple[str, str]:
    if person.phone.strip():
        return NoticeChannel.SMS, person.phone.strip()
    if person.email.strip():
        return NoticeChannel.EMAIL, person.email.strip()
    raise DomainError(
        _("%(name)s has no phone or e-mail in the registry: record one on the person's card first.")
        % {"name": person.full_name}
    )


def offer_text(item: Item, person: Person, expires: dt.date) -> str:
    """The message, in the person's language."""
    titles, _service = programme_about(item.programme)
    language = person.language or "ru"
    with translation.override(language):
        return _(
            "Komek: by the registry your family may be entitled to “%(programme)s”, about "
            "%(amount)s tenge a month. To receive it without an application, answer YES by %(date)s. "
            "Offer No. %(number)s."
        ) % {
            "programme": titles.get(language) or titles.get("ru") or item.programme,
            "amount": f"{item.amount:,}".replace(",", " "),
            "date": expires.strftime("%d.%m.%Y"),
            "number": item.pk,
        }


@audited_refusals(ITEM, id_kwarg="item_id")
def item_offer(*, actor: Actor, item_id: Any, expires: Any = None, ip_address: str | None = None) -> Item:
    """Offer the support to the family: the offer with its term, and the notice in the outbox."""
    policy.require(actor, Capability.PROACTIVE_MANAGE)
    today = timezone.localdate()
    until = _expiry(expires, today)
    with transaction.atomic():
        item = _locked(actor, item_id)
        if item.kind != ItemKind.CANDIDATE:
            raise DomainError(_("Only a family entitled to a programme it does not receive is offered it."))
        if item.status == ItemStatus.OFFERED and not is_expired(item, today):
            raise DomainError(
                _("The offer is sent already and open until %(date)s.")
                % {"date": item.offer_expires.strftime("%d.%m.%Y") if item.offer_expires else ""}
            )
        if item.status not in (ItemStatus.OPEN, ItemStatus.OFFERED):
            raise DomainError(
                _("The item is “%(status)s”: it is not offered again.")
                % {"status": item.get_status_display()}
            )
        person = Person.objects.filter(pk=item.contact_id).first() if item.contact_id else None
        if person is None:
            raise DomainError(_("The family has no head in the registry to address the offer to."))
        channel, address = _address(person)
        before = audit.snapshot(item, FIELDS)
        item.status, item.offered_at, item.offer_expires = ItemStatus.OFFERED, timezone.now(), until
        item.offered_by = actor if isinstance(actor, User) else None
        item.save(update_fields=["status", "offered_at", "offer_expires", "offered_by", "updated_at"])
        notice = Notice.objects.create(
            item=item, person=person, channel=channel, address=address, text=offer_text(item, person, until),
            kato_code=item.kato_code, adapter=notifier().name,
        )  # fmt: skip
        _record(actor, item, before, ip_address)
        transaction.on_commit(lambda: deliver(notice.pk))
    return item


@audited_refusals(ITEM, id_kwarg="item_id")
def item_dismiss(*, actor: Actor, item_id: Any, reason: Any, ip_address: str | None = None) -> Item:
    """Take an item off the list, saying why (a family that refused, a case already on review...)."""
    policy.require(actor, Capability.PROACTIVE_MANAGE)
    text = str(reason or "").strip()
    if not text:
        raise DomainError(_("Say why the item is dismissed."), field="reason")
    if len(text) > 1000:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": 1000}, field="reason")
    with transaction.atomic():
        item = _locked(actor, item_id)
        if item.status not in (ItemStatus.OPEN, ItemStatus.OFFERED):
            raise DomainError(
                _("The item is “%(status)s”: it is not dismissed.") % {"status": item.get_status_display()}
            )
        before = audit.snapshot(item, FIELDS)
        item.status, item.dismissed_at, item.dismissal_reason = ItemStatus.DISMISSED, timezone.now(), text
        item.save(update_fields=["status", "dismissed_at", "dismissal_reason", "updated_at"])
        _record(actor, item, before, ip_address)
    return item


def _documents(service: str) -> list[str]:
    """The checklist of the service: a proactive assignment takes what it needs from the state
    databases and the registry (Social Code, art. 24), the consent standing for the application."""
    return list(
        ServiceDocument.objects.filter(service__code=service, required=True).values_list("code", flat=True)
    )


@audited_refusals(ITEM, id_kwarg="item_id")
def item_consent(
    *, actor: Actor, item_id: Any, received_at: dt.datetime | None = None, ip_address: str | None = None
) -> Item:
    """The family's consent to the offer: the application is opened through the portal channel and
    goes to a caseworker of the family's district like any other."""
    policy.require(actor, Capability.PROACTIVE_MANAGE)
    today = timezone.localdate()
    with transaction.atomic():
        item = _locked(actor, item_id)
        if item.kind != ItemKind.CANDIDATE:
            raise DomainError(_("Only an offer of support takes a consent."))
        if item.status == ItemStatus.DISMISSED:
            raise DomainError(_("The offer was dismissed: a consent to it is not taken."))
        if item.status == ItemStatus.CONSENTED:
            raise DomainError(_("The consent to this offer is recorded already."))
        if item.status != ItemStatus.OFFERED or item.offer_expires is None:
            raise DomainError(_("No offer was sent for this item: offer it first."))
        if is_expired(item, today):
            raise DomainError(
                _("The offer expired on %(date)s: a consent to it is not taken. Offer it again.")
                % {"date": item.offer_expires.strftime("%d.%m.%Y")}
            )
        _titles, service = programme_about(item.programme)
        if not service:
            raise DomainError(_("No state service assigns this programme."))
        person = Person.objects.filter(pk=item.contact_id).first() if item.contact_id else None
        if person is None:
            raise DomainError(_("The family has no head in the registry to apply."))
        application = application_receive(
            actor=actor, service=service, channel=Channel.PORTAL, applicant_id=person.pk,
            documents=_documents(service),
            language=person.language if person.language in Language.values else Language.RU,
            external_id=f"proactive-{item.pk}", received_at=received_at, ip_address=ip_address,
        )  # fmt: skip
        before = audit.snapshot(item, FIELDS)
        item.status, item.consented_at, item.application_id = (
            ItemStatus.CONSENTED,
            timezone.now(),
            application.pk,
        )
        item.save(update_fields=["status", "consented_at", "application_id", "updated_at"])
        _record(actor, item, before, ip_address)
    return item
