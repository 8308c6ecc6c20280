"""Handing a job, or one territory's part of it, to the broker. The web process only sends a
message naming the task and the id of the job (or part): it needs no worker code loaded
(``send_task``), and the queue is the one the worker consumes."""

from __future__ import annotations

from django.conf import settings


def send(job_id: int) -> None:
    from komek.jobs import worker

    worker.app.send_task(worker.TASK, args=[job_id], queue=settings.KOMEK_JOBS_QUEUE)


def send_part(part_id: int) -> None:
    from komek.jobs import worker

    worker.app.send_task(worker.PART_TASK, args=[part_id], queue=settings.KOMEK_JOBS_QUEUE)
