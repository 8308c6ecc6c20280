"""Reads of next year's plan: the stored plan (or the forecast when none is made yet) beside this
year's execution, and a reform's cost against the allocation of the year it takes effect.

This year's spending is the execution's (``compute_execution``); its recipients are the distinct
recipients of this year's approved payroll lines (returned lines not counted), per payroll
programme and source, given their budget programme by the same dated links — a person paid by two
benefit programmes of one budget programme counts under each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum
from django.db.models.query import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.services.sources import SOURCES, budget_shares
from komek.budget.choices import AllocationStatus, Thing
from komek.budget.models import Plan, PlanRow
from komek.budget.reference import Reference, reference
from komek.budget.selectors.execution import compute_execution
from komek.budget.selectors.forecast import MONTHS, Forecast, compute_forecast
from komek.budget.selectors.spending import Scope
from komek.common import audit
from komek.common.errors import DomainError, NotFound
from komek.common.money import round_share
from komek.legislation.selectors import simulation_run
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine
from komek.payments.territory import department, prefix_of
from komek.rules.schedule import CALENDAR_MONTHS

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.rules.reform import Reform


@dataclass
class PlanLine:
    programme: str
    source: str
    amount: int = 0  # planned (the forecast, or the accountant's edit)
    recipients: int = 0
    forecast_amount: int = 0
    forecast_recipients: int = 0
    edited: bool = False
    note: str = ""
    months: list[int] = field(default_factory=lambda: [0] * 12)  # forecast money per month
    spent: int = 0  # this year's
    spent_recipients: int = 0

    @property
    def change(self) -> int:
        return self.amount - self.spent

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of this year's spending, one decimal (None: nothing spent)."""
        return round_share(self.change, self.spent, places=1)


@dataclass
class PlanView:
    year: int
    territory: str | None
    plan: Plan | None  # None: no plan made yet, the lines are the forecast
    lines: list[PlanLine]
    unlinked: list[tuple[str, int]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def totals(self) -> PlanLine:
        total = PlanLine("", "")
        for line in self.lines:
            total.amount += line.amount
            total.forecast_amount += line.forecast_amount
            total.spent += line.spent
            total.months = [a + b for a, b in zip(total.months, line.months, strict=True)]
        return total


def plans_visible(*, actor: Actor, year: int | None = None) -> QuerySet[Plan]:
    qs = policy.visible(Plan.objects.all(), actor, Capability.BUDGET_VIEW, field="prefix")
    return qs.filter(year=year) if year is not None else qs


def approved_plan_rows(*, actor: Actor, year: int, prefix: str) -> list[dict[str, Any]]:
    """``[{"programme", "amount", "recipients"}]`` of the approved plans of ``year`` of the
    departments under ``prefix``, per budget programme (the sources added up): one grouped query."""
    plans = plans_visible(actor=actor, year=year).filter(
        status=AllocationStatus.APPROVED, territory__startswith=prefix
    )
    rows: Any = (
        PlanRow.objects.filter(plan__in=plans)
        .values("programme")
        .annotate(amount=Sum("amount"), recipients=Sum("recipients"))
        .order_by("programme")
    )
    return list(rows)


def plan_get(*, actor: Actor, plan_id: int) -> Plan:
    found = plans_visible(actor=actor).filter(pk=plan_id).first()
    if found is None:
        raise NotFound(_("No such plan."), field="plan_id")
    return found


def _this_year_recipients(year: int, scope: Scope, ref: Reference) -> dict[tuple[str, str], int]:
    """Distinct recipients of the year's approved payroll lines per budget programme and source."""
    lines = (
        PaymentLine.objects.filter(payroll__status=PayrollStatus.APPROVED, payroll__month__year=year)
        .exclude(status=LineStatus.RETURNED)
        .filter(scope.q("payroll__prefix"))
    )
    if scope.territory:
        lines = lines.filter(payroll__territory=scope.territory)
    counts = {
        source: Count("assignment__recipient", distinct=True, filter=Q(**{f"{source}__gt": 0}))
        for source in SOURCES
    }
    out: dict[tuple[str, str], int] = defaultdict(int)
    rows = lines.values("payroll__programme", "payroll__territory").annotate(**counts).order_by()
    for found in rows:
        row: dict[str, Any] = dict(found)
        line = ref.budget_line_for(
            Thing.PROGRAMME, row["payroll__programme"], dt.date(year, 12, 31), row["payroll__territory"]
        )
        if line is not None:
            for source in SOURCES:
                out[(line.code, source)] += int(row[source] or 0)
    return out


def _forecast_lines(forecast: Forecast) -> list[PlanLine]:
    return [
        PlanLine(
            r.programme,
            r.source,
            amount=r.amount,
            recipients=r.recipients,
            forecast_amount=r.amount,
            forecast_recipients=r.recipients,
            months=[r.month_amount(m) for m in MONTHS],
        )  # fmt: skip
        for r in forecast.rows
    ]


def _stored_lines(plans: list[Plan]) -> list[PlanLine]:
    merged: dict[tuple[str, str], PlanLine] = {}
    for plan in plans:
        for row in plan.rows.all():
            line = merged.setdefault((row.programme, row.source), PlanLine(row.programme, row.source))
            line.amount += row.amount
            line.recipients += row.recipients
            line.forecast_amount += row.forecast_amount
            line.forecast_recipients += row.forecast_recipients
            line.edited = line.edited or row.edited
            line.note = row.note or line.note
            line.months = [
                m + int((row.months or {}).get(str(i), [0, 0])[0])
                for i, m in zip(MONTHS, line.months, strict=True)
            ]
    return [merged[k] for k in sorted(merged, key=lambda k: (k[0], SOURCES.index(k[1])))]


def plan_view(*, actor: Actor, year: int, territory: str | None = None, forecast: bool = True) -> PlanView:
    """The plan of ``year`` for a department (the stored plan, else the forecast when ``forecast``),
    or every stored plan of the actor's territory summed, beside this year's execution."""
    policy.require(actor, Capability.BUDGET_VIEW)
    if territory:
        territory = department(territory)[0]
        policy.require_territory(actor, territory, field="territory")
    plans = list(plans_visible(actor=actor, year=year).prefetch_related("rows"))
    if territory:
        plans = [p for p in plans if p.territory == territory]
    view = PlanView(year=year, territory=territory, plan=plans[0] if territory and plans else None, lines=[])
    if plans:
        view.lines = _stored_lines(plans)
    elif territory and forecast:
        found = compute_forecast(year=year, territory=territory)
        # The forecast reads the department's registry (aggregates only are shown), as a simulation does.
        audit.read(
            actor=actor, object_type="budget.forecast", territory=territory,
            changes={"year": [None, year], "registry_on": [None, found.registry_on.isoformat()]},
        )  # fmt: skip
        view.lines, view.errors = _forecast_lines(found), found.errors
        view.unlinked = [(u.code, u.amount) for u in found.unlinked]
    ref = reference()
    scope = Scope(policy.prefixes(actor), territory)
    today = timezone.localdate()
    execution = compute_execution(year=year - 1, scope=scope, on=today, today=today, ref=ref)
    recipients = _this_year_recipients(year - 1, scope, ref)
    by_key = {(line.programme, line.source): line for line in view.lines}
    for row in execution.by_programme():
        line = by_key.get((row.programme, row.source))
        if line is None:
            line = by_key[(row.programme, row.source)] = PlanLine(row.programme, row.source)
            view.lines.append(line)
        line.spent = row.spent
    for key, count in recipients.items():
        if key in by_key:
            by_key[key].spent_recipients = count
    view.lines.sort(key=lambda line: (line.programme, SOURCES.index(line.source)))
    return view


# --- what-if ----------------------------------------------------------------------------------------
@dataclass
class WhatIfLine:
    programme: str
    source: str
    allocated: int = 0
    spent_before: int = 0  # spent in the months before the reform takes effect
    baseline_cost: int = 0  # the legislation's cost from that month to December
    reform_cost: int = 0  # the reform's

    @property
    def left(self) -> int:
        """What the allocation leaves (negative: what it lacks) with the reform."""
        return self.allocated - self.spent_before - self.reform_cost


@dataclass
class WhatIf:
    reform: Reform
    month: dt.date
    territory: str
    lines: list[WhatIfLine]
    unlinked: list[tuple[str, int, int]]  # benefit programme with no budget programme: its costs


def _paying_months(periodicity: str, start: dt.date) -> int:
    """The payments of a schedule from ``start``'s month to December (a one-off: one)."""
    if periodicity == "once":
        return 1
    return sum(1 for m in range(start.month, 13) if m in CALENDAR_MONTHS.get(periodicity, MONTHS))


def reform_against_allocation(*, actor: Actor, reform: Reform, month: dt.date, territory: str) -> WhatIf:
    """The reform's simulated cost (the simulation of the month it takes effect, on each payment of
    the programme's schedule to December) against the allocation of that year, per budget programme
    and source: the allocation less what was spent before and the reform's cost is left or lacking."""
    policy.require(actor, Capability.BUDGET_VIEW)
    territory = department(territory)[0]
    policy.require_territory(actor, territory, field="territory")
    on = month.replace(day=1)
    report = simulation_run(
        user=actor, reform=reform, month=on, kato=territory, digits=len(prefix_of(territory))
    )
    from komek.legislation import loader

    base_engine, reform_engine = reform.engines(loader.application_engine())
    versions = {
        p.code: p
        for p in (*base_engine.in_force(on, region=territory), *reform_engine.in_force(on, region=territory))
    }
    ref = reference()
    lines: dict[tuple[str, str], WhatIfLine] = {}
    unlinked: list[tuple[str, int, int]] = []
    for row in report.simulation.by_programme().to_dicts():
        code, version = row["programme"], versions.get(row["programme"])
        times = _paying_months(version.periodicity, on) if version is not None else 1
        line = ref.budget_line_for(Thing.PROGRAMME, code, on, territory)
        try:
            shares = budget_shares(version, territory) if line is not None and version is not None else None
        except DomainError:
            shares = None
        if shares is None or line is None:
            if row["baseline_cost"] or row["reform_cost"]:
                unlinked.append((code, int(row["baseline_cost"]) * times, int(row["reform_cost"]) * times))
            continue
        base, new = (
            shares.split(int(row["baseline_cost"]) * times),
            shares.split(int(row["reform_cost"]) * times),
        )
        for source in SOURCES:
            if base[source] or new[source]:
                w = lines.setdefault((line.code, source), WhatIfLine(line.code, source))
                w.baseline_cost += base[source]
                w.reform_cost += new[source]
    today = timezone.localdate()
    execution = compute_execution(
        year=on.year, scope=Scope(policy.prefixes(actor), territory), on=today, today=today
    )
    for done in execution.by_programme():
        if (done.programme, done.source) in lines or done.allocated:
            w = lines.setdefault((done.programme, done.source), WhatIfLine(done.programme, done.source))
            w.allocated = done.allocated
            w.spent_before = sum(v for m, v in done.months.items() if 0 < m < on.month)
    ordered = [lines[k] for k in sorted(lines, key=lambda k: (k[0], SOURCES.index(k[1])))]
    return WhatIf(reform=reform, month=on, territory=territory, lines=ordered, unlinked=sorted(unlinked))


def shipped_reforms(*, language: str) -> list[tuple[str, str]]:
    """The shipped reforms: (name, title in ``language``)."""
    from komek.legislation import loader
    from komek.rules.reform import DATA_DIR, read_reform

    engine = loader.application_engine()
    out = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        reform = read_reform(path.read_text(encoding="utf-8"), engine, source=path.name)
        out.append((path.stem, reform.title(language)))
    return out


def shipped_reform(name: str) -> Reform:
    from komek.legislation import loader
    from komek.rules.reform import DATA_DIR, read_reform

    path = DATA_DIR / f"{name}.yaml"
    if not name.replace("_", "").isalnum() or not path.exists():
        raise DomainError(_("No such reform: %(name)s.") % {"name": name}, field="reform")
    return read_reform(path.read_text(encoding="utf-8"), loader.application_engine(), source=path.name)
