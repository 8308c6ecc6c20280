"""``komek jobs worker [--concurrency N]``: a Celery worker consuming the jobs' queue on the
configured broker (``KOMEK_BROKER_URL``, or the filesystem under the var directory). ``make demo``
starts one beside the web server."""

from __future__ import annotations

import os
import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a worker of the background jobs (payroll runs, report exports) on the configured broker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency", type=int, default=1, help="jobs run at once (threads); default 1"
        )
        parser.add_argument("--loglevel", default="info")

    def handle(self, *args: Any, **options: Any) -> None:
        from komek.jobs.worker import app

        worker = app.Worker(
            # Each worker process its own node name: several on one machine (the tests, or workers
            # simulating machines) would otherwise share celery@host, whose remote-control queue is
            # exclusive to one connection, and the second would stop at its start.
            hostname=f"komek-{os.getpid()}@{socket.gethostname()}",
            queues=[settings.KOMEK_JOBS_QUEUE],
            # Threads even for one job at a time: in the solo pool the job runs inside the event loop,
            # and the loop sends its late acknowledgement only at its next turn, after a poll that
            # waits for the next timer (up to 2 s) — and the broker sends the next message only once
            # the last one is acknowledged (prefetch 1). A job on a thread wakes the loop when it
            # ends: 73 small jobs a second on RabbitMQ instead of 7 (bench/jobs_throughput.py).
            pool="threads",
            concurrency=options["concurrency"],
            loglevel=options["loglevel"],
            # The filesystem transport has no broadcast: no remote control, gossip or mingle there.
            without_gossip=True,
            without_mingle=True,
        )
        worker.start()
        raise SystemExit(worker.exitcode)
