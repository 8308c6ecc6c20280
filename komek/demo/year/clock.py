"""The services' today during a past year: ``django.utils.timezone.now`` set to the day of each
step, as the department lived it, and given back when the year is made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

ALMATY_TZ = ZoneInfo("Asia/Almaty")


class YearClock:
    """A fixed moment (10:00 in Almaty on the day set), moved by the walk."""

    def __init__(self, day: dt.date) -> None:
        self.set(day)

    def set(self, day: dt.date, hour: int = 10) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY_TZ)

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)


@contextmanager
def living_in(clock: YearClock) -> Iterator[YearClock]:
    """Make ``clock`` the services' now for the block (one process: the demo's command)."""
    real: Callable[[], dt.datetime] = timezone.now
    timezone.now = clock  # type: ignore[assignment]
    try:
        yield clock
    finally:
        timezone.now = real  # type: ignore[assignment]
