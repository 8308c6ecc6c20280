"""An assignment's payments: its programme's schedule (``komek.rules.schedule``) and dated amounts.

The payroll's SQL pays the months ``komek.rules.schedule`` names at the ``AssignmentAmount`` row in
force on each month's first day; the rows of an assignment whose amount is a multiple of a dated
parameter (``amount_parameter``: the MCI, the subsistence minimum) are written when it is created
from the values the legislation already holds for its period (``planned_amounts``), and a value
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


def parameter_follower(
    parameter: str, multiple: Decimal, first_amount: int, start: dt.date, region: str
) -> Callable[[dt.date], int]:
    """The amount on a month of an assignment whose amount is ``multiple`` times the dated
    ``parameter`` (the MCI, the subsistence minimum): the decided amount while the parameter's value
    is the one of its first month, ``multiple`` times the value in force after a change. The values
    are those in force in ``region`` (the beneficiary's KATO; a regional value wins over the
    national one, as in the legislation's lookup)."""
    from komek.legislation.loader import parameter_table

    table = parameter_table()
    first = table.value(parameter, month_start(start), region)

    def amount_on(month: dt.date) -> int:
        value = table.value(parameter, month, region)
        return first_amount if value == first else round_tenge(multiple * value)

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
