"""``komek jobs beat``: Celery beat sending the declared schedules (ADR 0051) to the jobs' queue.

Its ``beat_schedule`` is built from the schedules the contexts declare (``komek.jobs.schedules``):
at each one's time it sends ``komek.jobs.fire_schedule``, which a worker (``komek jobs worker``)
turns into the period's jobs, once a period. Run one beat per installation beside the workers; a
second beat, or ``komek jobs due`` run by cron as well, queues nothing twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run Celery beat: the scheduled jobs (the monthly proactive scan) sent to the jobs' queue on time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loglevel", default="info")

    def handle(self, *args: Any, **options: Any) -> None:
        from komek.jobs.schedules import beat_schedule
        from komek.jobs.worker import app

        app.conf.beat_schedule = beat_schedule()
        settings.KOMEK_BEAT_SCHEDULE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for name, entry in app.conf.beat_schedule.items():
            self.stdout.write(f"{name}: {entry['schedule']}")
        beat = app.Beat(schedule=str(settings.KOMEK_BEAT_SCHEDULE_FILE), loglevel=options["loglevel"])
        beat.run()
