"""The writes of charity. Each is atomic and audited; a refusal leaves nothing written but its own
audit row, and says on which field and in the user's language what to change.

A partner or a campaign of a wider territory (a city's fund, a city-wide campaign) reaches the
districts under it: a district's user may name it (``reaches``)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.charity.choices import CHILD_AGE, LEGAL_ENTITIES, CampaignKind, Item, PartnerKind, TargetGroup
from komek.charity.models import Campaign, HelpLine, Partner, Sponsorship
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, ValidationFailed
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.employment.bin import validate_bin
from komek.registry.models import Membership, Person
from komek.veterans.models import Event

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

MANAGE = Capability.CHARITY_MANAGE
FIRST_DATE = dt.date(1991, 12, 16)  # the records are of independent Kazakhstan


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _text(value: Any, field: str, *, required: bool = True, limit: int = 300) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return text


def _day(value: Any, field: str, *, future: bool = False) -> dt.date:
    """A date read from a form or a call; ``future``: the end of a campaign may be ahead."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate() and not future:
        raise DomainError(_("The date is in the future."), field=field)
    if value < FIRST_DATE:
        raise DomainError(_("The date is before %(date)s.") % {"date": _fmt(FIRST_DATE)}, field=field)
    return value


def _whole(value: Any, field: str, *, least: int = 0) -> int:
    """A whole number (tenge, a quantity, a count of persons) not below ``least``."""
    if value in (None, ""):
        value = 0
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("Enter a whole number."), field=field) from None
    if number < 0:
        raise DomainError(_("The value cannot be negative."), field=field)
    if number != number.to_integral_value():
        raise DomainError(_("Enter a whole number."), field=field)
    if number < least:
        raise DomainError(_("At least %(least)d.") % {"least": least}, field=field)
    return int(number)


def reaches(actor: Actor, code: str) -> bool:
    """A record of the territory ``code`` is the actor's: inside the actor's territory, or of a wider
    territory containing it (a city's fund for a district's user)."""
    allowed = policy.prefixes(actor)
    if allowed is None:
        return True
    unit_prefix = KatoUnit.objects.filter(code=code).values_list("prefix", flat=True).first() or code
    return any(code.startswith(p) or p.startswith(unit_prefix) for p in allowed)


def _territory(actor: Actor, value: Any) -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit


def _partner(actor: Actor, partner_id: Any, field: str) -> Partner:
    if partner_id in (None, ""):
        raise DomainError(_("Choose the partner."), field=field)
    found = Partner.objects.filter(pk=partner_id).first() if str(partner_id).isdigit() else None
    if found is None or not reaches(actor, found.kato_id):
        raise DomainError(_("No such partner in the register of your territory."), field=field)
    return found


@audited_refusals("charity.partner")
def partner_record(
    *,
    actor: Actor,
    kind: Any,
    name: Any,
    kato: Any,
    registered_on: Any,
    bin: Any = "",  # noqa: A002 (the field's name)
    contact: Any = "",
) -> Partner:
    """An NGO, patron, donor, fund or enterprise in the one register; a legal entity has a valid BIN."""
    policy.require(actor, MANAGE)
    errors: dict[str, list[Any]] = {}
    fields: dict[str, Any] = {}
    if str(kind or "") not in PartnerKind.values:
        errors["kind"] = [_("Choose the kind of partner.")]
    for field, check in (
        ("name", lambda: _text(name, "name", limit=200)),
        ("contact", lambda: _text(contact, "contact", required=False)),
        ("registered_on", lambda: _day(registered_on, "registered_on")),
    ):
        try:
            fields[field] = check()
        except DomainError as exc:
            errors[field] = [exc.message]
    number = str(bin or "").replace(" ", "").strip()
    if number:
        try:
            number = validate_bin(number)
        except DomainError as exc:
            errors["bin"] = [str(exc.message)]
    elif kind in LEGAL_ENTITIES:
        errors["bin"] = [_("An organisation is registered with its BIN.")]
    if errors:
        raise ValidationFailed(errors)
    unit = _territory(actor, kato)
    with transaction.atomic():
        if number and Partner.objects.select_for_update().filter(bin=number).exists():
            raise DomainError(_("A partner with this BIN is in the register already."), field="bin")
        found = Partner.objects.create(kind=str(kind), bin=number, kato=unit, **fields)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("kind", "name", "bin", "kato", "registered_on"))),
        )  # fmt: skip
    return found


@audited_refusals("charity.campaign")
def campaign_record(
    *,
    actor: Actor,
    kind: Any,
    title: Any,
    kato: Any,
    started: Any,
    ended: Any,
    target_group: Any,
    description: Any = "",
    partners: Any = (),
    children_online: Any = 0,
    children_offline: Any = 0,
    employed: Any = 0,
) -> Campaign:
    """A charity campaign or a social project; only a social project counts the children it covered
    and the persons it employed."""
    policy.require(actor, MANAGE)
    if str(kind or "") not in CampaignKind.values:
        raise DomainError(_("Choose the kind: a charity campaign or a social project."), field="kind")
    name = _text(title, "title", limit=200)
    if str(target_group or "") not in TargetGroup.values:
        raise DomainError(_("Choose the target group."), field="target_group")
    text = _text(description, "description", required=False, limit=4000)
    begin = _day(started, "started")
    end = _day(ended, "ended", future=True)
    if end < begin:
        raise DomainError(_("The campaign ends before it begins."), field="ended")
    counts = {
        "children_online": _whole(children_online, "children_online"),
        "children_offline": _whole(children_offline, "children_offline"),
        "employed": _whole(employed, "employed"),
    }
    if kind != CampaignKind.PROJECT:
        for field, count in counts.items():
            if count:
                raise DomainError(_("Only a social project counts its participants."), field=field)
    unit = _territory(actor, kato)
    with transaction.atomic():
        named = [_partner(actor, pk, "partners") for pk in sorted({str(p) for p in (partners or ())})]
        found = Campaign.objects.create(
            kind=str(kind), title=name, kato=unit, started=begin, ended=end, target_group=str(target_group),
            description=text, **counts,
        )  # fmt: skip
        if named:
            found.partners.set(named)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(
                {
                    **audit.snapshot(found, ("kind", "title", "kato", "started", "ended", *counts)),
                    "partners": [p.pk for p in named],
                }
            ),
        )  # fmt: skip
    return found


def _age_on(person: Person, day: dt.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@audited_refusals("charity.campaign", id_kwarg="campaign_id")
def help_record(
    *,
    actor: Actor,
    campaign_id: Any,
    iin: Any,
    item: Any,
    quantity: Any,
    value: Any,
    date: Any,
    to_family: Any = False,
    description: Any = "",
    partner_id: Any = None,
) -> HelpLine:
    """What a person of the registry (or the person's family) received in kind in a campaign, dated
    within the campaign's dates."""
    policy.require(actor, MANAGE)
    number = str(iin or "").strip()
    if not re.fullmatch(r"[0-9]{12}", number):
        raise DomainError(_("An IIN is 12 digits."), field="iin")
    if str(item or "") not in Item.values:
        raise DomainError(_("Choose what was given."), field="item")
    text = _text(description, "description", required=item == Item.OTHER)
    count = _whole(quantity, "quantity", least=1)
    money = _whole(value, "value")
    day = _day(date, "date")
    with transaction.atomic():
        found = Campaign.objects.select_related("kato").filter(pk=campaign_id).first()
        if found is None or not reaches(actor, found.kato_id):
            raise DomainError(_("No such campaign in your territory."), field="campaign")
        if not found.started <= day <= found.ended:
            raise DomainError(
                _("The campaign runs from %(start)s to %(end)s: the date is outside it.")
                % {"start": _fmt(found.started), "end": _fmt(found.ended)},
                field="date",
            )
        person = Person.objects.filter(iin=number).first()
        if person is None or not policy.in_territory(actor, person.kato_id):
            raise DomainError(_("No person with this IIN in the registry of your territory."), field="iin")
        if not person.kato_id.startswith(found.kato.prefix):
            raise DomainError(_("The person lives outside the campaign's territory."), field="iin")
        if day < person.birth_date or (person.death_date is not None and day > person.death_date):
            raise DomainError(_("The person was not alive on that date."), field="date")
        family_id = None
        if to_family:
            family_id = (
                Membership.objects.filter(person=person, valid_from__lte=day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .values_list("family_id", flat=True)
                .first()
            )
            if family_id is None:
                raise DomainError(_("The person is of no family in the registry on that date."), field="iin")
        giver = _partner(actor, partner_id, "partner_id") if partner_id not in (None, "") else None
        line = HelpLine.objects.create(
            campaign=found, person=person, family_id=family_id,
            child=family_id is None and _age_on(person, day) < CHILD_AGE, item=str(item), description=text,
            quantity=count, value=money, date=day, partner=giver,
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=line, person_id=person.pk, territory=person.kato_id,
            changes=audit.created(
                audit.snapshot(line, ("campaign", "family", "item", "quantity", "value", "date", "partner"))
            ),
        )  # fmt: skip
    return line


@audited_refusals("charity.sponsorship")
def sponsorship_record(*, actor: Actor, partner_id: Any, event_id: Any, amount: Any) -> Sponsorship:
    """A partner's sponsorship of an event for veterans: the event's lines add up to no more than the
    sponsorship the work with veterans recorded for it (one figure in both places)."""
    policy.require(actor, MANAGE)
    money = _whole(amount, "amount", least=1)
    with transaction.atomic():
        giver = _partner(actor, partner_id, "partner_id")
        event = (
            Event.objects.select_for_update().filter(pk=event_id).first() if str(event_id).isdigit() else None
        )
        if event is None or not policy.in_territory(actor, event.kato_id):
            raise DomainError(_("No such event for veterans in your territory."), field="event_id")
        given = Sponsorship.objects.filter(event=event).aggregate(s=Sum("amount"))["s"] or 0
        if given + money > event.sponsorship:
            raise DomainError(
                _(
                    "The event recorded %(total)s tenge of sponsorship, %(given)s of it given already: "
                    "at most %(left)s tenge is left."
                )
                % {"total": event.sponsorship, "given": given, "left": max(event.sponsorship - given, 0)},
                field="amount",
            )
        done = Sponsorship.objects.create(partner=giver, event=event, amount=money)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, territory=event.kato_id,
            changes=audit.created(audit.snapshot(done, ("partner", "event", "amount"))),
        )  # fmt: skip
    return done
