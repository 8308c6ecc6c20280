"""A job run in the test's process as the workers would run it: the job's task (which, for a kind
split by region, only makes the parts), then each part's task in the order of its territories."""

from __future__ import annotations

from komek.jobs.models import Job, Part
from komek.jobs.services import job_execute, part_execute


def run_here(job_id: int) -> Job | None:
    """What the worker does with the job's message and then with each part's message."""
    job = job_execute(job_id=job_id)
    for pk in Part.objects.filter(job_id=job_id).order_by("territory").values_list("pk", flat=True):
        part_execute(part_id=pk)
    return job
