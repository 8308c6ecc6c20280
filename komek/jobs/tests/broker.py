"""A Celery worker in a thread of the test process, on a real broker, consuming the queue the jobs
are sent to (a queue of its own per test, so that runs sharing a Redis or a RabbitMQ never take
each other's messages). The worker's thread opens its own database connection with the test's
settings, so it reaches the test database; the tests using it are transactional, so that it sees
the rows they committed."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from komek.jobs import worker
from komek.jobs.models import Job

BROKERS = {
    "redis": os.environ.get("KOMEK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("KOMEK_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
#: A failure guard, not a speed measure: a job that never ends fails here instead of hanging.
WAIT_SECONDS = 180


def _reachable_or_skip(app: Any, name: str) -> None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # noqa: BLE001 (any failure to connect means: not reachable)
        message = f"{name} broker not reachable at {app.conf.broker_url}: {exc.__class__.__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the {message}")
        pytest.skip(message)


def _close_connections(**_: Any) -> None:
    # The worker's thread keeps no connection open past a task: the test database can be flushed
    # and (PostgreSQL) dropped at the end of the session.
    connections.close_all()


@contextmanager
def running_worker(settings: Any, broker: str, tmp_path: Path) -> Iterator[Any]:
    """A worker on ``broker`` (``redis``, ``rabbitmq`` or ``filesystem``) consuming a fresh queue,
    which the web side's dispatch sends to (the same ``KOMEK_JOBS_QUEUE``)."""
    queue = f"komek-jobs-test-{uuid.uuid4().hex[:12]}"
    settings.KOMEK_JOBS_QUEUE = queue
    if broker == "filesystem":
        folders = {"queue": tmp_path / "queue", "control": tmp_path / "control"}
        for folder in folders.values():
            folder.mkdir(parents=True, exist_ok=True)
        app = worker.make_app(
            broker_url="filesystem://",
            broker_transport_options={
                "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
                "control_folder": str(folders["control"]), "store_processed": False,
            },
            task_default_queue=queue,
        )  # fmt: skip
    else:
        app = worker.make_app(
            broker_url=BROKERS[broker], broker_transport_options={}, task_default_queue=queue
        )
        _reachable_or_skip(app, broker)
    saved = worker.app
    worker.app = app  # the web side's dispatch sends through this application
    task_postrun.connect(_close_connections, weak=False)
    try:
        with start_worker(
            app, pool="threads", concurrency=1, perform_ping_check=False, queues=[queue], shutdown_timeout=60
        ) as w:
            yield w
    finally:
        task_postrun.disconnect(_close_connections)
        worker.app = saved
        if broker != "filesystem":
            with app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)


def wait_finished(job_id: int) -> Job:
    """The job once it is over (done, failed or cancelled); fails past ``WAIT_SECONDS``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job = Job.objects.get(pk=job_id)
        if job.finished:
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {job.status} ({job.stage}) after {WAIT_SECONDS} s")
        time.sleep(0.05)
