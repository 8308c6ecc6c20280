"""The year's state services whose result is not money, through the register of services rendered.

The scenario's ``services`` part gives the report's total of services rendered and of those
rendered through the Government for Citizens (``gov4c``). The cases of the year (TSA, housing, the
council's assistance: ``walk``) are services rendered one by one; the applications for the aids of
the persons with disability (one a person of the rehabilitation part) and the scenario's counts of
the other services of the Balkhash service standard are rendered through the register
(``applications.services.register``), month by month, by the caseworker; the last service named
takes the rest, so the total is the report's. The Government for Citizens' rows are drawn among the
rows of the services its centres take (their ``channels`` in the catalogue).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from komek.applications.choices import Channel
from komek.applications.services.register import Rendered, services_render
from komek.common.workdays import is_working_day
from komek.demo.year.clock import ALMATY_TZ, YearClock
from komek.demo.year.scenario import Household, Plan
from komek.rules.services import catalogue

# The state service under which a person with disability applies for each aid of the IPR.
AID_SERVICES = {
    "prosthetic": "prosthetic_aid",
    "hearing": "hearing_visual_aids",
    "typhlo": "hearing_visual_aids",
    "wheelchair": "wheelchairs",
    "hygiene": "hygiene_products",
    "sanatorium": "sanatorium_treatment",
    "sign_language": "assistant_sign_language",
    "personal_assistant": "assistant_sign_language",
}


@dataclass(frozen=True)
class Row:
    service: str
    home: Household
    day: dt.date
    channel: str = Channel.OFFICE


def _working_days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    days = (first + dt.timedelta(days=n) for n in range(366))
    return [d for d in days if d.year == year and is_working_day(d)]


def cases(plan: Plan) -> int:
    """The services the year's cases render: every application of the walk is decided in the year."""
    return sum(
        len(h.applications)
        for h in plan.households
        if h.group in ("tsa", "housing", "council", "home_schooling")
    )


def plan_register(spec: dict[str, Any], plan: Plan, rng: np.random.Generator) -> list[Row]:
    """The register's rows of the year: the aids applied for, the scenario's counts, the rest."""
    year, days = plan.year, _working_days(plan.year)
    rows = [
        Row(AID_SERVICES[h.aid], h, plan.applied or dt.date(year, 1, 9))
        for h in plan.households
        if h.group == "rehab" and h.aid in AID_SERVICES
    ]
    clients = [h for h in plan.households if h.group == "client"]
    counts = {str(k): int(v) for k, v in spec["register"].items()}
    *named, last = counts
    counts[last] = int(spec["rendered"]) - cases(plan) - len(rows) - sum(counts[k] for k in named)
    if counts[last] < 0:
        raise ValueError(f"Services: the counts exceed the report's {spec['rendered']} services.")
    for service, count in counts.items():
        # A registration of the employment centre a person; other services may come back.
        distinct = service in spec.get("once_a_person", ())
        if distinct and count > len(clients):
            raise ValueError(f"Services: {count} {service} need as many persons ({len(clients)} planned).")
        who = rng.choice(len(clients), size=count, replace=not distinct)
        when = rng.integers(0, len(days), size=count)
        rows += [Row(service, clients[int(i)], days[int(d)]) for i, d in zip(who, when, strict=True)]
    through = {s["code"] for s in catalogue()["services"] if Channel.GOV4C in s["channels"]}
    eligible = [n for n, row in enumerate(rows) if row.service in through]
    wanted = int(spec["government_for_citizens"])
    if wanted > len(eligible):
        raise ValueError(f"Services: {wanted} through the Government for Citizens, {len(eligible)} can be.")
    for n in rng.choice(eligible, size=wanted, replace=False):
        rows[int(n)] = Row(rows[int(n)].service, rows[int(n)].home, rows[int(n)].day, Channel.GOV4C)
    return rows


def render(rows: list[Row], plan: Plan, heads: dict[str, Any], caseworker: Any, clock: YearClock) -> int:
    """The register of each month, service by service, entered by the caseworker on its last day:
    each row received at 10:00 on its day and rendered at 16:00."""
    by_month: dict[int, dict[str, list[Rendered]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        at = dt.datetime(row.day.year, row.day.month, row.day.day, 10, tzinfo=ALMATY_TZ)
        by_month[row.day.month][row.service].append(
            Rendered(heads[row.home.ref].pk, row.channel, at, at + dt.timedelta(hours=6))
        )
    done = 0
    for month in sorted(by_month):
        clock.set(dt.date(plan.year, month, calendar.monthrange(plan.year, month)[1]), hour=18)
        for service, rendered in sorted(by_month[month].items()):
            done += services_render(actor=caseworker, service=service, rows=rendered)
    return done
