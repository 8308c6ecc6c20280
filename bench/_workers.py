"""Worker processes for the benches of the job queue: ``komek jobs worker`` processes, each as a
separate machine would run it, on one broker and one database (started the way the worker-kill test,
``komek/jobs/tests/test_worker_kill.py``, starts them), on a queue of the bench's own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BROKERS = {
    "rabbitmq": os.environ.get("KOMEK_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    "redis": os.environ.get("KOMEK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
}
#: The bench's kind of job that does nearly nothing (``bench/_jobs_noop.py``), registered in the
#: bench's process and in its workers.
EXTRA_MODULES = "_jobs_noop"


def configure(*, database_url: str, broker: str, var_dir: Path) -> dict[str, str]:
    """Set the bench process's environment (before Django is set up) and return the workers':
    the same database, broker and queue (one of the bench's own), the bench's kind of job."""
    queue = f"komek-bench-{uuid.uuid4().hex[:12]}"
    os.environ.update(
        DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="komek.settings", KOMEK_VAR_DIR=str(var_dir),
        KOMEK_BROKER_URL=BROKERS[broker], KOMEK_JOBS_QUEUE=queue, KOMEK_JOBS_EXTRA_MODULES=EXTRA_MODULES,
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "KOMEK_FAULT"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "bench"), env.get("PYTHONPATH", "")]))
    return env


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def wait_until(what: str, check: Callable[[], Any], *, timeout: float, every: float = 0.2) -> Any:
    """Poll ``check`` until it returns something true; a bounded wait (fails past ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)


def start(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    """``count`` worker processes, once each answers a ping on the broker (so that a timed run does
    not count their start)."""
    from komek.jobs.worker import app

    procs = []
    for n in range(count):
        with (logs / f"worker-{n + 1}.log").open("ab") as log:
            command = [sys.executable, "-m", "komek", "jobs", "worker", "--loglevel", "warning"]
            procs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))
    names = {f"komek-{p.pid}@" for p in procs}

    def ready() -> bool:
        for proc in procs:
            if proc.poll() is not None:
                raise SystemExit(f"a worker exited with {proc.returncode}: see {logs}")
        answered = {name for reply in app.control.ping(timeout=1.0) for name in reply}
        return all(any(a.startswith(n) for a in answered) for n in names)

    wait_until(f"{count} workers", ready, timeout=180, every=0.5)
    return procs


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def delete_queue() -> None:
    from django.conf import settings

    from komek.jobs.worker import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(settings.KOMEK_JOBS_QUEUE)
