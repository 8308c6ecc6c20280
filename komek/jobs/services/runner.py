"""Running a job (what the worker's task does): mark it running, call its kind, record the end.

A job is run once: a second delivery of the same message (a worker killed after taking it) finds it
no longer queued and does nothing. A kind split by region (ADR 0049) is not run here: its job is
split into parts, one message each (see ``parts``); a second delivery of such a job sends its parts
still queued again (its first worker may have died between the split and the sending).

Errors users can act on (a :class:`DomainError`) are kept in the job's language; any other failure
is logged for the administrator and the job says only that it failed, so no personal data reaches
the page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.accounts import policy
from komek.accounts.models import User
from komek.common.errors import DomainError
from komek.jobs import registry
from komek.jobs.choices import JobStatus
from komek.jobs.models import Job
from komek.jobs.services import parts
from komek.jobs.services.progress import JobCancelled

log = logging.getLogger(__name__)
SYSTEM_ERROR = gettext_noop(
    "The job failed because of an error in the system; the administrator finds its cause in the worker's log."
)


def actor_of(job: Job) -> Any:
    """Whom the job acts as: the user who asked, or the system under the command's name."""
    if job.requested_by_id is not None:
        return User.objects.get(pk=job.requested_by_id)
    return policy.system(job.requested_as.removeprefix("system:") or "jobs")


def _end(job: Job, status: str, *, stage: str, result: dict[str, Any] | None = None, error: str = "") -> None:
    job.status, job.stage, job.finished_at = status, stage, timezone.now()
    job.result, job.error = result or {}, error
    if status == JobStatus.DONE:
        job.done = job.total  # the last chunk's work is over even when it reported no progress after it
    Job.objects.filter(pk=job.pk).update(
        status=status, stage=stage, finished_at=job.finished_at, result=job.result, error=error, done=job.done
    )


def job_execute(*, job_id: int) -> Job | None:
    """Run the queued job ``job_id`` to its end (done, failed or cancelled), or split it into its
    parts and send them; None if it is not queued (nor a split job still running)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        kind = registry.get(job.kind)
        if kind.split is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return _split(job, kind)
        if job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.stage = gettext_noop("Started")
        job.save(update_fields=["status", "started_at", "stage"])
    with translation.override(job.language):
        try:
            result = kind.run(job, actor_of(job))
        except JobCancelled:
            _end(job, JobStatus.CANCELLED, stage=gettext_noop("Cancelled: nothing was written"))
        except DomainError as exc:
            _end(job, JobStatus.FAILED, stage=gettext_noop("Failed"), error=str(exc))
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            _end(job, JobStatus.FAILED, stage=gettext_noop("Failed"), error=_(SYSTEM_ERROR))
        else:
            _end(job, JobStatus.DONE, stage=gettext_noop("Done"), result=result)
    return job


def _split(job: Job, kind: registry.JobKind) -> Job:
    """Split the job (locked) into its parts and send those queued once committed; a split refused
    (nothing to do) ends the job failed with the reason, and one with no territory ends it done."""
    with translation.override(job.language):
        try:
            queued = parts.split(job, kind, actor_of(job))
        except DomainError as exc:
            job.status, job.started_at = JobStatus.RUNNING, timezone.now()
            _end(job, JobStatus.FAILED, stage=gettext_noop("Failed"), error=str(exc))
            return job
    if not job.parts.exists():
        _end(job, JobStatus.DONE, stage=gettext_noop("Done"), result=kind.merge([]))
        return job
    transaction.on_commit(lambda: parts.send_queued(queued))
    return job
