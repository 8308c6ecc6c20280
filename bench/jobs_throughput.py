"""The job queue itself: 10,000 small jobs enqueued and finished, with 1 and 2 worker processes.

    .venv/bin/python bench/jobs_throughput.py [--jobs 10000] [--workers 1,2] [--broker rabbitmq|redis]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_jobs) and migrates it. The job
is the bench's own kind ``bench.noop`` (``bench/_jobs_noop.py``: it returns at once), registered in
this process and in the workers through ``KOMEK_JOBS_EXTRA_MODULES`` (benchmarks and tests only), so
what is measured is the queue: for each count of ``--workers``, that many ``komek jobs worker``
processes are started on the real broker (RabbitMQ by default) and answer a ping; then ``--jobs``
jobs are queued one by one through ``job_enqueue`` (each its row, its audit row, its message sent
once committed: what the web side does) while the workers already take them, and the jobs' rows are
polled until every one is over (a bounded wait). It prints the enqueue rate (jobs queued per second
of queuing), the end-to-end rate (jobs per second from the first queued to the last finished, from
the rows) and the workers' rate (from the first started to the last finished), with the load
average: the bench, its workers, PostgreSQL and the broker share the machine's cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _workers  # bench/ is the scripts' own folder
from _support import recreate_database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_jobs"
#: A guard for one batch (a failure, not a measure).
BATCH_SECONDS = 3600


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    parser.add_argument("--broker", choices=sorted(_workers.BROKERS), default="rabbitmq")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    var = Path(tempfile.mkdtemp(prefix="komek-bench-jobs-"))
    recreate_database(url)
    env = _workers.configure(database_url=url, broker=args.broker, var_dir=var)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from _jobs_noop import NAME
    from django.core.management import call_command
    from django.db.models import Max, Min

    from komek.accounts.policy import system
    from komek.jobs.choices import FINISHED, JobStatus
    from komek.jobs.models import Job
    from komek.jobs.services import job_enqueue

    print(_workers.load(), flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    actor = system("bench")
    summary = []
    for count in [int(n) for n in args.workers.split(",")]:
        procs = _workers.start(count, env, var)
        try:
            first = (Job.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
            started = time.perf_counter()
            for n in range(args.jobs):
                job_enqueue(actor=actor, kind=NAME, parameters={"n": n})
            enqueue = time.perf_counter() - started
            batch = Job.objects.filter(pk__gte=first, kind=NAME)

            def over(batch: Any = batch) -> bool:
                return not batch.exclude(status__in=FINISHED).exists()

            _workers.wait_until(
                f"{args.jobs:,} jobs with {count} workers", over, timeout=BATCH_SECONDS, every=0.5
            )
            polled = time.perf_counter() - started
        finally:
            _workers.stop(procs)
        load = _workers.load()
        done = batch.filter(status=JobStatus.DONE).count()
        if done != args.jobs:
            raise SystemExit(f"{count} workers: {done:,} of {args.jobs:,} jobs done")
        span = batch.aggregate(queued=Min("created_at"), began=Min("started_at"), ended=Max("finished_at"))
        end_to_end = (span["ended"] - span["queued"]).total_seconds()
        working = (span["ended"] - span["began"]).total_seconds()
        line = (
            f"{count} workers: {args.jobs:,} jobs queued in {enqueue:.1f} s "
            f"({args.jobs / enqueue:,.0f} jobs/s), all finished {end_to_end:.1f} s after the first was "
            f"queued ({args.jobs / end_to_end:,.0f} jobs/s end to end; workers {args.jobs / working:,.0f} "
            f"jobs/s; polled {polled:.1f} s); {load}"
        )
        print(line, flush=True)
        summary.append(line)
    _workers.delete_queue()
    print(f"summary ({args.broker}):")
    for line in summary:
        print(f"  {line}")


if __name__ == "__main__":
    main()
