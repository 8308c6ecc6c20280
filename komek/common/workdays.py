"""Working days on Kazakhstan's calendar: public holidays, their moves, and the government's swaps.

The ``holidays`` package (KZ) lists the days off, including "Day off (substituted from ...)"
entries; the weekend day it was substituted from is in ``weekend_workdays`` and is a working day.
``HolidayBase.is_working_day`` answers both, but it reads ``weekend_workdays`` before the year is
filled in lazily, so the calendar is always built for every year the count can reach.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

FIRST_YEAR = 1992  # the package's Kazakh calendar starts with independence
LAST_YEAR = 2100
MAX_WORKING_DAYS = 1000


class CalendarError(ValueError):
    pass


@functools.lru_cache(maxsize=16)
def _calendar(first: int, last: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=range(first, last + 1))


def _years(start: dt.date, n: int) -> tuple[int, int]:
    return start.year, min(start.year + n // 150 + 2, LAST_YEAR + 1)


def is_working_day(day: dt.date) -> bool:
    return bool(_calendar(*_years(day, 0)).is_working_day(day))


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is never counted)."""
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise CalendarError(f"the date must be between {FIRST_YEAR} and {LAST_YEAR}")
    if not 1 <= n <= MAX_WORKING_DAYS:
        raise CalendarError(f"the number of working days must be between 1 and {MAX_WORKING_DAYS}")
    return _calendar(*_years(start, n)).get_nth_working_day(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end == start:
        return 0
    low, high = sorted((start, end))
    calendar = _calendar(low.year, high.year + 1)
    count = sum(
        1 for i in range(1, (high - low).days + 1) if calendar.is_working_day(low + dt.timedelta(days=i))
    )
    return count if end > start else -count
