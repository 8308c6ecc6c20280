"""Asking for a job and asking it to stop: both checked by the access policy and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.jobs import registry
from komek.jobs.choices import JobStatus
from komek.jobs.dispatch import send
from komek.jobs.models import Job
from komek.jobs.services.parts import close_if_over

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def _user_id(actor: Actor) -> int | None:
    return actor.pk if getattr(actor, "pk", None) else None


def job_enqueue(*, actor: Actor, kind: str, parameters: dict[str, Any], territory: str = "") -> Job:
    """Queue a job of ``kind`` (its capability and the territory checked, its parameters cleaned by
    the kind); the worker is told once the job's row is committed. Returns the queued job.

    ``territory`` (a KATO code) files the job where its managers see it; by default the requester's
    first unit (the system's jobs without one are seen by national managers only)."""
    found = registry.get(kind)
    policy.require(actor, found.capability)
    territory = territory or audit.user_territory(actor)
    if territory:
        policy.require_territory(actor, territory, field="territory")
    cleaned = found.clean(dict(parameters), actor)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, parameters=cleaned, requested_by_id=_user_id(actor), requested_as=actor.username,
            territory=territory, language=(translation.get_language() or "ru")[:2],
            stage=gettext_noop("Waiting for a worker"),
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=job,
            changes={"kind": [None, kind], "parameters": [None, cleaned]}, territory=territory,
        )  # fmt: skip
        transaction.on_commit(lambda: send(job.pk))
    return job


def may_manage(actor: Actor, job: Job) -> bool:
    """The requester, or a manager of jobs whose territory holds the job's."""
    if _user_id(actor) is not None and job.requested_by_id == _user_id(actor):
        return True
    return policy.can(actor, Capability.JOBS_MANAGE) and (
        policy.prefixes(actor) is None or (bool(job.territory) and policy.in_territory(actor, job.territory))
    )


def job_cancel(*, actor: Actor, job_id: int) -> Job:
    """Stop a job: a queued one at once; a running one at its next chunk (it then undoes what it
    wrote and ends cancelled), every part of a job split by region too. A finished job cannot be
    cancelled."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not may_manage(actor, job):
            raise NotFound(_("No such job."), field="job_id")
        before = job.status
        if job.finished:
            raise DomainError(
                _("The job is over: there is nothing to cancel."), field="job_id", code="finished"
            )
        if job.status == JobStatus.QUEUED:
            job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
            job.stage = gettext_noop("Cancelled before it started")
        else:
            job.stage = gettext_noop("Stopping after the current step")
        job.cancel_requested = True
        job.save(update_fields=["status", "finished_at", "stage", "cancel_requested"])
        # A job split by region: its parts not begun end at once; the running ones stop at their
        # next step; the last to end closes the job (at once if none was running).
        job.parts.filter(status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED,
            finished_at=timezone.now(),
            stage=gettext_noop("Cancelled before it started"),
        )
        if job.status == JobStatus.RUNNING and close_if_over(job.pk):
            job.refresh_from_db()
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=job,
            changes={"cancel": [False, True], "status": [before, job.status]}, territory=job.territory,
        )  # fmt: skip
    return job
