"""A background job: what was asked, by whom, where, and how far it has gone."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from komek.jobs.choices import FINISHED, JobStatus


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=64)
    parameters = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: ``demo_accountant`` or ``system:payroll-run`` (a command run by an operator): who the job acts as.
    requested_as = models.CharField(max_length=150)
    #: The KATO code the job concerns: managers of that territory see and may cancel it.
    territory = models.CharField(_("territory"), max_length=12, blank=True)
    #: The language the requester used: the job's texts (errors, files) are written in it.
    language = models.CharField(max_length=8, default="ru")
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    #: What the job is doing now, in words (an English message id, translated when shown).
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: What the job made: figures and the links to the objects or the file it produced.
    result = models.JSONField(default=dict, blank=True)
    #: Why it failed, in words for users (never personal data: those stay in the worker's log).
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["territory", "status"]),
            models.Index(fields=["requested_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    def seconds_left(self) -> int | None:
        """Time left at the rate the job has kept so far (None before the first chunk is done)."""
        if self.status != JobStatus.RUNNING or not (self.started_at and self.progressed_at):
            return None
        if not self.done or not self.total or self.done >= self.total:
            return None
        spent = (self.progressed_at - self.started_at) / dt.timedelta(seconds=1)
        return max(1, round(spent / self.done * (self.total - self.done)))


class Part(models.Model):
    """One territory's share of a job split by region (ADR 0049): sent as its own message that any
    worker may take; the job's progress is the sum of its parts', and the last part to end closes
    the job.

    ``attempt`` counts the deliveries that took the part: a delivery the broker marks redelivered
    (its worker was lost: RabbitMQ at once, Redis after its visibility timeout), or any delivery
    once ``heartbeat_at`` is older than the lease, takes a ``running`` part over with the next
    attempt; every write of a run is conditional on its attempt, so a run taken over stops at its
    next step instead of writing beside its successor."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    #: The KATO code of the territory (region or district department) the part covers.
    territory = models.CharField(_("territory"), max_length=12)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempt = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    #: When a sweep last sent the part again, its worker silent past the lease (once per lapse).
    resent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "territory"]
        constraints = [
            models.UniqueConstraint(fields=["job", "territory"], name="jobs_part_one_per_territory")
        ]

    def __str__(self) -> str:
        return f"part {self.territory} of job {self.job_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class ScheduledRun(models.Model):
    """A schedule fired for a period and a territory (ADR 0051): its job queued, once.

    The unique key is the guard of "once a month": a second firing of the same schedule in the same
    period (beat sent it twice, ``komek jobs due`` ran beside beat, a cron run again) finds the row
    and queues nothing; the job is queued in the same transaction as the row."""

    schedule = models.CharField(_("schedule"), max_length=64)
    #: ``YYYY-MM`` for a monthly schedule.
    period = models.CharField(_("period"), max_length=16)
    territory = models.CharField(_("territory"), max_length=12)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="+")
    fired_at = models.DateTimeField(_("fired"), auto_now_add=True)

    class Meta:
        ordering = ["-fired_at", "schedule", "territory"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period", "territory"], name="jobs_schedule_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.period} {self.territory}"
