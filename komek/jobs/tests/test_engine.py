"""Jobs through a real broker: a payroll queued by the service reaches a worker on Redis, on
RabbitMQ and on the embedded filesystem transport, which writes the payroll and ends the job done."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from komek.jobs.choices import JobStatus
from komek.jobs.services import job_enqueue
from komek.jobs.tests.broker import running_worker, wait_finished
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services.run import CHUNKS_PER_PAYROLL

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("audit_triggers_flushable")]


@pytest.mark.parametrize("broker", ["redis", "rabbitmq", "filesystem"])
def test_payroll_job_on_a_broker(
    broker: str, settings: Any, tmp_path: Path, make_assignment: Any, accountant: Any
) -> None:
    """The month's payroll queued as a job is run by the worker: its line written, the job done with
    its chunks counted and its result linking the payroll."""
    make_assignment(amount_mci=Decimal(10))
    make_assignment(amount_mci=Decimal(10))
    with running_worker(settings, broker, tmp_path):
        job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
        job = wait_finished(job.pk)
    assert job.status == JobStatus.DONE, job.error
    payroll = Payroll.objects.get()
    assert payroll.status == "prepared"
    assert PaymentLine.objects.filter(payroll=payroll).count() == 2
    assert (job.done, job.total) == (CHUNKS_PER_PAYROLL, CHUNKS_PER_PAYROLL)
    assert job.result["lines"] == 2 and job.result["total"] == 2 * 26510
    assert job.result["links"][0]["url"] == f"/payments/{payroll.pk}/"
    assert job.started_at is not None and job.finished_at is not None
