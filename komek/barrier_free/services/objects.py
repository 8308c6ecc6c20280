"""An object is registered, certified once (its passport) and, when the passport finds it not fully
accessible, adapted. Each step is checked against the one before: an object is never adapted before
it was certified, nor one its passport found accessible."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.barrier_free.choices import Finding, ObjectKind
from komek.barrier_free.models import Adaptation, Passport, SocialObject, YearPlan
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, ValidationFailed
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT = "barrier_free.socialobject"
FIRST_YEAR = 2000  # certification of objects began with the national plans of the 2000s


def _text(value: Any, field: str, *, required: bool = True, limit: int = 300) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return text


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    if value.year < FIRST_YEAR:
        raise DomainError(_("The date is before %(year)d.") % {"year": FIRST_YEAR}, field=field)
    return value


def _territory(actor: Actor, value: Any) -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit


def _object(actor: Actor, object_id: Any) -> SocialObject:
    found = SocialObject.objects.select_for_update().filter(pk=object_id).first()
    if found is None or not policy.in_territory(actor, found.kato_id):
        raise NotFound(_("No such object in your territory."))
    return found


@audited_refusals(OBJECT)
def object_register(
    *, actor: Actor, kato: Any, name: Any, kind: Any, address: Any, owner: Any
) -> SocialObject:
    """A social-infrastructure object entered into the register of its territory."""
    policy.require(actor, Capability.BARRIER_FREE_MANAGE)
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    for field, raw, limit in (("name", name, 200), ("address", address, 300), ("owner", owner, 200)):
        try:
            values[field] = _text(raw, field, limit=limit)
        except DomainError as exc:
            errors[field] = [exc.message]
    if str(kind or "") not in ObjectKind.values:
        errors["kind"] = [_("Choose the kind of the object.")]
    if errors:
        raise ValidationFailed(errors)
    unit = _territory(actor, kato)
    try:
        with transaction.atomic():
            found = SocialObject.objects.create(kato=unit, kind=str(kind), **values)
            audit.record(
                actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
                changes=audit.created(audit.snapshot(found, ("kato", "name", "kind", "address", "owner"))),
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(
            _("This object is already in the register of the territory at this address."), field="name"
        ) from None
    return found


@audited_refusals(OBJECT, id_kwarg="object_id")
def object_certify(*, actor: Actor, object_id: Any, date: Any, finding: Any, findings: Any = "") -> Passport:
    """The passport of an object: the date of its certification and what it found."""
    policy.require(actor, Capability.BARRIER_FREE_MANAGE)
    day = _date(date, "date")
    if str(finding or "") not in Finding.values:
        raise DomainError(_("Choose the conclusion of the certification."), field="finding")
    text = _text(findings, "findings", required=finding != Finding.ACCESSIBLE, limit=4000)
    with transaction.atomic():
        found = _object(actor, object_id)
        known = Passport.objects.filter(object=found).first()
        if known is not None:
            raise DomainError(
                _("The object was certified on %(date)s already.")
                % {"date": known.date.strftime("%d.%m.%Y")},
                field="date",
            )
        passport = Passport.objects.create(object=found, date=day, finding=str(finding), findings=text)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=passport, territory=found.kato_id,
            changes=audit.created(audit.snapshot(passport, ("object", "date", "finding"))),
        )  # fmt: skip
    return passport


def _cost(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("Enter the cost in tenge."), field="cost") from None
    if amount < 0 or amount != amount.to_integral_value():
        raise DomainError(_("Enter the cost in whole tenge, not negative."), field="cost")
    return int(amount)


@audited_refusals(OBJECT, id_kwarg="object_id")
def adaptation_record(
    *, actor: Actor, object_id: Any, works: Any, started: Any, finished: Any, cost: Any = None
) -> Adaptation:
    """The works that adapted an object: only after its certification found it not fully accessible."""
    policy.require(actor, Capability.BARRIER_FREE_MANAGE)
    text = _text(works, "works", limit=4000)
    begin = _date(started, "started")
    end = _date(finished, "finished")
    if end < begin:
        raise DomainError(_("The works finished before they started."), field="finished")
    money = _cost(cost)
    with transaction.atomic():
        found = _object(actor, object_id)
        passport = Passport.objects.filter(object=found).first()
        if passport is None:
            raise DomainError(
                _("The object is not certified yet: certify it before recording its adaptation.")
            )
        if not passport.to_adapt:
            raise DomainError(_("The object's passport found it accessible: it has nothing to adapt."))
        if begin < passport.date:
            raise DomainError(
                _("The works cannot start before the object was certified (%(date)s).")
                % {"date": passport.date.strftime("%d.%m.%Y")},
                field="started",
            )
        if Adaptation.objects.filter(object=found).exists():
            raise DomainError(_("The adaptation of this object is recorded already."))
        done = Adaptation.objects.create(object=found, works=text, started=begin, finished=end, cost=money)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, territory=found.kato_id,
            changes=audit.created(audit.snapshot(done, ("object", "started", "finished", "cost"))),
        )  # fmt: skip
    return done


def _count(value: Any, field: str) -> int:
    try:
        number = int(str(value if value not in (None, "") else 0).strip())
    except ValueError:
        raise DomainError(_("Enter a whole number."), field=field) from None
    if number < 0:
        raise DomainError(_("The number cannot be negative."), field=field)
    return number


@audited_refusals("barrier_free.yearplan")
def plan_set(
    *,
    actor: Actor,
    kato: Any,
    year: Any,
    to_certify: Any,
    to_adapt: Any,
    indicator: Any = None,
    basis: Any = "",
) -> YearPlan:
    """The plan of a territory for a year (entered again, it replaces the one before)."""
    policy.require(actor, Capability.BARRIER_FREE_MANAGE)
    number = _count(year, "year")
    if not FIRST_YEAR <= number <= timezone.localdate().year + 1:
        raise DomainError(_("Plans are entered up to next year."), field="year")
    target: Decimal | None = None
    if indicator not in (None, ""):
        try:
            target = Decimal(str(indicator).replace(",", ".")).quantize(Decimal("0.1"))
        except InvalidOperation:
            raise DomainError(_("Enter the target indicator in percent."), field="indicator") from None
        if not 0 <= target <= 100:
            raise DomainError(_("A percent is between 0 and 100."), field="indicator")
    unit = _territory(actor, kato)
    values = {
        "to_certify": _count(to_certify, "to_certify"),
        "to_adapt": _count(to_adapt, "to_adapt"),
        "indicator": target,
        "basis": _text(basis, "basis", required=False),
    }
    with transaction.atomic():
        before = YearPlan.objects.select_for_update().filter(kato=unit, year=number).first()
        old = audit.snapshot(before, tuple(values)) if before else {}
        plan, _created = YearPlan.objects.update_or_create(kato=unit, year=number, defaults=values)
        audit.record(
            actor=actor, action=AuditAction.UPDATE if before else AuditAction.CREATE, obj=plan,
            territory=unit.code, changes=audit.diff(old, audit.snapshot(plan, tuple(values))),
        )  # fmt: skip
    return plan
