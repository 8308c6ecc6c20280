"""Firing a schedule (ADR 0051): the jobs of its period queued, once per schedule, period and
territory, whoever fires it and however often (Celery beat's message, ``komek jobs due`` from cron)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from komek.accounts import policy
from komek.jobs import schedules
from komek.jobs.models import Job, ScheduledRun
from komek.jobs.services.queue import job_enqueue

log = logging.getLogger(__name__)


@dataclass
class Fired:
    """What one firing did: the jobs it queued and the territories already done this period."""

    schedule: str
    period: str
    queued: list[Job] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def schedule_fire(*, name: str, at: dt.datetime | None = None) -> Fired:
    """Queue the jobs of schedule ``name`` for the period of ``at`` (now by default): one per
    territory of its targets, each with its ``ScheduledRun`` row in one transaction; a territory
    already fired this period is left alone (the row's unique key decides, also between two firings
    at the same moment)."""
    found = schedules.get(name)
    at = at or timezone.now()
    period = found.period(at)
    actor = policy.system(found.actor_name)
    fired = Fired(schedule=name, period=period)
    done = set(ScheduledRun.objects.filter(schedule=name, period=period).values_list("territory", flat=True))
    for territory, parameters in found.targets(period):
        if territory in done:
            fired.already.append(territory)
            continue
        try:
            with transaction.atomic():
                job = job_enqueue(actor=actor, kind=found.kind, parameters=parameters, territory=territory)
                ScheduledRun.objects.create(schedule=name, period=period, territory=territory, job=job)
        except IntegrityError:  # another firing of the same period won the row: its job stands
            fired.already.append(territory)
            continue
        fired.queued.append(job)
    log.info("schedule %s %s: %d queued, %d already", name, period, len(fired.queued), len(fired.already))
    return fired


def schedules_due(*, at: dt.datetime | None = None) -> list[Fired]:
    """Fire every schedule whose time has come in the current period (``komek jobs due``): the
    territories it has not fired for this period get their job; before its time nothing happens."""
    at = at or timezone.now()
    return [schedule_fire(name=s.name, at=at) for s in schedules.schedules() if at >= s.due_at(s.period(at))]
