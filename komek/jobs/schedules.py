"""The jobs that run on a calendar, declared once in code (ADR 0051).

The jobs app imports no context: each context declares its schedules here from its
``AppConfig.ready`` (``komek.proactive`` the monthly scan of every territory), as it registers its
kinds of job. A :class:`Schedule` names a registered kind, when it is due (a monthly day and hour in
the installation's time zone) and the jobs one firing queues (``targets``: one job per territory,
with its parameters). Firing it for a period is recorded once per schedule, period and territory
(``jobs.ScheduledRun``), so a second firing in the same month queues nothing again.

Two ways to fire them, the same effect:

* ``komek jobs beat`` runs Celery beat with :func:`beat_schedule`: at each schedule's time it sends
  ``komek.jobs.fire_schedule(name)`` to the jobs' queue, and a worker queues the jobs;
* ``komek jobs due`` (from cron, on an installation with no beat process) queues every schedule
  whose time has come in the current period and that has not fired yet — a missed firing (beat was
  stopped on the 1st) is caught up too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

#: The Celery task a beat entry sends (registered by :mod:`komek.jobs.worker`).
FIRE_TASK = "komek.jobs.fire_schedule"


@dataclass(frozen=True)
class Schedule:
    #: ``proactive.monthly-scan``: the key of its runs, its beat entry and its system actor's name.
    name: str
    #: The registered kind of job it queues (``proactive.scan``).
    kind: str
    #: ``(period, territory) → parameters`` of each job: the territories it covers this period.
    targets: Callable[[str], list[tuple[str, dict[str, Any]]]]
    #: When in the month it is due (the installation's time zone, Asia/Almaty).
    day: int = 1
    hour: int = 2
    minute: int = 0

    @property
    def actor_name(self) -> str:
        """The system actor the jobs are asked as (``system:schedule-proactive-monthly-scan``)."""
        return "schedule-" + self.name.replace(".", "-")

    def period(self, at: dt.datetime) -> str:
        """The month a firing at ``at`` belongs to: ``YYYY-MM`` in the installation's time zone."""
        return f"{timezone.localtime(at):%Y-%m}"

    def due_at(self, period: str) -> dt.datetime:
        """When the firing of ``period`` is due (aware, in the installation's time zone)."""
        year, month = (int(x) for x in period.split("-"))
        naive = dt.datetime(year, month, self.day, self.hour, self.minute)  # noqa: DTZ001 (made aware next)
        return timezone.make_aware(naive)


_SCHEDULES: dict[str, Schedule] = {}


def register(*schedules: Schedule) -> None:
    """Declare schedules (from a context's ``AppConfig.ready``; registering again replaces)."""
    for schedule in schedules:
        if not 1 <= schedule.day <= 28:  # noqa: PLR2004 (every month has it)
            raise ValueError(f"Schedule {schedule.name}: day {schedule.day} is not in every month (1–28).")
        _SCHEDULES[schedule.name] = schedule


def get(name: str) -> Schedule:
    try:
        return _SCHEDULES[name]
    except KeyError:
        raise LookupError(f"No schedule {name!r} is declared.") from None


def schedules() -> list[Schedule]:
    return sorted(_SCHEDULES.values(), key=lambda s: s.name)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Celery beat's ``beat_schedule``: one entry per declared schedule, at its day and hour."""
    from celery.schedules import crontab

    return {
        s.name: {
            "task": FIRE_TASK,
            "schedule": crontab(minute=s.minute, hour=s.hour, day_of_month=s.day),
            "args": [s.name],
        }
        for s in schedules()
    }
