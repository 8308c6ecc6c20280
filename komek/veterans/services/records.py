"""The writes of the work with veterans. Each is atomic and audited; a refusal leaves nothing written
but its own audit row, and says in the user's language what to change.

The rule of the war: a participant of the Great Patriotic War, a person with disability from it and a
home-front worker lived through the war themselves (the Law of the Republic of Kazakhstan of 6 May
2020 No. 323-VI "On veterans" names them by their service or work during the war of 22 June 1941 –
9 May 1945), so a person born after its last day, 9 May 1945, is refused for these categories.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, ValidationFailed
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.registry.models import Person
from komek.veterans.choices import WAR_CATEGORIES, WAR_END, Category, Occasion
from komek.veterans.models import Event, Exemption, Memorandum, Patronage, Veteran, Visit

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

VETERAN = "veterans.veteran"
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


def _date(value: Any, field: str, *, required: bool = True, future: bool = False) -> dt.date | None:
    """A date read from a form or a call; ``future``: a term ending later (a memorandum's) may be ahead."""
    if value in (None, "") and not required:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
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


def _day(value: Any, field: str) -> dt.date:
    day = _date(value, field)
    assert day is not None  # noqa: S101 (required)
    return day


def _tenge(value: Any, field: str) -> int:
    if value in (None, ""):
        return 0
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("Enter the amount in tenge."), field=field) from None
    if amount < 0 or amount != amount.to_integral_value():
        raise DomainError(_("Enter the amount in whole tenge, not negative."), field=field)
    return int(amount)


def _veteran(actor: Actor, veteran_id: Any) -> Veteran:
    found = Veteran.objects.select_for_update().select_related("person").filter(pk=veteran_id).first()
    if found is None or not policy.in_territory(actor, found.person.kato_id):
        raise NotFound(_("No such veteran in your territory."))
    return found


def _territory(actor: Actor, value: Any) -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit


def _alive_on(person: Person, day: dt.date, field: str) -> None:
    if person.death_date is not None and day > person.death_date:
        raise DomainError(_("The person died on %(date)s.") % {"date": _fmt(person.death_date)}, field=field)


@audited_refusals(VETERAN)
def veteran_record(*, actor: Actor, iin: Any, category: Any, recorded_on: Any, note: Any = "") -> Veteran:
    """A person of the registry recorded as a veteran of a category of the law "On veterans"."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    if str(category or "") not in Category.values:
        raise DomainError(_("Choose the category of the veteran."), field="category")
    day = _day(recorded_on, "recorded_on")
    text = _text(note, "note", required=False)
    number = str(iin or "").strip()
    if not re.fullmatch(r"[0-9]{12}", number):
        raise DomainError(_("An IIN is 12 digits."), field="iin")
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(iin=number).first()
        if person is None or not policy.in_territory(actor, person.kato_id):
            raise DomainError(_("No person with this IIN in the registry of your territory."), field="iin")
        if category in WAR_CATEGORIES and person.birth_date > WAR_END:
            raise DomainError(
                _(
                    "%(category)s: the person was born on %(born)s, after the end of the war (09.05.1945); "
                    "the category is of persons who served or worked during the war of 1941–1945."
                )
                % {"category": Category(category).label, "born": _fmt(person.birth_date)},
                field="category",
            )
        if person.death_date is not None:
            raise DomainError(
                _("The person died on %(date)s: a veteran is recorded while alive.")
                % {"date": _fmt(person.death_date)},
                field="iin",
            )
        if day < person.birth_date:
            raise DomainError(_("The date is before the person was born."), field="recorded_on")
        if Veteran.objects.filter(person=person).exists():
            raise DomainError(_("This person is recorded as a veteran already."), field="iin")
        found = Veteran.objects.create(person=person, category=str(category), recorded_on=day, note=text)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, person_id=person.pk, territory=person.kato_id,
            changes=audit.created(audit.snapshot(found, ("person", "category", "recorded_on"))),
        )  # fmt: skip
    return found


@audited_refusals(VETERAN, id_kwarg="veteran_id")
def patronage_assign(
    *, actor: Actor, veteran_id: Any, patron: Any, started: Any, patron_bin: Any = ""
) -> Patronage:
    """An organisation assigned to a veteran; a veteran has one open patronage at a time."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    errors: dict[str, list[Any]] = {}
    name, number = "", ""
    try:
        name = _text(patron, "patron", limit=200)
    except DomainError as exc:
        errors["patron"] = [exc.message]
    number = str(patron_bin or "").strip()
    if number and not re.fullmatch(r"[0-9]{12}", number):
        errors["patron_bin"] = [_("A BIN is 12 digits.")]
    if errors:
        raise ValidationFailed(errors)
    day = _day(started, "started")
    with transaction.atomic():
        found = _veteran(actor, veteran_id)
        _alive_on(found.person, day, "started")
        if day < found.recorded_on:
            raise DomainError(
                _("The date is before the veteran was recorded (%(date)s).")
                % {"date": _fmt(found.recorded_on)},
                field="started",
            )
        current = Patronage.objects.filter(veteran=found, ended__isnull=True).first()
        if current is not None:
            raise DomainError(
                _("The veteran is under the patronage of %(patron)s since %(date)s: end it first.")
                % {"patron": current.patron, "date": _fmt(current.started)},
                field="patron",
            )
        try:
            with transaction.atomic():
                done = Patronage.objects.create(veteran=found, patron=name, patron_bin=number, started=day)
        except IntegrityError:
            raise DomainError(_("The veteran is under patronage already."), field="patron") from None
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, person_id=found.person_id,
            territory=found.person.kato_id,
            changes=audit.created(audit.snapshot(done, ("veteran", "patron", "patron_bin", "started"))),
        )  # fmt: skip
    return done


@audited_refusals(VETERAN, id_kwarg="veteran_id")
def patronage_end(*, actor: Actor, veteran_id: Any, ended: Any) -> Patronage:
    """The open patronage of a veteran ended on a date."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    day = _day(ended, "ended")
    with transaction.atomic():
        found = _veteran(actor, veteran_id)
        current = Patronage.objects.select_for_update().filter(veteran=found, ended__isnull=True).first()
        if current is None:
            raise DomainError(_("The veteran is under no patronage."), field="ended")
        if day < current.started:
            raise DomainError(
                _("The patronage began on %(date)s.") % {"date": _fmt(current.started)}, field="ended"
            )
        current.ended = day
        current.save(update_fields=["ended"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=current, person_id=found.person_id,
            territory=found.person.kato_id, changes={"ended": [None, day.isoformat()]},
        )  # fmt: skip
    return current


@audited_refusals(VETERAN, id_kwarg="veteran_id")
def visit_record(
    *,
    actor: Actor,
    veteran_id: Any,
    date: Any,
    occasion: Any,
    visitors: Any,
    gift: Any = "",
    gift_value: Any = 0,
) -> Visit:
    """A visit or congratulation at home: never before the veteran was recorded, nor after death."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    if str(occasion or "") not in Occasion.values:
        raise DomainError(_("Choose the occasion."), field="occasion")
    day = _day(date, "date")
    who = _text(visitors, "visitors")
    what = _text(gift, "gift", required=False)
    value = _tenge(gift_value, "gift_value")
    if value and not what:
        raise DomainError(_("Describe the gift whose value is given."), field="gift")
    with transaction.atomic():
        found = _veteran(actor, veteran_id)
        _alive_on(found.person, day, "date")
        if day < found.recorded_on:
            raise DomainError(
                _("The date is before the veteran was recorded (%(date)s).")
                % {"date": _fmt(found.recorded_on)},
                field="date",
            )
        done = Visit.objects.create(
            veteran=found, date=day, occasion=str(occasion), visitors=who, gift=what, gift_value=value
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, person_id=found.person_id,
            territory=found.person.kato_id,
            changes=audit.created(audit.snapshot(done, ("veteran", "date", "occasion", "gift_value"))),
        )  # fmt: skip
    return done


@audited_refusals("veterans.memorandum")
def memorandum_record(
    *, actor: Actor, kato: Any, supplier: Any, signed: Any, valid_from: Any, terms: Any, valid_to: Any = None
) -> Memorandum:
    """A memorandum with a supplier of utilities on exempting veterans from payments."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    name = _text(supplier, "supplier", limit=200)
    text = _text(terms, "terms", limit=4000)
    day = _day(signed, "signed")
    begin = _day(valid_from, "valid_from")
    end = _date(valid_to, "valid_to", required=False, future=True)  # concluded for years ahead
    if end is not None and end < begin:
        raise DomainError(_("The memorandum ends before it begins."), field="valid_to")
    unit = _territory(actor, kato)
    with transaction.atomic():
        found = Memorandum.objects.create(
            kato=unit, supplier=name, signed=day, valid_from=begin, valid_to=end, terms=text
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("kato", "supplier", "signed", "valid_from"))),
        )  # fmt: skip
    return found


@audited_refusals(VETERAN, id_kwarg="veteran_id")
def exemption_grant(
    *, actor: Actor, veteran_id: Any, memorandum_id: Any, started: Any, ended: Any = None
) -> Exemption:
    """A veteran exempted from utility payments under a memorandum, within the memorandum's dates."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    begin = _day(started, "started")
    end = _date(ended, "ended", required=False, future=True)  # until the memorandum's end
    if end is not None and end < begin:
        raise DomainError(_("The exemption ends before it begins."), field="ended")
    with transaction.atomic():
        found = _veteran(actor, veteran_id)
        memo = Memorandum.objects.filter(pk=memorandum_id).select_related("kato").first()
        if memo is None or not policy.in_territory(actor, memo.kato_id):
            raise DomainError(_("No such memorandum in your territory."), field="memorandum")
        if not found.person.kato_id.startswith(memo.kato.prefix):
            raise DomainError(
                _("The veteran lives outside the territory of the memorandum."), field="memorandum"
            )
        if begin < memo.valid_from or (memo.valid_to is not None and begin > memo.valid_to):
            raise DomainError(_("The exemption begins outside the memorandum's dates."), field="started")
        if memo.valid_to is not None and (end is None or end > memo.valid_to):
            raise DomainError(
                _("The memorandum is valid until %(date)s: the exemption ends by then.")
                % {"date": _fmt(memo.valid_to)},
                field="ended",
            )
        _alive_on(found.person, begin, "started")
        if begin < found.recorded_on:
            raise DomainError(
                _("The date is before the veteran was recorded (%(date)s).")
                % {"date": _fmt(found.recorded_on)},
                field="started",
            )
        if Exemption.objects.filter(veteran=found, memorandum=memo, ended__isnull=True).exists():
            raise DomainError(_("The veteran is exempted under this memorandum already."), field="memorandum")
        done = Exemption.objects.create(memorandum=memo, veteran=found, started=begin, ended=end)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, person_id=found.person_id,
            territory=found.person.kato_id,
            changes=audit.created(audit.snapshot(done, ("memorandum", "veteran", "started", "ended"))),
        )  # fmt: skip
    return done


@audited_refusals("veterans.event")
def event_record(
    *,
    actor: Actor,
    kato: Any,
    date: Any,
    title: Any,
    occasion: Any,
    covered: Any = None,
    veterans: Any = (),
    sponsor: Any = "",
    sponsorship: Any = 0,
) -> Event:
    """An event for veterans: the persons it covered (at least the veterans named), its sponsor."""
    policy.require(actor, Capability.VETERANS_MANAGE)
    name = _text(title, "title", limit=200)
    if str(occasion or "") not in Occasion.values:
        raise DomainError(_("Choose the occasion."), field="occasion")
    day = _day(date, "date")
    who = _text(sponsor, "sponsor", required=False, limit=200)
    money = _tenge(sponsorship, "sponsorship")
    if money and not who:
        raise DomainError(_("Name the sponsor of the sponsorship."), field="sponsor")
    ids = sorted({int(v) for v in (veterans or ())})
    try:
        count = int(str(covered).strip()) if covered not in (None, "") else len(ids)
    except ValueError:
        raise DomainError(_("Enter a whole number."), field="covered") from None
    if count < 1:
        raise DomainError(_("An event covers at least one person."), field="covered")
    if count < len(ids):
        raise DomainError(
            _("The event covered fewer persons than the %(count)d veterans named.") % {"count": len(ids)},
            field="covered",
        )
    unit = _territory(actor, kato)
    with transaction.atomic():
        named = list(Veteran.objects.filter(pk__in=ids).select_related("person"))
        if len(named) != len(ids) or any(not v.person.kato_id.startswith(unit.prefix) for v in named):
            raise DomainError(_("A veteran named is not of the event's territory."), field="veterans")
        done = Event.objects.create(
            kato=unit, date=day, title=name, occasion=str(occasion), covered=count, sponsor=who,
            sponsorship=money,
        )  # fmt: skip
        if named:
            done.veterans.set(named)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, territory=unit.code,
            changes=audit.created(
                {**audit.snapshot(done, ("kato", "date", "title", "covered", "sponsorship")), "veterans": ids}
            ),
        )  # fmt: skip
    return done
