"""The states of a background job."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


#: A job in one of these states is over: nothing changes it any more.
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)
