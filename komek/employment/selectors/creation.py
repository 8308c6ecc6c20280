"""Reads of job creation: the road map's projects, the jobs created by source, the e-labour
exchange's records and the private agencies, each narrowed by capability and territory through the
policy; and the year's figures, a few aggregate queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import together
from komek.common.errors import NotFound
from komek.common.money import round_share
from komek.employment.choices import JobKind, JobPlanIndicator
from komek.employment.models import (
    AgencyReport,
    ExchangeApplicant,
    ExchangeEmployer,
    ExchangeVacancy,
    JobCreation,
    JobFair,
    JobFairEmployer,
    JobPlan,
    PrivateAgency,
    Referral,
    RoadMapHire,
    RoadMapJobs,
    RoadMapProject,
)
from komek.employment.sources import source_codes


def _visible(
    queryset: QuerySet[Any],
    actor: Any,
    field: str = "kato__code",
    prefix: str = "",
    capability: str = Capability.EMPLOYMENT_VIEW,
) -> Any:
    found = policy.visible(queryset, actor, capability, field=field)
    return found.filter(**{f"{field}__startswith": prefix}) if prefix else found


_scoped = _visible


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def projects(*, actor: Any) -> QuerySet[RoadMapProject]:
    return _visible(RoadMapProject.objects.select_related("kato", "employer"), actor)


def project_get(*, actor: Any, project_id: int) -> RoadMapProject:
    found = projects(actor=actor).filter(pk=project_id).first()
    if found is None:
        raise NotFound("No such road map project in your territory.")
    return found


def project_totals(project: RoadMapProject) -> dict[str, int]:
    jobs = project.jobs.aggregate(n=Sum("jobs"))
    hires = project.hires.aggregate(n=Sum("persons"), youth=Sum("youth"), wages=Sum("wage_total"))
    return {
        "jobs": int(jobs["n"] or 0),
        "hired": int(hires["n"] or 0),
        "youth": int(hires["youth"] or 0),
        "wages": int(hires["wages"] or 0),
    }


def hireable_referrals(project: RoadMapProject) -> QuerySet[Referral]:
    """The hired referrals to the contractor's vacancies not yet counted as the project's hires."""
    if project.employer_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(vacancy__employer_id=project.employer_id, outcome="hired")
        .exclude(pk__in=RoadMapHire.objects.filter(referral__isnull=False).values("referral_id"))
        .select_related("jobseeker__person", "vacancy")
        .order_by("-outcome_on")
    )


def job_creations(*, actor: Any) -> QuerySet[JobCreation]:
    return _visible(JobCreation.objects.select_related("kato"), actor)


def exchange_applicants(*, actor: Any) -> QuerySet[ExchangeApplicant]:
    return _visible(ExchangeApplicant.objects.select_related("person", "employer"), actor)


def agencies(*, actor: Any) -> QuerySet[PrivateAgency]:
    return _visible(PrivateAgency.objects.select_related("kato"), actor).annotate(
        applied=Sum("reports__applied"), employed=Sum("reports__employed")
    )


def agency_get(*, actor: Any, agency_id: int) -> PrivateAgency:
    found = _visible(PrivateAgency.objects.select_related("kato"), actor).filter(pk=agency_id).first()
    if found is None:
        raise NotFound("No such private employment agency in your territory.")
    return found


@dataclass
class CreationFigures:
    """The year's figures of job creation in a territory (``None`` for a share of nothing)."""

    projects: int = 0
    allocated: int = 0
    jobs_planned: int = 0
    hires_planned: int = 0
    roadmap_jobs: int = 0
    roadmap_hired: int = 0
    roadmap_youth: int = 0
    roadmap_wages: int = 0
    plans: dict[str, int] = field(default_factory=dict)
    jobs: int = 0
    permanent: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    exchange_employers: int = 0
    exchange_vacancies: int = 0
    exchange_applicants: int = 0
    exchange_self: int = 0
    exchange_employed: int = 0
    agencies: int = 0
    agency_applied: int = 0
    agency_employed: int = 0
    fairs: int = 0
    fair_employers: int = 0
    fair_vacancies: int = 0
    fair_visitors: int = 0
    fair_referrals: int = 0

    @property
    def average_wage(self) -> int | None:
        return round(self.roadmap_wages / self.roadmap_hired) if self.roadmap_hired else None

    @staticmethod
    def share(part: int, whole: int | None) -> Decimal | None:
        return round_share(part, whole or 0)


def _per(
    model: Any, key: str, start: dt.date, end: dt.date, field: str, total: str, outer: str = "pk"
) -> Any:
    """The sum of ``total`` of ``model``'s rows whose ``key`` is the outer row's ``outer``, dated
    within the year (a subquery)."""
    rows = model.objects.filter(**{key: OuterRef(outer), f"{field}__range": (start, end)})
    return Coalesce(Subquery(rows.values(key).annotate(s=Sum(total)).values("s")[:1]), 0)


def creation_figures(
    *, actor: Any, year: int, prefix: str = "", capability: str = Capability.EMPLOYMENT_VIEW
) -> CreationFigures:
    """Every figure of job creation of ``year`` in the territory ``prefix`` (within the actor's),
    read with ``capability`` (the annual report reads them with its own): the aggregates of the
    seven tables in one query whatever the number of records (``komek.common.together``; a
    project's jobs and hires are dated within its years, so the year's are those of the projects
    running in it)."""
    start, end = _year(year)

    def _visible(queryset: QuerySet[Any], field: str = "kato__code") -> Any:
        return _scoped(queryset, actor, field, prefix, capability)

    registered = Q(registered_on__range=(start, end))
    indicators, sources = list(JobPlanIndicator.values), source_codes()
    fairs = (
        _visible(JobFair.objects.all())
        .filter(held_on__range=(start, end))
        .annotate(
            taking_part=Coalesce(
                Subquery(
                    JobFairEmployer.objects.filter(fair=OuterRef("pk"))
                    .values("fair")
                    .annotate(n=Count("id"))
                    .values("n")[:1]
                ),
                0,
            ),
            offered=_per(
                JobFairEmployer, "fair", dt.date.min, dt.date.max, "fair__held_on", "vacancies_offered"
            ),
        )
    )
    roadmap = (
        _visible(RoadMapProject.objects.all())
        .filter(year_from__lte=year, year_to__gte=year)
        .annotate(
            jobs_y=_per(RoadMapJobs, "project", start, end, "reported_on", "jobs"),
            hired_y=_per(RoadMapHire, "project", start, end, "hired_on", "persons"),
            youth_y=_per(RoadMapHire, "project", start, end, "hired_on", "youth"),
            wages_y=_per(RoadMapHire, "project", start, end, "hired_on", "wage_total"),
        )
    )
    read = together.read(
        p=together.totals(
            roadmap,
            n=Count("id"),
            money=Sum("allocated"),
            jobs=Sum("jobs_planned"),
            hires=Sum(F("jobs_planned") * F("centre_share") / 100),
            made=Sum("jobs_y"),
            hired=Sum("hired_y"),
            youth=Sum("youth_y"),
            wages=Sum("wages_y"),
        ),
        plans=together.totals(
            _visible(JobPlan.objects.all()).filter(year=year),
            **{f"n{i}": Count("id", filter=Q(indicator=k)) for i, k in enumerate(indicators)},
            **{f"p{i}": Sum("planned", filter=Q(indicator=k)) for i, k in enumerate(indicators)},
        ),
        jobs=together.totals(
            _visible(JobCreation.objects.all()).filter(created_on__range=(start, end)),
            jobs=Sum("jobs"),
            permanent=Sum("jobs", filter=Q(kind=JobKind.PERMANENT)),
            **{f"s{i}": Sum("jobs", filter=Q(source=code)) for i, code in enumerate(sources)},
        ),
        e=together.totals(
            _visible(ExchangeEmployer.objects.all(), "employer__kato__code"),
            n=Count("id", filter=registered),
            positions=Sum(
                _per(ExchangeVacancy, "employer", start, end, "posted_on", "positions", "employer_id")
            ),
        ),
        a=together.totals(
            _visible(ExchangeApplicant.objects.all()),
            n=Count("id", filter=registered),
            own=Count("id", filter=registered & Q(self_registered=True)),
            employed=Count("id", filter=Q(employed_on__range=(start, end))),
        ),
        r=together.totals(
            _visible(AgencyReport.objects.all(), "agency__kato__code").filter(period_to__range=(start, end)),
            n=Count("agency", distinct=True),
            applied=Sum("applied"),
            employed=Sum("employed"),
        ),
        f=together.totals(
            fairs,
            n=Count("id"),
            visitors=Sum("visitors"),
            referrals=Sum("referrals_issued"),
            employers=Sum("taking_part"),
            vacancies=Sum("offered"),
        ),
    )
    p, plans, jobs, e, a, r, f = (read[k] for k in ("p", "plans", "jobs", "e", "a", "r", "f"))
    got = CreationFigures()
    got.projects, got.allocated, got.jobs_planned = p["n"], int(p["money"] or 0), int(p["jobs"] or 0)
    got.hires_planned, got.roadmap_jobs = int(p["hires"] or 0), int(p["made"] or 0)
    got.roadmap_hired, got.roadmap_youth = int(p["hired"] or 0), int(p["youth"] or 0)
    got.roadmap_wages = int(p["wages"] or 0)
    got.plans = {k: int(plans[f"p{i}"] or 0) for i, k in enumerate(indicators) if plans[f"n{i}"]}
    got.jobs, got.permanent = int(jobs["jobs"] or 0), int(jobs["permanent"] or 0)
    got.by_source = {code: int(jobs[f"s{i}"]) for i, code in enumerate(sources) if jobs[f"s{i}"] is not None}
    got.exchange_employers, got.exchange_vacancies = e["n"], int(e["positions"] or 0)
    got.exchange_applicants, got.exchange_self, got.exchange_employed = a["n"], a["own"], a["employed"]
    got.agencies, got.agency_applied, got.agency_employed = (
        r["n"],
        int(r["applied"] or 0),
        int(r["employed"] or 0),
    )
    got.fairs, got.fair_visitors, got.fair_referrals = (
        f["n"],
        int(f["visitors"] or 0),
        int(f["referrals"] or 0),
    )
    got.fair_employers, got.fair_vacancies = int(f["employers"] or 0), int(f["vacancies"] or 0)
    return got


def plan_of(figures: CreationFigures, indicator: JobPlanIndicator) -> int | None:
    return figures.plans.get(indicator.value)
