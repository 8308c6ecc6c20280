"""A kind of job that does nearly nothing (``bench.noop``): the job queue's own cost measured by
``bench/jobs_throughput.py``. Imported, for benchmarks only, in the bench's process and in its
workers through ``KOMEK_JOBS_EXTRA_MODULES=_jobs_noop`` (with ``bench/`` on their ``PYTHONPATH``);
production never loads it."""

from __future__ import annotations

from typing import Any

from komek.accounts.choices import Capability
from komek.jobs.registry import JobKind, register

NAME = "bench.noop"


def _run(job: Any, actor: Any) -> dict[str, Any]:
    return {"n": job.parameters.get("n")}


register(JobKind(name=NAME, label="Benchmark: nothing", capability=Capability.JOBS_MANAGE, run=_run))
