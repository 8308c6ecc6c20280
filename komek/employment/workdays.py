"""Working days on Kazakhstan's calendar for the employment centre's deadlines.

The ``holidays`` package (KZ) knows the public holidays, the days off moved from a weekend and the
worked Saturdays of the government's swaps. This small helper serves the 10-working-day rule of
unemployed status; a shared calendar module of the state services is being written at the same
time and this one will be folded into it.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays


@functools.cache
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=range(year - 1, year + 3))


def is_working_day(day: dt.date) -> bool:
    return bool(_calendar(day.year).is_working_day(day))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
