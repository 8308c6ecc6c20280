"""Dates the rules speak of: quarters, reference periods, months."""

from __future__ import annotations

import datetime as dt

from komek.common.periods import add_months, month_of, quarter_start

__all__ = ["add_months", "month_of", "previous_quarter", "quarter_start", "reference_months"]


def previous_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """First day of each of the three months of the quarter before ``day``'s quarter: (first, last)."""
    start = add_months(quarter_start(day), -3)
    return start, add_months(start, 2)


def reference_months(day: dt.date) -> list[dt.date]:
    """The months whose income counts for an application made on ``day`` (the previous quarter)."""
    first, _ = previous_quarter(day)
    return [add_months(first, i) for i in range(3)]
