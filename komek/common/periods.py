"""Months, quarters and half-years: the periods benefits are assigned and paid for.

Pure Python with no Django import, so the rules engine (``komek.rules``) uses the same functions
as the applications: one definition of a month in the whole system.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before, when negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def add_months_keep_day(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 → 28 or 29 February)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` of a person born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def quarter_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s quarter."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def half_year_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s half-year (1 January or 1 July)."""
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included."""
    month = month_start(first)
    while month <= last:
        yield month
        month = add_months(month, 1)


def month_of(text: str) -> dt.date:
    """``'2020-07'`` → 1 July 2020."""
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def date_of(value: Any, *, where: str, error: type[Exception] = ValueError) -> dt.date:
    """A date written in a YAML or data file (``2026-01-01``, or already a date), or ``error``
    naming ``where`` it was written."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise error(f"{where}: '{value}' is not a date (YYYY-MM-DD).") from None


def column_date(value: Any) -> dt.date | None:
    """A date column read through a raw cursor: PostgreSQL gives a date, SQLite its ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def periods_of_year(year: int, quarterly: bool = False) -> list[tuple[int, dt.date, dt.date]]:
    """The months (1 to 12) or, ``quarterly``, the quarters (1 to 4) of ``year``: ``(number, first
    day, last day)``, the periods of the statistical tables a department sends up."""
    step = 3 if quarterly else 1
    return [
        (n, dt.date(year, first, 1), month_end(dt.date(year, first + step - 1, 1)))
        for n, first in enumerate(range(1, 13, step), start=1)
    ]
