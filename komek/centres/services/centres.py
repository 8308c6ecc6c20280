"""A centre is created; a person of the actor's territory is registered at it (once at a time; an
active longevity centre registers only pensioners); each service to a registered person and each
group event is recorded on its date. Every write and every refusal is audited; nothing is written
half."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.centres.choices import CentreKind, EventKind, ServiceKind
from komek.centres.models import Centre, Event, Registration, Service
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.dated import in_force_q
from komek.common.errors import DomainError, NotFound, ValidationFailed
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.legislation.terms import legal_value
from komek.registry.choices import Sex, StatusKind
from komek.registry.models import Person, PersonStatus

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

CENTRE = "centres.centre"
FIRST_YEAR = 2010  # the family and active longevity centres opened in the 2010s


def _text(value: Any, field: str, *, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return text


def _date(value: Any, field: str = "date") -> dt.date:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    if value.year < FIRST_YEAR:
        raise DomainError(_("The date is before %(year)d.") % {"year": FIRST_YEAR}, field=field)
    return value


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true", "on", "yes")


def _centre(actor: Actor, centre_id: Any, *, lock: bool = False) -> Centre:
    found = Centre.objects.select_for_update() if lock else Centre.objects.all()
    centre = found.filter(pk=centre_id).first()
    if centre is None or not policy.in_territory(actor, centre.kato_id):
        raise NotFound(_("No such centre in your territory."))
    return centre


def _person(actor: Actor, iin: Any) -> Person:
    text = str(iin or "").strip()
    if not text.isdigit() or len(text) != 12:
        raise DomainError(_("Enter the person's IIN: 12 digits."), field="iin")
    person = Person.objects.filter(iin=text).first()
    if person is None:
        raise DomainError(_("No person with this IIN is in the registry."), field="iin")
    if not policy.in_territory(actor, person.kato_id):
        raise DomainError(_("The person lives outside your territory."), field="iin")
    return person


def _months(birth: dt.date, day: dt.date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def is_pensioner(person: Person, on: dt.date) -> bool:
    """Of retirement age on ``on`` (the legislation's age of the person's sex, in years and months),
    or holding a pensioner's status in force."""
    name = "retirement_age_women" if person.sex == Sex.FEMALE else "retirement_age_men"
    age = legal_value(name, on)
    if Decimal(_months(person.birth_date, on)) >= age * 12:
        return True
    return PersonStatus.objects.filter(in_force_q(on), person=person, kind=StatusKind.PENSIONER).exists()


@audited_refusals(CENTRE)
def centre_create(*, actor: Actor, kato: Any, kind: Any, name: Any, address: Any) -> Centre:
    """A centre of a territory: a family centre, a crafts centre or an active longevity centre."""
    policy.require(actor, Capability.CENTRES_MANAGE)
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    for field, raw, limit in (("name", name, 200), ("address", address, 300)):
        try:
            values[field] = _text(raw, field, limit=limit)
        except DomainError as exc:
            errors[field] = [exc.message]
    if str(kind or "") not in CentreKind.values:
        errors["kind"] = [_("Choose the kind of the centre.")]
    if errors:
        raise ValidationFailed(errors)
    unit = KatoUnit.objects.filter(code=str(getattr(kato, "code", kato) or "").strip()).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    try:
        with transaction.atomic():
            centre = Centre.objects.create(kato=unit, kind=str(kind), **values)
            audit.record(
                actor=actor, action=AuditAction.CREATE, obj=centre, territory=unit.code,
                changes=audit.created(audit.snapshot(centre, ("kato", "kind", "name", "address"))),
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(_("A centre of this name is already in the territory."), field="name") from None
    return centre


@audited_refusals(CENTRE, id_kwarg="centre_id")
def person_register(*, actor: Actor, centre_id: Any, iin: Any, date: Any) -> Registration:
    """A person of the actor's territory registered at a centre on ``date``."""
    policy.require(actor, Capability.CENTRES_MANAGE)
    day = _date(date)
    person = _person(actor, iin)
    with transaction.atomic():
        centre = _centre(actor, centre_id, lock=True)
        if person.birth_date > day:
            raise DomainError(_("The person was not born on that date."), field="date")
        if centre.kind == CentreKind.LONGEVITY and not is_pensioner(person, day):
            raise DomainError(
                _("An active longevity centre registers pensioners only: the person is under the "
                  "retirement age on that date."), field="iin",
            )  # fmt: skip
        known = Registration.objects.filter(centre=centre, person=person, ended_on__isnull=True).first()
        if known is not None:
            raise DomainError(
                _("The person is registered at this centre since %(date)s already.")
                % {"date": known.registered_on.strftime("%d.%m.%Y")},
                field="iin",
            )
        registration = Registration.objects.create(centre=centre, person=person, registered_on=day)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=registration, territory=centre.kato_id,
            person_id=person.pk,
            changes=audit.created(audit.snapshot(registration, ("centre", "person", "registered_on"))),
        )  # fmt: skip
    return registration


@audited_refusals(CENTRE, id_kwarg="centre_id")
def service_record(
    *, actor: Actor, centre_id: Any, iin: Any, date: Any, kind: Any, online: Any = False
) -> Service:
    """A service given to a person registered at the centre on that date."""
    policy.require(actor, Capability.CENTRES_MANAGE)
    day = _date(date)
    if str(kind or "") not in ServiceKind.values:
        raise DomainError(_("Choose the kind of the service."), field="kind")
    person = _person(actor, iin)
    with transaction.atomic():
        centre = _centre(actor, centre_id)
        registration = (
            Registration.objects.filter(centre=centre, person=person, registered_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .first()
        )
        if registration is None:
            raise DomainError(
                _("The person is not registered at this centre on %(date)s: register the person first.")
                % {"date": day.strftime("%d.%m.%Y")},
                field="iin",
            )
        service = Service.objects.create(
            registration=registration, centre=centre, person=person, date=day, kind=str(kind),
            online=_flag(online),
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=service, territory=centre.kato_id,
            person_id=person.pk,
            changes=audit.created(audit.snapshot(service, ("centre", "person", "date", "kind", "online"))),
        )  # fmt: skip
    return service


@audited_refusals(CENTRE, id_kwarg="centre_id")
def event_record(
    *, actor: Actor, centre_id: Any, date: Any, title: Any, kind: Any, participants: Any, online: Any = False
) -> Event:
    """A group activity of the centre: its date, title, kind and number of participants."""
    policy.require(actor, Capability.CENTRES_MANAGE)
    day = _date(date)
    text = _text(title, "title", limit=200)
    if str(kind or "") not in EventKind.values:
        raise DomainError(_("Choose the kind of the event."), field="kind")
    try:
        count = int(str(participants).strip())
    except ValueError:
        raise DomainError(_("Enter a whole number."), field="participants") from None
    if count < 1:
        raise DomainError(_("An event has at least one participant."), field="participants")
    with transaction.atomic():
        centre = _centre(actor, centre_id)
        event = Event.objects.create(
            centre=centre, date=day, title=text, kind=str(kind), participants=count, online=_flag(online)
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=event, territory=centre.kato_id,
            changes=audit.created(audit.snapshot(event, ("centre", "date", "title", "kind", "participants"))),
        )  # fmt: skip
    return event
