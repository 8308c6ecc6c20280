"""Cancelling: a job stops between two chunks and undoes what it wrote; a queued job never starts;
a finished one cannot be cancelled. The run is called in the test's process (the worker's task does
the same), and the cancel is asked from the loop's named hook (``chunk_done``) at chunk N, so
nothing races."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from komek.common.errors import DomainError, NotFound
from komek.common.models import AuditLog
from komek.jobs.choices import JobStatus
from komek.jobs.models import Job
from komek.jobs.services import job_cancel, job_enqueue, job_execute
from komek.jobs.signals import chunk_done
from komek.jobs.tests.inline import run_here
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services.run import CHUNKS_PER_PAYROLL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("at_chunk", [1, 3, CHUNKS_PER_PAYROLL - 1])
def test_cancel_between_chunks_writes_nothing(
    at_chunk: int, make_assignment: Any, accountant: Any, head: Any
) -> None:
    """Cancelled by the head at chunk N (just after the regular lines are committed; midway; before
    the totals), the run ends cancelled and leaves no payroll and no line, the discard audited."""
    make_assignment(amount_mci=Decimal(10))
    make_assignment(amount_mci=Decimal(10))
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    seen: list[int] = []

    def cancel_at(sender: Any, job: Job, done: int, **kwargs: Any) -> None:
        seen.append(done)
        if done == at_chunk:
            job_cancel(actor=head, job_id=job.pk)

    chunk_done.connect(cancel_at)
    try:
        run_here(job.pk)
    finally:
        chunk_done.disconnect(cancel_at)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert seen[-1] == at_chunk and job.done == at_chunk < job.total
    assert not Payroll.objects.exists() and not PaymentLine.objects.exists()
    assert AuditLog.objects.filter(object_type="payments.payroll", action="delete").count() == 1
    assert AuditLog.objects.filter(object_type="jobs.job", action="update").get().actor_username == "head"


def test_queued_job_cancelled_never_runs(make_assignment: Any, accountant: Any) -> None:
    """A job cancelled while queued is over at once; the worker taking its message does nothing."""
    make_assignment(amount_mci=Decimal(10))
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    assert job_cancel(actor=accountant, job_id=job.pk).status == JobStatus.CANCELLED
    assert job_execute(job_id=job.pk) is None
    assert not Payroll.objects.exists()


def test_finished_job_and_strangers(make_assignment: Any, accountant: Any, make_user: Any) -> None:
    """A done job cannot be cancelled; another accountant does not even see it (no such job)."""
    make_assignment(amount_mci=Decimal(10))
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    run_here(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Payroll.objects.get().line_count == 1
    with pytest.raises(DomainError, match="over"):
        job_cancel(actor=accountant, job_id=job.pk)
    other = make_user("accountant", username="other_accountant")
    with pytest.raises(NotFound):
        job_cancel(actor=other, job_id=job.pk)


def test_failure_is_told_in_words(accountant: Any) -> None:
    """A run the payroll refuses (nothing payable for the programme) ends failed with the reason."""
    job = job_enqueue(
        actor=accountant, kind="payroll.run", parameters={"month": "2020-03", "programme": "tsa"}
    )
    run_here(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "No assignment of programme tsa" in job.error


def test_enqueue_checks_capability_and_parameters(make_user: Any, accountant: Any) -> None:
    """A registrar may not run a payroll; a bad month is refused naming the field; both audited
    only when queued."""
    from komek.common.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        job_enqueue(actor=make_user("registrar"), kind="payroll.run", parameters={"month": "2020-03"})
    with pytest.raises(DomainError) as bad:
        job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "March"})
    assert bad.value.field == "month"
    assert not Job.objects.exists()
    job = job_enqueue(actor=accountant, kind="payroll.run", parameters={"month": "2020-03"})
    row = AuditLog.objects.get(object_type="jobs.job", action="create")
    assert row.object_id == str(job.pk) and row.changes["kind"] == [None, "payroll.run"]
