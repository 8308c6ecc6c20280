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
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

from komek.jobs.schedules import FIRE_TASK  # what Celery beat sends (ADR 0051)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")

TASK = "komek.jobs.run"
PART_TASK = "komek.jobs.run_part"


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
    return celery


app = make_app()
