"""Job creation: the employment road map's projects, their jobs and the hires through the centre,
the year's plans, the jobs created by source, and the private employment agencies' reports. Each
write checks the capability and territory through the policy, runs in a transaction and is audited;
a refusal is audited too."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.kato import kato_unit
from komek.common.refusals import audited_refusals
from komek.employment.bin import validate_bin
from komek.employment.choices import JobKind, JobPlanIndicator, ReferralOutcome, WorkKind
from komek.employment.models import (
    AgencyReport,
    Employer,
    JobCreation,
    JobPlan,
    PrivateAgency,
    Referral,
    RoadMapHire,
    RoadMapJobs,
    RoadMapProject,
)
from komek.employment.services._checks import audit, manage, not_future, positive_int
from komek.employment.sources import source_codes

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: int, field: str) -> int:
    year = positive_int(value, field=field)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("Enter a year between 2000 and 2100."), field=field)
    return year


def _text(value: str, field: str, limit: int = 250) -> str:
    found = (value or "").strip()
    if not found:
        raise DomainError(_("This field is required."), field=field)
    if len(found) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return found


def _project(actor: Actor, project_id: int) -> RoadMapProject:
    project = RoadMapProject.objects.select_for_update().filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No such road map project."))
    manage(actor, project.kato_id)
    return project


@audited_refusals("employment.roadmapproject")
@transaction.atomic
def road_map_project_create(
    *,
    actor: Actor,
    title: str,
    work_kind: str,
    kato: str,
    year_from: int,
    year_to: int,
    allocated: int,
    jobs_planned: int,
    centre_share: int = 50,
    employer_bin: str = "",
) -> RoadMapProject:
    """An infrastructure project of the employment road map; its contractor, when given, is an
    employer of the centre found by BIN (so that referrals to its vacancies count as its hires)."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    employer = None
    if (employer_bin or "").strip():
        try:
            code = validate_bin(employer_bin)
        except DomainError as exc:
            raise DomainError(exc.message, field="employer_bin", code=exc.code) from None
        employer = Employer.objects.filter(bin=code).first()
        if employer is None:
            raise DomainError(
                _("No employer of the centre with this BIN; register the contractor first."),
                field="employer_bin",
            )
    if work_kind not in WorkKind.values:
        raise DomainError(_("Choose the kind of work."), field="work_kind")
    first, last = _year(year_from, "year_from"), _year(year_to, "year_to")
    if last < first:
        raise DomainError(_("The last year cannot precede the first."), field="year_to")
    share = positive_int(centre_share, field="centre_share", allow_zero=True)
    if share > 100:
        raise DomainError(_("A share is at most 100%."), field="centre_share")
    project = RoadMapProject.objects.create(
        title=_text(title, "title"),
        work_kind=work_kind,
        kato=unit,
        employer=employer,
        year_from=first,
        year_to=last,
        allocated=positive_int(allocated, field="allocated"),
        jobs_planned=positive_int(jobs_planned, field="jobs_planned"),
        centre_share=share,
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=project,
        changes=created(
            {
                "title": project.title,
                "work_kind": work_kind,
                "years": [first, last],
                "allocated": project.allocated,
                "jobs_planned": project.jobs_planned,
                "centre_share": share,
                "employer": employer.pk if employer else None,
            }
        ),
    )
    return project


def _within(project: RoadMapProject, day: dt.date, field: str) -> None:
    not_future(day, field=field)
    if not project.year_from <= day.year <= project.year_to:
        raise DomainError(
            _("The date is outside the project's years %(first)d–%(last)d.")
            % {"first": project.year_from, "last": project.year_to},
            field=field,
        )


@audited_refusals("employment.roadmapjobs", id_kwarg="project_id")
@transaction.atomic
def road_map_jobs_record(*, actor: Actor, project_id: int, reported_on: dt.date, jobs: int) -> RoadMapJobs:
    """New jobs created on a project as its contractor reported them."""
    project = _project(actor, project_id)
    _within(project, reported_on, "reported_on")
    row = RoadMapJobs.objects.create(
        project=project, reported_on=reported_on, jobs=positive_int(jobs, field="jobs")
    )
    audit(
        actor=actor,
        territory=project.kato_id,
        obj=row,
        changes=created({"project": project.pk, "reported_on": str(reported_on), "jobs": row.jobs}),
    )
    return row


@audited_refusals("employment.roadmaphire", id_kwarg="project_id")
@transaction.atomic
def road_map_hire_record(
    *,
    actor: Actor,
    project_id: int,
    hired_on: dt.date,
    persons: int = 1,
    youth: int = 0,
    wage_total: int = 0,
    referral_id: int | None = None,
) -> RoadMapHire:
    """Hires through the centre on a project: the jobseeker hired on a referral to a vacancy of the
    project's contractor (the wage is the vacancy's, youth the registration's), or a contractor's
    report of several persons hired on the centre's referrals, with the young and the wages."""
    project = _project(actor, project_id)
    _within(project, hired_on, "hired_on")
    referral = None
    if referral_id:
        referral = Referral.objects.select_related("jobseeker", "vacancy").filter(pk=referral_id).first()
        if referral is None or referral.outcome != ReferralOutcome.HIRED:
            raise DomainError(_("Choose a referral on which the jobseeker was hired."), field="referral_id")
        if project.employer_id is None or referral.vacancy.employer_id != project.employer_id:
            raise DomainError(
                _("The referral is to a vacancy of another employer than the project's contractor."),
                field="referral_id",
            )
        if RoadMapHire.objects.filter(referral=referral).exists():
            raise DomainError(_("This hire is recorded already."), field="referral_id")
        persons = 1
        youth = 1 if referral.jobseeker.tg_youth else 0
        wage_total = referral.vacancy.wage
        hired_on = referral.outcome_on or hired_on
    persons = positive_int(persons, field="persons")
    youth = positive_int(youth, field="youth", allow_zero=True)
    if youth > persons:
        raise DomainError(_("The young cannot outnumber the persons hired."), field="youth")
    wage_total = positive_int(wage_total, field="wage_total")
    hire = RoadMapHire.objects.create(
        project=project,
        hired_on=hired_on,
        persons=persons,
        youth=youth,
        wage_total=wage_total,
        referral=referral,
    )
    audit(
        actor=actor,
        territory=project.kato_id,
        obj=hire,
        person_id=referral.jobseeker.person_id if referral else None,
        changes=created(
            {
                "project": project.pk,
                "hired_on": str(hired_on),
                "persons": persons,
                "youth": youth,
                "wage_total": wage_total,
                "referral": referral.pk if referral else None,
            }
        ),
    )
    return hire


@audited_refusals("employment.jobplan")
@transaction.atomic
def job_plan_set(*, actor: Actor, year: int, kato: str, indicator: str, planned: int) -> JobPlan:
    """The year's plan of an indicator in a territory (set again, it replaces the number)."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    if indicator not in JobPlanIndicator.values:
        raise DomainError(_("Choose the indicator."), field="indicator")
    year = _year(year, "year")
    planned = positive_int(planned, field="planned", allow_zero=True)
    plan = JobPlan.objects.select_for_update().filter(year=year, kato=unit, indicator=indicator).first()
    before = plan.planned if plan else None
    if plan is None:
        plan = JobPlan.objects.create(year=year, kato=unit, indicator=indicator, planned=planned)
    else:
        plan.planned = planned
        plan.save(update_fields=["planned"])
    audit(
        actor=actor,
        territory=unit.code,
        obj=plan,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        changes={"year": [None, year], "indicator": [None, indicator], "planned": [before, planned]},
    )
    return plan


@audited_refusals("employment.jobcreation")
@transaction.atomic
def job_creation_record(
    *,
    actor: Actor,
    bin: str,
    source: str,
    kind: str,
    kato: str,
    created_on: dt.date,
    jobs: int,
    enterprise: str = "",
) -> JobCreation:
    """New jobs created by an enterprise (its BIN checked; the employer of the centre matched by
    it) from a source of the reference file, permanent or temporary."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    code = validate_bin(bin)
    if source not in source_codes():
        raise DomainError(_("Choose the source of the jobs."), field="source")
    if kind not in JobKind.values:
        raise DomainError(_("Choose permanent or temporary."), field="kind")
    not_future(created_on, field="created_on")
    employer = Employer.objects.filter(bin=code).first()
    name = (enterprise or "").strip() or (employer.name if employer else "")
    row = JobCreation.objects.create(
        bin=code,
        enterprise=_text(name, "enterprise"),
        employer=employer,
        source=source,
        kind=kind,
        kato=unit,
        created_on=created_on,
        jobs=positive_int(jobs, field="jobs"),
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=row,
        changes=created(
            {"bin": code, "source": source, "kind": kind, "created_on": str(created_on), "jobs": row.jobs}
        ),
    )
    return row


@audited_refusals("employment.privateagency")
@transaction.atomic
def agency_register(*, actor: Actor, bin: str, name: str, kato: str, registered_on: dt.date) -> PrivateAgency:
    """A private employment agency of the territory, by its BIN."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    code = validate_bin(bin)
    if PrivateAgency.objects.filter(bin=code).exists():
        raise DomainError(_("An agency with this BIN is registered already."), field="bin")
    not_future(registered_on, field="registered_on")
    agency = PrivateAgency.objects.create(
        bin=code, name=_text(name, "name"), kato=unit, registered_on=registered_on
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=agency,
        changes=created({"bin": code, "name": agency.name, "registered_on": str(registered_on)}),
    )
    return agency


@audited_refusals("employment.agencyreport", id_kwarg="agency_id")
@transaction.atomic
def agency_report_record(
    *,
    actor: Actor,
    agency_id: int,
    period_from: dt.date,
    period_to: dt.date,
    applied: int,
    employed: int,
) -> AgencyReport:
    """A private agency's report for a period: who applied, who was employed."""
    agency = PrivateAgency.objects.select_for_update().filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(_("No such private employment agency."))
    manage(actor, agency.kato_id)
    if period_to < period_from:
        raise DomainError(_("The period ends before it begins."), field="period_to")
    not_future(period_to, field="period_to")
    if period_from.year != period_to.year:
        raise DomainError(_("A report covers a period within one year."), field="period_to")
    if AgencyReport.objects.filter(
        agency=agency, period_from__lte=period_to, period_to__gte=period_from
    ).exists():
        raise DomainError(_("The agency has a report for this period already."), field="period_from")
    applied = positive_int(applied, field="applied", allow_zero=True)
    employed = positive_int(employed, field="employed", allow_zero=True)
    if employed > applied:
        raise DomainError(_("The employed cannot outnumber those who applied."), field="employed")
    report = AgencyReport.objects.create(
        agency=agency, period_from=period_from, period_to=period_to, applied=applied, employed=employed
    )
    audit(
        actor=actor,
        territory=agency.kato_id,
        obj=report,
        changes=created(
            {
                "agency": agency.pk,
                "period": [str(period_from), str(period_to)],
                "applied": applied,
                "employed": employed,
            }
        ),
    )
    return report
