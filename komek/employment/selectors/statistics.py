"""The monthly and quarterly statistics of the employment centre: the participations in active
measures started in each month or quarter of a year, per measure and per target group (the flags
stored on the participation, as the plan-versus-actual table counts them), and the participations
behind each cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractQuarter

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Records
from komek.common.periods import periods_of_year
from komek.employment.choices import TARGET_FIELDS, MeasureKind, TargetGroup
from komek.employment.models import Participation
from komek.employment.selectors.figures import _territory
from komek.employment.selectors.traces import participations_records

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The two tables: by measure (``measure``) and by target group (``group``).
BREAKDOWNS = ("measure", "group")


def measures_by_period(
    *, actor: Actor, year: int, prefix: str, quarterly: bool
) -> dict[tuple[str, str, int], int]:
    """``{(breakdown, key, period): participations started}`` of ``year`` in the territory
    ``prefix``, by measure and by target group: one grouped query."""
    policy.require(actor, Capability.REPORT_VIEW)
    periods = periods_of_year(year, quarterly)
    extract = ExtractQuarter if quarterly else ExtractMonth
    rows = (
        Participation.objects.filter(
            _territory(actor, prefix), date_from__range=(periods[0][1], periods[-1][2])
        )
        .annotate(p=extract("date_from"))
        .values("kind", "p")
        .annotate(n=Count("id"), **{g: Count("id", filter=Q(**{f: True})) for g, f in TARGET_FIELDS.items()})
        .order_by()
    )
    cells: dict[tuple[str, str, int], int] = {}
    for found in rows:
        row: dict[str, Any] = dict(found)
        period = int(row["p"])
        cells[("measure", row["kind"], period)] = row["n"]
        for group in TargetGroup.values:
            key = ("group", group, period)
            cells[key] = cells.get(key, 0) + row[group]
    return cells


def measures_cell_records(
    *, actor: Actor, year: int, prefix: str, quarterly: bool, by: str, key: str, period: int
) -> Records | None:
    """The participations behind a cell; ``None`` for a breakdown, key or period the tables do not have."""
    policy.require(actor, Capability.REPORT_VIEW)
    periods = {n: (start, end) for n, start, end in periods_of_year(year, quarterly)}
    if period not in periods:
        return None
    if by == "measure" and key in MeasureKind.values:
        which = Q(kind=key)
    elif by == "group" and key in TargetGroup.values:
        which = Q(**{TARGET_FIELDS[key]: True})
    else:
        return None
    start, end = periods[period]
    rows = Participation.objects.filter(_territory(actor, prefix), which, date_from__range=(start, end))
    return participations_records(rows)
