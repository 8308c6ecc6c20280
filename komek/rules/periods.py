"""Dates the rules speak of: quarters, reference periods, months."""

from __future__ import annotations

import datetime as dt


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of each of the three months of the quarter before ``day``'s quarter: (first, last)."""
    start = add_months(quarter_start(day), -3)
    return start, add_months(start, 2)


def reference_months(day: dt.date) -> list[dt.date]:
    """The months whose income counts for an application made on ``day`` (the previous quarter)."""
    first, _ = previous_quarter(day)
    return [add_months(first, i) for i in range(3)]


def month_of(text: str) -> dt.date:
    """'2020-07' → 1 July 2020."""
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)
