"""The writes of the Enbek programme's vocational education (ТиПО) and youth projects.

Each is keyword-only, atomic and audited; a refusal leaves nothing written but its own audit row and
names the field to change, in the user's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.employment.models import TipoEnrolment, TipoEvent, TipoPlan, YouthParticipation
from komek.employment.programme_choices import (
    TIPO_NEXT,
    TipoCategory,
    TipoStatus,
    YouthOutcome,
    YouthProject,
)
from komek.employment.services._checks import audit, positive_int, today
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FIRST_DATE = dt.date(2017, 1, 1)  # the programme «Еңбек» 2017-2021 (and its successors) began in 2017


def fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def day_of(value: Any, field: str, *, future: bool = False) -> dt.date:
    """A date from a form, a call or a file's cell (ISO or DD.MM.YYYY), not before 2017."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        text = value.strip()[:10]
        try:
            value = (
                dt.datetime.strptime(text, "%d.%m.%Y").date()  # noqa: DTZ007 (a calendar date)
                if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", text)
                else dt.date.fromisoformat(text)
            )
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > today() and not future:
        raise DomainError(_("The date cannot be in the future."), field=field)
    if value < FIRST_DATE:
        raise DomainError(_("The date is before %(date)s.") % {"date": fmt(FIRST_DATE)}, field=field)
    return value


def text_of(value: Any, field: str, *, limit: int = 200) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return text


def unit_of(actor: Actor, value: Any) -> KatoUnit:
    """A territorial unit of the actor's territory, the actor managing the employment centre's records."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit


def person_of(actor: Actor, iin: Any, field: str = "iin") -> Person:
    """The person of the registry of the actor's territory with this IIN."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    number = str(iin or "").strip()
    if not re.fullmatch(r"[0-9]{12}", number):
        raise DomainError(_("An IIN is 12 digits."), field=field)
    person = Person.objects.filter(iin=number).first()
    if person is None or not policy.in_territory(actor, person.kato_id):
        raise DomainError(_("No person with this IIN in the registry of your territory."), field=field)
    return person


@audited_refusals("employment.tipoplan")
def tipo_plan_set(
    *, actor: Actor, kato: Any, year: Any, persons: Any, allocated: Any, spent: Any = 0
) -> TipoPlan:
    """A territory's plan of vocational education for a year (persons, money allocated) and the money
    spent so far; set again, it replaces the year's plan."""
    unit = unit_of(actor, kato)
    number = positive_int(year, field="year")
    if not FIRST_DATE.year <= number <= today().year + 1:
        raise DomainError(
            _("A year from %(first)d to %(last)d.") % {"first": FIRST_DATE.year, "last": today().year + 1},
            field="year",
        )
    values = {
        "persons": positive_int(persons, field="persons"),
        "allocated": positive_int(allocated, field="allocated", allow_zero=True),
        "spent": positive_int(spent or 0, field="spent", allow_zero=True),
    }
    if values["spent"] > values["allocated"]:
        raise DomainError(
            _("%(spent)s tenge spent is more than the %(allocated)s allocated.")
            % {"spent": values["spent"], "allocated": values["allocated"]},
            field="spent",
        )
    with transaction.atomic():
        plan, made = TipoPlan.objects.select_for_update().update_or_create(
            kato=unit, year=number, defaults=values
        )
        audit(
            actor=actor,
            territory=unit.code,
            obj=plan,
            changes={k: [None, v] for k, v in values.items()},
            reason="" if made else "plan replaced",
        )
    return plan


@audited_refusals("employment.tipoenrolment")
def tipo_enrol(
    *,
    actor: Actor,
    iin: Any,
    college: Any,
    speciality: Any,
    started: Any,
    category: Any,
    vacant_place: Any = False,
) -> TipoEnrolment:
    """A person of the registry sent to study at a college; the history starts with "studying"."""
    person = person_of(actor, iin)
    values = {"college": text_of(college, "college"), "speciality": text_of(speciality, "speciality")}
    begin = day_of(started, "started")
    if str(category or "") not in TipoCategory.values:
        raise DomainError(_("Choose the target category."), field="category")
    if begin < person.birth_date:
        raise DomainError(_("The person was not born yet on that date."), field="started")
    with transaction.atomic():
        if TipoEnrolment.objects.filter(person=person, status=TipoStatus.STUDYING).exists():
            raise DomainError(_("The person is studying under the programme already."), field="iin")
        found = TipoEnrolment.objects.create(
            person=person,
            kato_id=person.kato_id,
            started=begin,
            category=str(category),
            vacant_place=bool(vacant_place),
            **values,
        )
        TipoEvent.objects.create(enrolment=found, status=TipoStatus.STUDYING, date=begin)
        audit(
            actor=actor,
            territory=person.kato_id,
            obj=found,
            person_id=person.pk,
            changes={
                "college": [None, found.college],
                "speciality": [None, found.speciality],
                "started": [None, begin.isoformat()],
                "category": [None, found.category],
                "vacant_place": [None, found.vacant_place],
            },
        )
    return found


@audited_refusals("employment.tipoenrolment", id_kwarg="enrolment_id")
def tipo_step(*, actor: Actor, enrolment_id: Any, status: Any, date: Any) -> TipoEvent:
    """The next step of an enrolment: expelled or finished while studying, employed once finished;
    dated not before the step before it."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    day = day_of(date, "date")
    with transaction.atomic():
        found = (
            TipoEnrolment.objects.select_for_update().filter(pk=enrolment_id).first()
            if str(enrolment_id).isdigit()
            else None
        )
        if found is None or not policy.in_territory(actor, found.kato_id):
            raise DomainError(_("No such enrolment in your territory."), field="enrolment")
        allowed = TIPO_NEXT[found.status]
        if str(status or "") not in allowed:
            raise DomainError(
                _("A person whose status is “%(now)s” can only become: %(next)s.")
                % {
                    "now": found.get_status_display(),
                    "next": ", ".join(str(TipoStatus(s).label) for s in allowed) or "—",
                },
                field="status",
            )
        last = found.events.order_by("-date", "-id").first()
        if last is not None and day < last.date:
            raise DomainError(
                _("The step before it is dated %(date)s: this one cannot be earlier.")
                % {"date": fmt(last.date)},
                field="date",
            )
        event = TipoEvent.objects.create(enrolment=found, status=str(status), date=day)
        before = found.status
        found.status = str(status)
        found.save(update_fields=["status"])
        audit(
            actor=actor,
            territory=found.kato_id,
            obj=found,
            person_id=found.person_id,
            action=AuditAction.UPDATE,
            changes={"status": [before, found.status], "date": [None, day.isoformat()]},
        )
    return event


@audited_refusals("employment.youthparticipation")
def youth_record(
    *,
    actor: Actor,
    iin: Any,
    project: Any,
    started: Any,
    ended: Any = None,
    outcome: Any = YouthOutcome.IN_PROGRESS,
) -> YouthParticipation:
    """A person's part in Жас маман or Жас кәсіпкер, with its dates and outcome (an outcome other than
    "in progress" needs the end date)."""
    person = person_of(actor, iin)
    if str(project or "") not in YouthProject.values:
        raise DomainError(_("Choose the project."), field="project")
    begin = day_of(started, "started")
    end = day_of(ended, "ended") if ended not in (None, "") else None
    if end is not None and end < begin:
        raise DomainError(_("The participation ends before it begins."), field="ended")
    result = str(outcome or YouthOutcome.IN_PROGRESS)
    if result not in YouthOutcome.values:
        raise DomainError(_("Choose the outcome."), field="outcome")
    if (result == YouthOutcome.IN_PROGRESS) != (end is None):
        raise DomainError(
            _("A participation in progress has no end date; an ended one has an outcome."), field="outcome"
        )
    with transaction.atomic():
        found = YouthParticipation.objects.create(
            person=person,
            kato_id=person.kato_id,
            project=str(project),
            started=begin,
            ended=end,
            outcome=result,
        )
        audit(
            actor=actor,
            territory=person.kato_id,
            obj=found,
            person_id=person.pk,
            changes={
                "project": [None, found.project],
                "started": [None, begin.isoformat()],
                "ended": [None, end.isoformat() if end else None],
                "outcome": [None, result],
            },
        )
    return found
