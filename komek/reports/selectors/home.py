"""The start page of each role: its work and its figures, each part asked of the context that owns
it and shown only when the access policy lets the reader's role see it.

The caseworker's due and overdue cases, the payrolls waiting and the budget left, the indicators
against plan with their charts (money and payments by month, recipients by district), the
re-registrations due, the rehabilitation queues. Every part is a fixed number of set-based
queries, whatever the number of records (a test counts them per role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.selectors import cases_due, dashboard
from komek.budget.selectors.execution import ExecutionRow, budget_execution
from komek.budget.titles import programme_title, source_label
from komek.common.charts import Chart, Series
from komek.common.models import KatoUnit
from komek.employment.selectors.figures import Row, employment_figures
from komek.employment.selectors.records import reregistrations_due
from komek.payments.selectors.dashboard import paid_by_month, paid_by_unit, payrolls_waiting
from komek.registry.statistics import RegistrySummary, stored_summary
from komek.rehabilitation.selectors.cards import care_waiting_counts
from komek.rehabilitation.selectors.queues import QueueSummary, queue_summaries

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.applications.models import Application
    from komek.employment.models import Jobseeker
    from komek.payments.models import Payroll

#: Rows of a to-do list on the start page; the page it links to lists them all.
LIMIT = 10
#: Re-registrations shown as due this many days ahead.
REREGISTRATION_DAYS_AHEAD = 7
#: Months of the money trend.
TREND_MONTHS = 12


@dataclass
class Cases:
    mine: int
    due_soon: int
    overdue: int
    rows: list[Application]


@dataclass
class Payrolls:
    waiting: int
    rows: list[Payroll]


@dataclass
class BudgetLine:
    title: str  # the budget programme with its code, in the reader's language
    source: str  # the budget source, in words
    row: ExecutionRow


@dataclass
class Budget:
    year: int
    lines: list[BudgetLine]
    total: ExecutionRow


@dataclass
class Indicators:
    charts: list[Chart]  # money and payments by month, then recipients by district
    month: dt.date | None  # the month of the district chart: the last one paid


@dataclass
class Reregistrations:
    due: int
    until: dt.date
    rows: list[Jobseeker]


@dataclass
class Queues:
    aids: list[QueueSummary]
    care: list[tuple[str, int]]


@dataclass
class Home:
    on: dt.date
    summary: RegistrySummary
    cases: Cases | None = None
    payrolls: Payrolls | None = None
    budget: Budget | None = None
    indicators: Indicators | None = None
    employment: list[Row] = field(default_factory=list)
    employment_year: int = 0
    reregistrations: Reregistrations | None = None
    queues: Queues | None = None


def _month_label(month: dt.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _districts(actor: Actor) -> list[KatoUnit]:
    """The units one level below the reader's own: the districts of a city, the towns and districts
    of a region, the settlements of a town (or the regions, for a national reader)."""
    prefixes = policy.prefixes(actor)
    units = (
        KatoUnit.objects.filter(parent__isnull=True)
        if prefixes is None
        else KatoUnit.objects.filter(parent__prefix__in=prefixes)
    )
    return list(units.order_by("code"))


def _indicators(actor: Actor, on: dt.date) -> Indicators:
    months = paid_by_month(actor=actor, last=on.replace(day=1), months=TREND_MONTHS)
    labels = [_month_label(m.month) for m in months]
    charts = [
        Chart(
            id="paid-by-month",
            title=_("Paid by month, tenge"),
            labels=labels,
            series=[Series(_("Amount paid, tenge"), [m.amount for m in months])],
            kind="line",
            unit=_("tenge"),
        ),
        Chart(
            id="payments-by-month",
            title=_("Payments by month"),
            labels=labels,
            series=[Series(_("Payments"), [m.payments for m in months])],
            kind="bar",
        ),
    ]
    paid = [m for m in months if m.amount]
    last = paid[-1].month if paid else None
    districts = _districts(actor)
    if last is None or not districts:
        return Indicators(charts=charts, month=last)
    by_unit = paid_by_unit(actor=actor, month=last, prefixes={u.code: u.prefix for u in districts})
    district_chart = Chart(
        id="recipients-by-district",
        title=_("Recipients by district, %(month)s") % {"month": _month_label(last)},
        labels=[u.name for u in districts],
        series=[
            Series(_("Recipients"), [by_unit[u.code][0] for u in districts]),
        ],
        kind="bar",
        unit=_("persons"),
    )
    return Indicators(charts=[*charts, district_chart], month=last)


def home_page(*, actor: Actor, on: dt.date) -> Home:
    """Every part of the start page the reader's role may see, for the day ``on``."""
    home = Home(on=on, summary=stored_summary(user=actor, on=on))
    if policy.can(actor, Capability.CASE_PROCESS):
        counts = dashboard(user=actor)
        home.cases = Cases(
            mine=counts.mine, due_soon=counts.due_soon, overdue=counts.overdue,
            rows=cases_due(user=actor, limit=LIMIT),
        )  # fmt: skip
    if policy.can(actor, Capability.PAYROLL_PREPARE) or policy.can(actor, Capability.PAYROLL_APPROVE):
        home.payrolls = Payrolls(*payrolls_waiting(user=actor, limit=LIMIT))
    if policy.can(actor, Capability.BUDGET_VIEW):
        execution = budget_execution(actor=actor, year=on.year, on=on)
        programmes = execution.by_programme()
        lines = [BudgetLine(programme_title(r.programme), source_label(r.source), r) for r in programmes]
        home.budget = Budget(year=on.year, lines=lines, total=execution.totals())
    if policy.can(actor, Capability.REPORT_VIEW):
        home.indicators = _indicators(actor, on)
    if policy.can(actor, Capability.EMPLOYMENT_VIEW):
        home.employment = [r for r in employment_figures(user=actor, year=on.year).rows if r.planned]
        home.employment_year = on.year
    if policy.can(actor, Capability.EMPLOYMENT_MANAGE):
        until = on + dt.timedelta(days=REREGISTRATION_DAYS_AHEAD)
        due, seekers = reregistrations_due(user=actor, until=until, limit=LIMIT)
        home.reregistrations = Reregistrations(due=due, until=until, rows=seekers)
    if policy.can(actor, Capability.REHAB_VIEW):
        home.queues = Queues(aids=queue_summaries(user=actor), care=care_waiting_counts(actor))  # type: ignore[arg-type]
    return home
