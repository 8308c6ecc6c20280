"""An assignment's payments: its programme's schedule (``komek.rules.schedule``) and dated amounts.

The payroll's SQL pays the months ``komek.rules.schedule`` names at the ``AssignmentAmount`` row in
force on each month's first day; the rows of an MCI-based assignment are written when it is created
from the MCI values the legislation already holds for its period (``planned_amounts``), and a value
entered later is followed by ``komek assignments recalculate``. No writes here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from komek.common.money import round_tenge
from komek.common.periods import month_start
from komek.rules.schedule import Payment, schedule

if TYPE_CHECKING:
    from komek.benefits.models import Assignment


def mci_follower(amount_mci: Decimal, first_amount: int, start: dt.date) -> Callable[[dt.date], int]:
    """The amount on a month of an MCI-based assignment: the decided amount while the MCI is the one
    of its first month, ``amount_mci`` times the MCI in force after a change."""
    from komek.legislation.loader import parameter_table

    table = parameter_table()
    first = table.value("mci", month_start(start))

    def amount_on(month: dt.date) -> int:
        value = table.value("mci", month)
        return first_amount if value == first else round_tenge(amount_mci * value)

    return amount_on


def planned_amounts(payments: list[Payment], last_day: dt.date) -> list[tuple[dt.date, dt.date | None, int]]:
    """Dated amount rows ``(valid_from, valid_to, amount)``: a new row at each payment whose amount
    differs from the one before; the first row starts at the first payment."""
    rows: list[tuple[dt.date, dt.date | None, int]] = []
    for payment in payments:
        if rows and rows[-1][2] == payment.amount:
            continue
        if rows:
            start, _end, amount = rows[-1]
            rows[-1] = (start, payment.month - dt.timedelta(days=1), amount)
        rows.append((payment.month, None, payment.amount))
    return rows


def assignment_payments(assignment: Assignment, *, since: dt.date | None = None) -> list[Payment]:
    """The payments of an assignment from ``since``'s month (all of them without it): the months its
    schedule pays, each at the amount row in force on the month's first day (the payroll's rule)."""
    rows = sorted(assignment.amounts.all(), key=lambda r: r.valid_from)

    def amount_on(month: dt.date) -> int:
        current = [r for r in rows if r.valid_from <= month and (r.valid_to is None or r.valid_to >= month)]
        return current[-1].monthly_amount if current else 0

    end = assignment.period_end
    if assignment.terminated_on is not None:
        end = min(end, assignment.terminated_on - dt.timedelta(days=1))
    payments = schedule(assignment.periodicity, assignment.period_start, end, amount_on)
    return [p for p in payments if since is None or p.month >= month_start(since)]
