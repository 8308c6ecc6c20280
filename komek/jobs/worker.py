"""The Celery application of Komek and its tasks: ``komek.jobs.run`` (a job),
``komek.jobs.run_part`` (one territory's part of a job split by region, ADR 0049) and
``komek.jobs.fire_schedule`` (what Celery beat sends at a schedule's time: the schedule's jobs
queued, once a period, ADR 0051).

Every kind of job goes through the same tasks: a message carries only the id of the job or the
part, the rows hold the rest (kind, parameters, who asked). Both are acknowledged late and rejected
when their worker is lost, so that the broker delivers a message again when its worker died in it;
the rows guard against running anything twice. The broker is ``KOMEK_BROKER_URL`` (Redis or
RabbitMQ), or by default kombu's filesystem transport under the var directory, so that ``make
demo`` runs jobs asynchronously with no server (ADR 0031). Start a worker with ``komek jobs worker``.

Every worker also sweeps (:class:`Sweep`): when it starts and every ``KOMEK_JOBS_SWEEP_SECONDS`` it
sends again the parts whose worker has been silent past the lease, which the filesystem transport,
having no acknowledgement, would otherwise leave waiting (``parts_resend_stale``).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery, bootsteps

from komek.jobs.schedules import FIRE_TASK  # what Celery beat sends (ADR 0051)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")

TASK = "komek.jobs.run"
PART_TASK = "komek.jobs.run_part"
log = logging.getLogger(__name__)


def run(job_id: int) -> None:
    from komek.jobs.services import job_execute

    job_execute(job_id=job_id)


def run_part(task: Any, part_id: int) -> None:
    from komek.jobs.services import part_execute

    # The broker says whether this delivery follows one whose worker was lost (RabbitMQ when the
    # consumer's connection drops, Redis when it restores an unacknowledged message).
    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    part_execute(part_id=part_id, redelivered=redelivered)


def fire_schedule(name: str) -> None:
    from komek.jobs.services import schedule_fire

    schedule_fire(name=name)


def sweep() -> None:
    """Send again the parts silent past the lease; never lets an error stop the worker."""
    from django.db import connections

    from komek.jobs.services import parts_resend_stale

    try:
        parts_resend_stale()
    except Exception:
        log.exception("the sweep of stuck parts failed")
    finally:
        connections.close_all()  # this thread's own: the timer's, or the worker's at its start


class Sweep(bootsteps.StartStopStep):
    """The worker's sweep of stuck parts: once at its start, then every ``KOMEK_JOBS_SWEEP_SECONDS``
    (0: never) on the worker's timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        from django.conf import settings

        seconds = settings.KOMEK_JOBS_SWEEP_SECONDS
        if seconds > 0:
            sweep()
            self.tref = parent.timer.call_repeatedly(seconds, sweep, priority=10)

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


def make_app(**overrides: Any) -> Celery:
    """The application configured from the settings (``CELERY_*``), with ``overrides`` on top (tests
    give another broker); the task registered under the name the web process sends."""
    celery = Celery("komek")
    celery.config_from_object("django.conf:settings", namespace="CELERY")
    if overrides:
        celery.conf.update(overrides)
    late = {"ignore_result": True, "acks_late": True, "reject_on_worker_lost": True}
    celery.task(name=TASK, **late)(run)
    celery.task(name=PART_TASK, bind=True, **late)(run_part)
    celery.task(name=FIRE_TASK, **late)(fire_schedule)
    celery.steps["worker"].add(Sweep)
    return celery


app = make_app()
