"""Running a job (what the worker's task does): mark it running, call its kind, record the end.

A job is run once: a second delivery of the same message (a worker killed after taking it) finds it
no longer queued and does nothing. Errors users can act on (a :class:`DomainError`) are kept in the
job's language; any other failure is logged for the administrator and the job says only that it
failed, so no personal data reaches the page.
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
from komek.jobs.services.progress import JobCancelled

log = logging.getLogger(__name__)
SYSTEM_ERROR = gettext_noop(
    "The job failed because of an error in the system; the administrator finds its cause in the worker's log."
)


def _actor(job: Job) -> Any:
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
    """Run the queued job ``job_id`` to its end (done, failed or cancelled); None if it is not queued."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.stage = gettext_noop("Started")
        job.save(update_fields=["status", "started_at", "stage"])
    kind = registry.get(job.kind)
    with translation.override(job.language):
        try:
            result = kind.run(job, _actor(job))
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
