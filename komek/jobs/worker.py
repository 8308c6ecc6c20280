"""The Celery application of Komek and its one task, ``komek.jobs.run``.

Every kind of job goes through the same task: its message carries only the job's id, the job's row
holds the rest (kind, parameters, who asked). The broker is ``KOMEK_BROKER_URL`` (Redis or
RabbitMQ), or by default kombu's filesystem transport under the var directory, so that ``make
demo`` runs jobs asynchronously with no server (ADR 0031). Start a worker with ``komek jobs worker``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")

TASK = "komek.jobs.run"


def run(job_id: int) -> None:
    from komek.jobs.services import job_execute

    job_execute(job_id=job_id)


def make_app(**overrides: Any) -> Celery:
    """The application configured from the settings (``CELERY_*``), with ``overrides`` on top (tests
    give another broker); the task registered under the name the web process sends."""
    celery = Celery("komek")
    celery.config_from_object("django.conf:settings", namespace="CELERY")
    if overrides:
        celery.conf.update(overrides)
    celery.task(name=TASK, ignore_result=True, acks_late=True)(run)
    return celery


app = make_app()
