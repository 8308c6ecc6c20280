"""The register of enterprises and the monitoring of the labour market at them: monthly surveys,
memoranda on keeping jobs and the road-map agreements with enterprises of over 250 staff.

A road map is the employment centre's agreement of the kind ``road_map`` (komek.employment): the
labour context records it there, on the employer of the enterprise's BIN, so that one agreement is
not kept twice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.employment.bin import validate_bin
from komek.employment.choices import AgreementKind, EmployerSize
from komek.employment.models import Agreement, Employer
from komek.employment.services.employers import agreement_create, employer_create
from komek.labour.choices import ROAD_MAP_STAFF, SURVEY_FIELDS
from komek.labour.models import Enterprise, JobsMemorandum, Survey
from komek.labour.services._checks import (
    ENTERPRISE,
    can_manage,
    count,
    date,
    enterprise_locked,
    fmt,
    text,
)
from komek.labour.services.rollup import rollup_refresh

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def _territory(actor: Actor, value: Any) -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit


@audited_refusals(ENTERPRISE)
def enterprise_register(*, actor: Actor, bin: Any, name: Any, kato: Any, staff: Any = 0) -> Enterprise:  # noqa: A002
    """An enterprise by its BIN (checked as the employment centre checks it), joined to the employer
    of the same BIN when the employment centre has one."""
    can_manage(actor)
    code = validate_bin(str(bin or ""))
    title = text(name, "name", limit=250)
    people = count(staff, "staff")
    unit = _territory(actor, kato)
    with transaction.atomic():
        if Enterprise.objects.filter(bin=code).exists():
            raise DomainError(_("An enterprise with this BIN is registered already."), field="bin")
        found = Enterprise.objects.create(
            bin=code, name=title, kato=unit, staff=people, employer=Employer.objects.filter(bin=code).first()
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=found,
            territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("bin", "name", "kato", "staff", "employer"))),
        )
    return found


def month_of(value: Any, field: str = "month") -> dt.date:
    """The first day of a month given as a date or as YYYY-MM."""
    if isinstance(value, str) and len(value.strip()) == 7:
        value = value.strip() + "-01"
    return date(value, field).replace(day=1)


def survey_values(values: dict[str, Any]) -> dict[str, int]:
    """The survey's numbers, each checked; more released than staff is refused naming ``released``."""
    found = {field: count(values.get(field), field, required=field == "staff") for field, _l in SURVEY_FIELDS}
    if found["released"] > found["staff"]:
        raise DomainError(
            _("Released (%(released)d) cannot be more than the staff (%(staff)d).")
            % {"released": found["released"], "staff": found["staff"]},
            field="released",
        )
    for field in ("unpaid_leave", "part_time", "downtime", "stoppage"):
        if found[field] > found["staff"]:
            raise DomainError(
                _("%(field)s (%(n)d) cannot be more than the staff (%(staff)d).")
                % {"field": dict(SURVEY_FIELDS)[field], "n": found[field], "staff": found["staff"]},
                field=field,
            )
    return found


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def survey_record(*, actor: Actor, enterprise_id: Any, month: Any, **values: Any) -> Survey:
    """The survey of an enterprise for a month (one a month); its staff becomes the enterprise's."""
    can_manage(actor)
    first = month_of(month)
    numbers = survey_values(values)
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        if Survey.objects.filter(enterprise=found, month=first).exists():
            raise DomainError(
                _("The enterprise is surveyed for %(month)s already.") % {"month": first.strftime("%m.%Y")},
                field="month",
            )
        done = Survey.objects.create(enterprise=found, month=first, **numbers)
        rollup_refresh(years=[first.year], enterprise_ids=[found.pk])
        if not Survey.objects.filter(enterprise=found, month__gt=first).exists():
            found.staff = numbers["staff"]
            found.save(update_fields=["staff"])
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created({"enterprise": found.pk, "month": first.isoformat(), **numbers}),
        )
    return done


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def memorandum_record(*, actor: Actor, enterprise_id: Any, signed: Any, workers: Any) -> JobsMemorandum:
    """A memorandum with an enterprise on keeping the jobs of ``workers`` workers."""
    can_manage(actor)
    day = date(signed, "signed")
    people = count(workers, "workers", required=True)
    if people < 1:
        raise DomainError(_("A memorandum keeps the jobs of at least one worker."), field="workers")
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        if found.staff and people > found.staff:
            raise DomainError(
                _("The enterprise has %(staff)d workers.") % {"staff": found.staff}, field="workers"
            )
        done = JobsMemorandum.objects.create(enterprise=found, signed=day, workers=people)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created(audit.snapshot(done, ("enterprise", "signed", "workers"))),
        )
    return done


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def road_map_record(*, actor: Actor, enterprise_id: Any, number: Any, signed: Any) -> Agreement:
    """A road map with an enterprise of over 250 staff, kept as the employment centre's agreement
    on the employer of the enterprise's BIN (the employer registered from the enterprise when the
    centre has none)."""
    can_manage(actor)
    code = text(number, "number", limit=40)
    day = date(signed, "signed")
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        if found.staff <= ROAD_MAP_STAFF:
            raise DomainError(
                _("Road maps are concluded with enterprises of over %(n)d staff; this one has %(staff)d.")
                % {"n": ROAD_MAP_STAFF, "staff": found.staff},
                field="number",
            )
        employer = found.employer or Employer.objects.filter(bin=found.bin).first()
        if employer is None:
            employer = employer_create(
                actor=actor,
                bin=found.bin,
                name=found.name,
                kato=found.kato_id,
                size=EmployerSize.LARGE,
                staff=found.staff,
            )
        elif employer.staff <= ROAD_MAP_STAFF:
            employer.staff = found.staff
            employer.save(update_fields=["staff"])
        if found.employer_id != employer.pk:
            found.employer = employer
            found.save(update_fields=["employer"])
        if Agreement.objects.filter(employer=employer, kind=AgreementKind.ROAD_MAP, number=code).exists():
            raise DomainError(_("This road map is recorded already."), field="number")
        return agreement_create(
            actor=actor,
            employer=employer,
            kind=AgreementKind.ROAD_MAP,
            number=code,
            signed_on=day,
            valid_from=day,
            note=_("Road map of %(date)s") % {"date": fmt(day)},
        )
