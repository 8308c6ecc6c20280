"""The Celery application of Komek and its one task, ``komek.jobs.run``.

Every kind of job goes through the same task: its message carries only the job's id, the job's row
holds the rest (kind, parameters, who asked). The broker is ``KOMEK_BROKER_URL`` (Redis or
RabbitMQ), or by default kombu's filesystem transport under the var directory, so that ``make
demo`` runs jobs asynchronously with no server (ADR 0031). Start a worker with ``komek jobs worker``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")

app = Celery("komek")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="komek.jobs.run", ignore_result=True, acks_late=True)
def run(job_id: int) -> None:
    from komek.jobs.services import job_execute

    job_execute(job_id=job_id)
