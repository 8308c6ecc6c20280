"""``komek jobs due [--at YYYY-MM-DDTHH:MM]``: queue the scheduled jobs whose time has come this
period and that are not queued yet (ADR 0051): the way to run the schedules from cron where no
``komek jobs beat`` runs (the embedded default), and the catch-up of a firing beat missed.

Prints one line per schedule: ``proactive.monthly-scan 2026-12: 2 queued, 0 already``, then one line
per job queued (``job N queued: /jobs/N/``). Safe to run every hour: nothing is queued twice in a
period."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone

from komek.jobs.services import schedules_due


class Command(BaseCommand):
    help = "Queue the scheduled jobs that are due (run from cron every hour where no beat runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", default="", help="the moment to act as of (local time; default now)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = timezone.now()
        if options["at"]:
            try:
                at = timezone.make_aware(dt.datetime.fromisoformat(options["at"]))
            except ValueError:
                sys.stderr.write(f"--at: '{options['at']}' is not a date and time YYYY-MM-DDTHH:MM\n")
                raise SystemExit(2) from None
        for fired in schedules_due(at=at):
            self.stdout.write(
                f"{fired.schedule} {fired.period}: {len(fired.queued)} queued, {len(fired.already)} already"
            )
            for job in fired.queued:
                self.stdout.write(f"job {job.pk} queued: {reverse('jobs:job_detail', args=[job.pk])}")
