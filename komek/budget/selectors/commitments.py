"""What the active assignments will still cost in the rest of a year: one aggregate query.

For each remaining month the sum of the monthly amounts of the assignments that pay in it (the
payroll's own schedule: ``komek.rules.schedule.periodicities_paying``, or the assignment's first
month), split by each assignment's shares of the budget sources (ADR 0012), as one conditional sum
per month and source in a single ``GROUP BY`` over programme and department.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BigIntegerField, Case, F, Max, Q, Sum, Value, When
from django.db.models.functions import Substr

from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import SHARE_WHOLE, Assignment
from komek.budget.choices import Thing
from komek.budget.selectors.spending import SOURCES, Scope, Spending
from komek.common.periods import add_months
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll
from komek.payments.territory import department
from komek.rules.schedule import periodicities_paying


def first_open_month(*, year: int, scope: Scope, today: dt.date) -> dt.date | None:
    """The first month of ``year`` still to be paid: after the last approved payroll of the scope
    (January when none is); ``None`` when the year is over."""
    if year < today.year:
        return None
    payrolls = Payroll.objects.filter(status=PayrollStatus.APPROVED, month__year=year).filter(
        scope.q("prefix")
    )
    if scope.territory:
        payrolls = payrolls.filter(territory=scope.territory)
    last = payrolls.aggregate(last=Max("month"))["last"]
    start = add_months(last, 1) if last else dt.date(year, 1, 1)
    return start if start.year == year else None


def commitments(*, year: int, scope: Scope, start: dt.date | None) -> list[Spending]:
    """The committed amounts of the active assignments, by programme, source, department and month,
    from ``start`` to December."""
    if start is None:
        return []
    months = [dt.date(year, m, 1) for m in range(start.month, 13)]
    sums = {}
    for month in months:
        following = add_months(month, 1)
        pays = Q(period_start__lt=following, period_end__gte=month) & (
            Q(periodicity__in=periodicities_paying(month)) | Q(period_start__gte=month)
        )
        for source in SOURCES:  # the amount times the source's share, in basis points
            sums[f"m{month.month}_{source}"] = Sum(
                Case(
                    When(pays, then=F("monthly_amount") * F(f"share_{source}")),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
            )
    rows = (
        Assignment.objects.filter(status=AssignmentStatus.ACTIVE, period_end__gte=start)
        .filter(period_start__lte=dt.date(year, 12, 31))
        .filter(scope.q("kato_code"))
        .annotate(_dep=Substr("kato_code", 1, 4))
        .values("programme", "_dep")
        .annotate(**sums)
        .order_by()
    )
    out = []
    for row in rows:
        r: dict[str, Any] = dict(row)
        territory = department(r["_dep"].ljust(9, "0"))[0]
        for month in months:
            for source in SOURCES:
                amount = int(r[f"m{month.month}_{source}"] or 0) // SHARE_WHOLE
                if amount:
                    out.append(Spending(Thing.PROGRAMME, r["programme"], source, territory, month, amount))
    return out
