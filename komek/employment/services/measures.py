"""Active measures: enrolment with each measure's legal limits, completion, job fairs, annual plans."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.money import round_tenge
from komek.common.periods import add_months_keep_day, age_on
from komek.employment.choices import (
    ACTIVE_STATUSES,
    MeasureKind,
    MeasureOutcome,
    Repayment,
)
from komek.employment.models import (
    Agreement,
    Course,
    Employer,
    Jobseeker,
    Participation,
)
from komek.employment.selectors.params import mci, minimum_wage, value
from komek.employment.selectors.targets import target_flags
from komek.employment.services._checks import audit, manage, not_future, positive_int
from komek.employment.services.training import training_approved
from komek.legislation.terms import legal_term_or_none
from komek.registry.models import Person
from komek.rules.terms import MEASURE_MAX_MONTHS

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

NEEDS_REGISTRATION = {
    MeasureKind.PUBLIC_WORKS,
    MeasureKind.SOCIAL_JOB,
    MeasureKind.YOUTH_PRACTICE,
    MeasureKind.TRAINING,
}
NEEDS_EMPLOYER = {MeasureKind.PUBLIC_WORKS, MeasureKind.SOCIAL_JOB, MeasureKind.YOUTH_PRACTICE}


def _check_period(kind: str, date_from: dt.date, date_to: dt.date, region: str) -> None:
    if date_to < date_from:
        raise DomainError(_("The end of the period is before its start."), field="date_to")
    longest = legal_term_or_none(MEASURE_MAX_MONTHS, date_from, kind, region)
    if longest and date_to >= add_months_keep_day(date_from, longest):
        raise DomainError(
            ngettext(
                "%(measure)s lasts at most %(months)s month: the period must end before %(date)s.",
                "%(measure)s lasts at most %(months)s months: the period must end before %(date)s.",
                longest,
            )
            % {
                "measure": MeasureKind(kind).label,
                "months": longest,
                "date": add_months_keep_day(date_from, longest).strftime("%d.%m.%Y"),
            },
            field="date_to",
            code="period_too_long",
        )


def _youth_practice(person: Person, jobseeker: Jobseeker, date_from: dt.date) -> None:
    age_max = value("youth_practice_age_max", date_from)
    if age_on(person.birth_date, date_from) > age_max:
        raise DomainError(
            _("Youth practice is for graduates aged up to %(age)s.") % {"age": age_max},
            field="person",
            code="too_old",
        )
    years = int(value("youth_practice_graduation_years", date_from))
    if jobseeker.graduation_year is None:
        raise DomainError(_("The jobseeker's year of graduation is not recorded."), field="person")
    if date_from.year - jobseeker.graduation_year > years:
        raise DomainError(
            _("Youth practice is for graduates of the last %(years)s years; graduated in %(year)s.")
            % {"years": years, "year": jobseeker.graduation_year},
            field="person",
            code="graduated_too_long_ago",
        )


def _paid_job_terms(kind: str, *, monthly_wage: int, date_from: dt.date, region: str) -> dict[str, object]:
    """Public works and social jobs: the wage at least the minimum wage; the state's monthly share."""
    wage = positive_int(monthly_wage, field="monthly_wage")
    floor = minimum_wage(date_from, region)
    if wage < floor:
        raise DomainError(
            _("The wage is below the minimum wage of %(floor)s tenge.") % {"floor": floor},
            field="monthly_wage",
            code="below_minimum_wage",
        )
    if kind == MeasureKind.SOCIAL_JOB:
        share = value("social_job_state_share", date_from, region)
        cap = value("social_job_state_cap_mci", date_from, region) * mci(date_from, region)
        return {"monthly_wage": wage, "state_monthly": round_tenge(min(wage * share, cap))}
    return {"monthly_wage": wage, "state_monthly": wage}


def _business_terms(
    kind: str, *, amount: int, purpose: str, date_from: dt.date, region: str
) -> dict[str, object]:
    """Grants (at most ``employment_grant_max_mci`` MCI of the date) and microcredits: the amount and
    the project's purpose."""
    money = positive_int(amount, field="amount")
    fields: dict[str, object] = {"amount": money}
    if kind == MeasureKind.GRANT:
        limit_mci = value("employment_grant_max_mci", date_from, region)
        limit = round_tenge(limit_mci * mci(date_from, region))
        if money > limit:
            raise DomainError(
                _("A grant is at most %(mci)s MCI: %(limit)s tenge on %(date)s.")
                % {
                    "mci": f"{limit_mci.normalize():f}",
                    "limit": limit,
                    "date": date_from.strftime("%d.%m.%Y"),
                },
                field="amount",
                code="above_limit",
            )
    else:
        fields["repayment"] = Repayment.CURRENT
    if not purpose.strip():
        raise DomainError(_("Describe the purpose of the business project."), field="purpose")
    return fields


def _terms(
    kind: str,
    *,
    person: Person,
    jobseeker: Jobseeker | None,
    date_from: dt.date,
    date_to: dt.date,
    course: Course | None,
    monthly_wage: int,
    amount: int,
    purpose: str,
) -> dict[str, object]:
    """The money of a participation, checked against the measure's limits on its start date."""
    region = person.kato_id
    if kind in (MeasureKind.PUBLIC_WORKS, MeasureKind.SOCIAL_JOB):
        return _paid_job_terms(kind, monthly_wage=monthly_wage, date_from=date_from, region=region)
    if kind == MeasureKind.YOUTH_PRACTICE:
        assert jobseeker is not None
        _youth_practice(person, jobseeker, date_from)
        pay = round_tenge(value("youth_practice_pay_mci", date_from, region) * mci(date_from, region))
        return {"monthly_wage": pay, "state_monthly": pay}
    if kind == MeasureKind.TRAINING:
        if course is None:
            raise DomainError(_("Choose the course."), field="course")
        if date_to >= add_months_keep_day(date_from, int(course.months) + 1):
            raise DomainError(_("The period is longer than the course."), field="date_to")
        # Sent only to a centre and a profession on the year's approved lists; the participation
        # carries the profession's approved cost, the money spent on training the person.
        where = jobseeker.kato_id if jobseeker is not None else region
        return {"amount": training_approved(course=course, on=date_from, kato_code=where)}
    if kind in (MeasureKind.GRANT, MeasureKind.MICROCREDIT):
        return _business_terms(kind, amount=amount, purpose=purpose, date_from=date_from, region=region)
    return {}


@transaction.atomic
def measure_enrol(
    *,
    actor: Actor,
    kind: str,
    person: Person,
    date_from: dt.date,
    date_to: dt.date,
    employer: Employer | None = None,
    agreement: Agreement | None = None,
    course: Course | None = None,
    monthly_wage: int = 0,
    amount: int = 0,
    purpose: str = "",
) -> Participation:
    """Enrol a person in an active measure, checking the measure's limits on its start date."""
    manage(actor, person.kato_id)
    if kind not in MeasureKind.values:
        raise DomainError(_("Unknown measure."), field="kind")
    not_future(date_from, field="date_from")
    _check_period(kind, date_from, date_to, person.kato_id)
    jobseeker = Jobseeker.objects.filter(person=person, status__in=ACTIVE_STATUSES).first()
    if kind in NEEDS_REGISTRATION and jobseeker is None:
        raise DomainError(
            _("The person is not registered with the employment centre as a jobseeker."),
            field="person",
            code="not_registered",
        )
    if kind in NEEDS_EMPLOYER and employer is None:
        raise DomainError(_("Choose the employer."), field="employer")
    if agreement is not None and employer is not None and agreement.employer_id != employer.pk:
        raise DomainError(_("The agreement belongs to another employer."), field="agreement")
    fields = _terms(
        kind,
        person=person,
        jobseeker=jobseeker,
        date_from=date_from,
        date_to=date_to,
        course=course,
        monthly_wage=monthly_wage,
        amount=amount,
        purpose=purpose,
    )
    flags = target_flags([person.pk], date_from)[person.pk]
    participation = Participation.objects.create(
        kind=kind,
        person=person,
        jobseeker=jobseeker,
        kato_id=jobseeker.kato_id if jobseeker else person.kato_id,
        employer=employer,
        agreement=agreement,
        course=course if kind == MeasureKind.TRAINING else None,
        date_from=date_from,
        date_to=date_to,
        purpose=purpose.strip(),
        **fields,
        **flags,
    )
    audit(
        actor=actor,
        territory=participation.kato_id,
        obj=participation,
        person_id=person.pk,
        changes=created(
            {
                "kind": kind,
                "date_from": str(date_from),
                "date_to": str(date_to),
                "employer": employer.pk if employer else None,
                "course": course.pk if course else None,
                **{k: v for k, v in fields.items() if v},
            }
        ),
    )
    return participation


@transaction.atomic
def measure_complete(
    *,
    actor: Actor,
    participation: Participation,
    on: dt.date,
    outcome: str = MeasureOutcome.COMPLETED,
    days_worked: int = 0,
    paid_total: int = 0,
    employed_on: dt.date | None = None,
) -> Participation:
    """Close a participation: completed or dropped, what was worked and paid, employment after it."""
    p = Participation.objects.select_for_update().get(pk=participation.pk)
    manage(actor, p.kato_id)
    not_future(on, field="on")
    if p.outcome != MeasureOutcome.IN_PROGRESS:
        raise DomainError(_("The participation is already closed."), field="outcome")
    if outcome not in (MeasureOutcome.COMPLETED, MeasureOutcome.DROPPED):
        raise DomainError(_("Unknown outcome."), field="outcome")
    if on < p.date_from:
        raise DomainError(_("The measure cannot end before it started."), field="on")
    if employed_on is not None and employed_on < p.date_from:
        raise DomainError(_("The employment date is before the measure."), field="employed_on")
    p.outcome, p.completed_on = outcome, on
    p.days_worked = positive_int(days_worked, field="days_worked", allow_zero=True)
    p.paid_total = positive_int(paid_total, field="paid_total", allow_zero=True)
    p.employed_after, p.employed_on = employed_on is not None, employed_on
    p.save(
        update_fields=[
            "outcome",
            "completed_on",
            "days_worked",
            "paid_total",
            "employed_after",
            "employed_on",
        ]
    )
    audit(
        actor=actor,
        territory=p.kato_id,
        obj=p,
        action=AuditAction.UPDATE,
        person_id=p.person_id,
        changes={
            "outcome": [MeasureOutcome.IN_PROGRESS, outcome],
            "completed_on": [None, str(on)],
            "employed_on": [None, str(employed_on) if employed_on else None],
        },
    )
    return p


@transaction.atomic
def microcredit_repayment(*, actor: Actor, participation: Participation, repayment: str) -> Participation:
    p = Participation.objects.select_for_update().get(pk=participation.pk)
    manage(actor, p.kato_id)
    if p.kind != MeasureKind.MICROCREDIT:
        raise DomainError(_("Repayment is recorded only for microcredits."), field="repayment")
    if repayment not in (Repayment.CURRENT, Repayment.OVERDUE, Repayment.REPAID):
        raise DomainError(_("Unknown repayment status."), field="repayment")
    before, p.repayment = p.repayment, repayment
    p.save(update_fields=["repayment"])
    audit(
        actor=actor,
        territory=p.kato_id,
        obj=p,
        action=AuditAction.UPDATE,
        person_id=p.person_id,
        changes={"repayment": [before, repayment]},
    )
    return p
