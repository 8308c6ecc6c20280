"""The annual report's section ``job_creation``: the employment road map's projects, the new jobs by
source against the year's plan, the e-labour exchange, the private employment agencies and the job
fairs — "планировалось создание 48 282 новых рабочих мест, в т.ч. 28 тыс. – постоянных ... создано
76 301 ..., в т.ч. 35 406 постоянных"; "Дорожной карты занятости предусмотрено 228 инфраструктурных
проектов ... 26 тыс. новых рабочих мест, где 50% найма ... через Центр занятости ... Выделено 104 млрд.
тенге ... создано 21 818 ... (84% от плана), через Центр занятости населения трудоустроено 10 958 чел.
(84,3% от плана). Средний размер заработной платы ... 92 тыс. тенге. Доля трудоустроенной молодежи
... 37%"; "частные агентства занятости ... 3 631 чел., из которых трудоустроено 17" (the report of the
Almaty Social Welfare Department for 2020); "on the portal electronic labor exchange 133 employers
... are registered ... independently registered 501 applicants or 111% of the plan (the plan - 450
people)" (the Balkhash department's report for 2018). The codes are documented in
docs/report-figures.md."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Figure
from komek.employment.choices import JobPlanIndicator as P
from komek.employment.selectors.creation import CreationFigures, creation_figures
from komek.employment.sources import source_codes, source_name


def figures_of(got: CreationFigures) -> list[Figure]:
    share = CreationFigures.share
    plan, plan_permanent = got.plans.get(P.JOBS), got.plans.get(P.JOBS_PERMANENT)
    plan_self, plan_employed = got.plans.get(P.EXCHANGE_SELF), got.plans.get(P.EXCHANGE_EMPLOYED)
    rows = [
        Figure("job_creation.jobs", _("New jobs created"), got.jobs, "jobs", plan=plan),
        Figure(
            "job_creation.jobs_percent",
            _("New jobs created, % of the plan"),
            share(got.jobs, plan),
            "percent",
        ),
        Figure("job_creation.permanent", _("Of them permanent"), got.permanent, "jobs", plan=plan_permanent),
        Figure(
            "job_creation.permanent_percent",
            _("Permanent jobs created, % of the plan"),
            share(got.permanent, plan_permanent),
            "percent",
        ),
    ]
    rows += [
        Figure(
            f"job_creation.source.{code}",
            _("New jobs created: %(source)s") % {"source": source_name(code)},
            got.by_source.get(code, 0),
            "jobs",
        )
        for code in source_codes()
    ]
    rows += [
        Figure("job_creation.roadmap_projects", _("Road map projects of the year"), got.projects, "projects"),
        Figure(
            "job_creation.roadmap_allocated", _("Road map projects: money allocated"), got.allocated, "tenge"
        ),
        Figure(
            "job_creation.roadmap_jobs",
            _("Road map projects: new jobs created"),
            got.roadmap_jobs,
            "jobs",
            plan=got.jobs_planned,
        ),
        Figure(
            "job_creation.roadmap_jobs_percent",
            _("Road map projects: new jobs created, % of the plan"),
            share(got.roadmap_jobs, got.jobs_planned),
            "percent",
        ),
        Figure(
            "job_creation.roadmap_hired",
            _("Road map projects: hired through the employment centre"),
            got.roadmap_hired,
            "persons",
            plan=got.hires_planned,
        ),
        Figure(
            "job_creation.roadmap_hired_percent",
            _("Road map projects: hired through the centre, % of the plan"),
            share(got.roadmap_hired, got.hires_planned),
            "percent",
        ),
        Figure(
            "job_creation.roadmap_wage",
            _("Road map projects: average monthly wage of those hired"),
            got.average_wage,
            "tenge",
        ),
        Figure(
            "job_creation.roadmap_youth_percent",
            _("Road map projects: share of the young among those hired, %"),
            share(got.roadmap_youth, got.roadmap_hired),
            "percent",
        ),
        Figure(
            "job_creation.exchange_employers",
            _("E-labour exchange: employers registered"),
            got.exchange_employers,
            "enterprises",
        ),
        Figure(
            "job_creation.exchange_vacancies",
            _("E-labour exchange: vacancies posted (positions)"),
            got.exchange_vacancies,
            "jobs",
        ),
        Figure(
            "job_creation.exchange_applicants",
            _("E-labour exchange: applicants registered"),
            got.exchange_applicants,
            "persons",
        ),
        Figure(
            "job_creation.exchange_self",
            _("E-labour exchange: applicants registered by themselves"),
            got.exchange_self,
            "persons",
            plan=plan_self,
        ),
        Figure(
            "job_creation.exchange_self_percent",
            _("E-labour exchange: self-registered, % of the plan"),
            share(got.exchange_self, plan_self),
            "percent",
        ),
        Figure(
            "job_creation.exchange_employed",
            _("E-labour exchange: employed through it"),
            got.exchange_employed,
            "persons",
            plan=plan_employed,
        ),
        Figure(
            "job_creation.agencies",
            _("Private employment agencies that reported"),
            got.agencies,
            "agencies",
        ),
        Figure(
            "job_creation.agency_applied",
            _("Private employment agencies: persons who applied"),
            got.agency_applied,
            "persons",
        ),
        Figure(
            "job_creation.agency_employed",
            _("Private employment agencies: persons employed"),
            got.agency_employed,
            "persons",
        ),
        Figure("job_creation.fairs", _("Job fairs held"), got.fairs, "events"),
        Figure(
            "job_creation.fair_employers",
            _("Job fairs: employers taking part"),
            got.fair_employers,
            "enterprises",
        ),
        Figure("job_creation.fair_vacancies", _("Job fairs: vacancies offered"), got.fair_vacancies, "jobs"),
        Figure("job_creation.fair_visitors", _("Job fairs: persons who came"), got.fair_visitors, "persons"),
        Figure(
            "job_creation.fair_referrals",
            _("Job fairs: referrals to work issued"),
            got.fair_referrals,
            "persons",
        ),
    ]
    return rows


def job_creation_section(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    policy.require(actor, Capability.REPORT_VIEW)
    return figures_of(
        creation_figures(actor=actor, year=year, prefix=prefix, capability=Capability.REPORT_VIEW)
    )
