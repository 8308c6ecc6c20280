"""Every write of the jobs: enqueue, progress, cancel, and the run itself (what the worker calls)."""

from komek.jobs.services.parts import PartSuperseded, part_execute, part_progress, parts_resend_stale
from komek.jobs.services.progress import JobCancelled, progress
from komek.jobs.services.queue import job_cancel, job_enqueue
from komek.jobs.services.runner import job_execute
from komek.jobs.services.schedule import schedule_fire, schedules_due

__all__ = [
    "JobCancelled",
    "PartSuperseded",
    "part_execute",
    "part_progress",
    "parts_resend_stale",
    "job_cancel",
    "job_enqueue",
    "job_execute",
    "progress",
    "schedule_fire",
    "schedules_due",
]
