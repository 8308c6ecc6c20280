"""The time left of a running job, from the rate it has kept so far."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from komek.jobs.choices import JobStatus
from komek.jobs.models import Job


def test_time_left_from_the_rate() -> None:
    """3 of 12 chunks in 30 s: 9 more at 10 s each is 90 s; none before the first chunk or once over."""
    start = timezone.now()
    job = Job(status=JobStatus.RUNNING, started_at=start, progressed_at=start + dt.timedelta(seconds=30))
    job.done, job.total = 3, 12
    assert job.seconds_left() == 90 and job.percent == 25
    job.done = 0
    assert job.seconds_left() is None
    job.done, job.status = 12, JobStatus.DONE
    assert job.seconds_left() is None and job.percent == 100
