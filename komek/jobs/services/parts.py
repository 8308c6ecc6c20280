"""A job split by region (ADR 0049): its parts, one per territory, each run by whichever worker takes
its message; the job's progress is the sum of its parts'; the last part to end closes the job, once.

**Exactly once under a killed worker.** Part messages are acknowledged late and rejected when their
worker is lost, so the broker delivers the message of a part whose worker died again. A delivery
takes a part that is ``queued``; it takes over a part that is ``running`` only when the broker marks
the delivery redelivered (the previous worker was lost) or when the part's heartbeat is older than
``KOMEK_JOBS_LEASE_SECONDS``; any other delivery of a running part (a duplicate message) does
nothing. Taking a part raises its ``attempt``; every later write of that run (progress, the end) is
conditional on the attempt, so a run that was taken over (a worker thought lost that was not) stops
at its next step and writes nothing more. The work of a part is itself safe to run again from any
point (the payroll's stages, ADR 0008), so the run that takes over finishes it without a duplicate
line and without a lost one.

**Closing once.** A part ends in a transaction that locks the job's row first, then ends the part
(conditional on its attempt) and, when every part is over, ends the job by a conditional update
(``status = running``): two parts ending together are serialised by the lock, and even without it
(SQLite has no row locks) only one update finds the job running.

**Re-sending stuck parts** (:func:`parts_resend_stale`). A broker that gives no message again when
its worker dies (the embedded filesystem transport: a message is gone from its folder once a worker
reads it) would leave such a part waiting for ever. The sweep sends again every part of a running
job that is ``running`` with a heartbeat older than the lease, or still ``queued`` though its job
was split longer than the lease ago (its message was lost with the worker that had read it in
advance); the delivery takes it as above (a stale heartbeat may be taken over, a queued part taken).
Each part is sent once per lapse: the sweep stamps ``resent_at`` by an update conditional on the
value it read, so two sweeps at once send it once, and the next sweep sends it again only once a
further lease has passed with no sign of life. ``komek jobs worker`` sweeps when it starts and every
``KOMEK_JOBS_SWEEP_SECONDS``; ``komek jobs sweep`` sweeps once.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.common.errors import DomainError
from komek.jobs import registry
from komek.jobs.choices import JobStatus
from komek.jobs.dispatch import send_part
from komek.jobs.models import Job, Part
from komek.jobs.services.progress import JobCancelled
from komek.jobs.signals import chunk_done

if TYPE_CHECKING:
    from komek.jobs.registry import JobKind

log = logging.getLogger(__name__)
SYSTEM_ERROR = gettext_noop(
    "The job failed because of an error in the system; the administrator finds its cause in the worker's log."
)


class PartSuperseded(Exception):  # noqa: N818 (a signal to stop, not an error)
    """Another delivery took this part over (its worker was thought lost): this run stops here."""


def _sum(field: str) -> Coalesce:
    parts = Part.objects.filter(job=OuterRef("pk")).values("job").annotate(s=Sum(field)).values("s")
    return Coalesce(Subquery(parts), 0)


def _job_progress(job_id: int, stage: str = "") -> None:
    """The job's done and total: the sums of its parts'."""
    fields: dict[str, Any] = {"done": _sum("done"), "total": _sum("total"), "progressed_at": timezone.now()}
    if stage:
        fields["stage"] = stage[:200]
    Job.objects.filter(pk=job_id).update(**fields)


def split(job: Job, kind: JobKind, actor: Any) -> list[int]:
    """Create the parts of the queued ``job`` (locked by the caller) and mark it running; returns the
    ids of its parts still queued, to be sent once committed. A job already split (its first message's
    worker died after the split) keeps its parts: those still queued are sent again."""
    if job.status == JobStatus.QUEUED:
        assert kind.split is not None
        territories = sorted(set(kind.split(job, actor)))
        Part.objects.bulk_create(Part(job=job, territory=code) for code in territories)
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.stage = gettext_noop("Running in its territories")
        job.save(update_fields=["status", "started_at", "stage"])
    return list(job.parts.filter(status=JobStatus.QUEUED).values_list("pk", flat=True))


def _take(part_id: int, *, redelivered: bool) -> tuple[Part, Job] | None:
    """Mark the part running under a new attempt, when this delivery may take it."""
    with transaction.atomic():
        part = Part.objects.select_for_update().select_related("job").filter(pk=part_id).first()
        if part is None:
            return None
        now = timezone.now()
        if part.status == JobStatus.RUNNING:
            lease = dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS)
            stale = part.heartbeat_at is None or part.heartbeat_at < now - lease
            if not (redelivered or stale):
                return None  # a duplicate message while its run is alive
            log.warning("part %s of job %s taken over (attempt %s)", part.pk, part.job_id, part.attempt + 1)
        elif part.status != JobStatus.QUEUED:
            return None
        job = part.job
        if job.cancel_requested or job.finished:
            part.status, part.finished_at = JobStatus.CANCELLED, now
            part.stage = gettext_noop("Cancelled before it started")
            part.save(update_fields=["status", "finished_at", "stage"])
            close_if_over(job.pk)
            return None
        part.attempt += 1
        part.status, part.heartbeat_at = JobStatus.RUNNING, now
        part.started_at = part.started_at or now
        part.stage = gettext_noop("Started")
        part.save(update_fields=["attempt", "status", "heartbeat_at", "started_at", "stage"])
    return part, job


def part_progress(part: Part, done: int, total: int, stage: str = "") -> None:
    """Record ``done`` of ``total`` chunks of the part and the job's sums; raise
    :class:`PartSuperseded` when another delivery took the part over, :class:`JobCancelled` when a
    cancel of the job was asked."""
    now = timezone.now()
    moved = Part.objects.filter(pk=part.pk, attempt=part.attempt, status=JobStatus.RUNNING).update(
        done=done, total=total, stage=stage[:200], heartbeat_at=now
    )
    if not moved:
        raise PartSuperseded
    part.done, part.total, part.stage, part.heartbeat_at = done, total, stage[:200], now
    _job_progress(part.job_id, stage)
    job = Job.objects.get(pk=part.job_id)
    chunk_done.send(sender=Part, job=job, done=job.done, part=part)
    if Job.objects.filter(pk=part.job_id, cancel_requested=True).exists():
        raise JobCancelled


def close_if_over(job_id: int) -> bool:
    """End the running job when every part is over (call inside a transaction): failed if a part
    failed (naming its territory), cancelled if asked (what finished parts made undone), else done
    with the merged result. True when this call ended it."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING:
        return False
    parts = list(job.parts.order_by("territory"))
    if any(not p.finished for p in parts):
        _job_progress(job.pk)
        return False
    kind = registry.get(job.kind)
    failed = [p for p in parts if p.status == JobStatus.FAILED]
    result: dict[str, Any] = {}
    error = ""
    with translation.override(job.language):
        if failed:
            status, stage = JobStatus.FAILED, gettext_noop("Failed")
            error = " ".join(
                _("Territory %(territory)s: %(error)s") % {"territory": p.territory, "error": p.error}
                for p in failed
            )
        elif job.cancel_requested or any(p.status == JobStatus.CANCELLED for p in parts):
            status, stage = JobStatus.CANCELLED, gettext_noop("Cancelled: nothing was written")
        else:
            status, stage = JobStatus.DONE, gettext_noop("Done")
            result = kind.merge([p.result for p in parts])
    done = sum(p.done for p in parts)
    total = sum(p.total for p in parts)
    closed = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=status, stage=stage, finished_at=timezone.now(), result=result, error=error,
        done=total if status == JobStatus.DONE else done, total=total,
    )  # fmt: skip
    if closed and status == JobStatus.CANCELLED:
        from komek.jobs.services.runner import actor_of

        kind.undo(job, actor_of(job), [p.result for p in parts if p.status == JobStatus.DONE])
    return bool(closed)


def _end(
    part: Part, status: str, *, stage: str, result: dict[str, Any] | None = None, error: str = ""
) -> bool:
    """End this attempt of the part and close the job if it was the last; False if superseded."""
    with transaction.atomic():
        Job.objects.select_for_update().filter(pk=part.job_id).first()  # serialise the parts' ends
        fields: dict[str, Any] = {
            "status": status, "stage": stage, "finished_at": timezone.now(), "result": result or {},
            "error": error,
        }  # fmt: skip
        if status == JobStatus.DONE:
            fields["done"] = part.total
        ended = Part.objects.filter(pk=part.pk, attempt=part.attempt, status=JobStatus.RUNNING).update(
            **fields
        )
        if ended:
            close_if_over(part.job_id)
    return bool(ended)


def part_execute(*, part_id: int, redelivered: bool = False) -> Part | None:
    """Run one part (what the worker's ``komek.jobs.run_part`` does); None when this delivery may not
    take it (done, cancelled, or running under a live worker)."""
    from komek.jobs.services.runner import actor_of

    taken = _take(part_id, redelivered=redelivered)
    if taken is None:
        return None
    part, job = taken
    kind = registry.get(job.kind)
    assert kind.run_part is not None
    with translation.override(job.language):
        try:
            result = kind.run_part(job, part, actor_of(job))
        except PartSuperseded:
            return None
        except JobCancelled:
            _end(part, JobStatus.CANCELLED, stage=gettext_noop("Cancelled: nothing was written"))
        except DomainError as exc:
            _end(part, JobStatus.FAILED, stage=gettext_noop("Failed"), error=str(exc))
        except Exception:
            log.exception("part %s of job %s (%s) failed", part.pk, job.pk, job.kind)
            _end(part, JobStatus.FAILED, stage=gettext_noop("Failed"), error=_(SYSTEM_ERROR))
        else:
            _end(part, JobStatus.DONE, stage=gettext_noop("Done"), result=result)
    part.refresh_from_db()
    return part


def send_queued(part_ids: list[int]) -> None:
    for pk in part_ids:
        send_part(pk)


def parts_resend_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Send again the parts of running jobs whose worker has shown no sign of life for the lease
    (see the module's notes); returns the ids of the parts sent, each once per lapse. A job whose
    cancel was asked is swept too: the delivery then ends the part cancelled and closes the job."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS)
    stale = (
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
        | Q(status=JobStatus.RUNNING, heartbeat_at__isnull=True, job__started_at__lt=cutoff)
        | Q(status=JobStatus.QUEUED, job__started_at__lt=cutoff)
    )
    lapsed = Q(resent_at__isnull=True) | Q(resent_at__lt=cutoff)
    found = (
        Part.objects.filter(stale, lapsed, job__status=JobStatus.RUNNING)
        .order_by("pk")
        .values_list("pk", "status", "attempt", "resent_at")
    )
    sent: list[int] = []
    for pk, status, attempt, resent_at in found:
        # Conditional on what was read: a sweep running beside this one, or a worker that took the
        # part meanwhile, makes this update find nothing, and the part is not sent twice.
        with transaction.atomic():
            stamped = Part.objects.filter(pk=pk, status=status, attempt=attempt, resent_at=resent_at).update(
                resent_at=now
            )
            if stamped:
                transaction.on_commit(functools.partial(send_part, pk))
        if stamped:
            log.warning("part %s (%s, attempt %s) silent past the lease: sent again", pk, status, attempt)
            sent.append(pk)
    return sent
