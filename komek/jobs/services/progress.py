"""What a running job calls between its chunks: :func:`progress` stores how far it is and stops it
cleanly when a cancel was asked.

Cancellation is cooperative: :func:`job_cancel` only raises a flag; the job reads it here, after a
chunk is committed and before the next one begins, and :class:`JobCancelled` unwinds the job's
loop, whose kind undoes what it wrote (ADR 0031). Call it outside any transaction of the job's own,
so that the progress is seen at once and the flag read is fresh.
"""

from __future__ import annotations

from django.utils import timezone

from komek.jobs.models import Job
from komek.jobs.signals import chunk_done


class JobCancelled(Exception):  # noqa: N818 (a signal to unwind, not an error)
    """A cancel was asked: the job stops between two chunks."""


def progress(job: Job, done: int, total: int, stage: str = "") -> None:
    """Record ``done`` of ``total`` chunks and what the job is doing (``stage``, an English message id
    marked with ``gettext_noop``, shown translated); raise :class:`JobCancelled` when asked to stop."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(done=done, total=total, stage=stage[:200], progressed_at=now)
    job.done, job.total, job.stage, job.progressed_at = done, total, stage[:200], now
    chunk_done.send(sender=Job, job=job, done=done)
    if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
        raise JobCancelled
