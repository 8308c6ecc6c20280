"""A job split by region, its parts run in the test's process as the worker's tasks run them: one
part per department, progress summed, closed once by the last part; a failed part named; a cancel
reaching every part; the guard of a running part: a duplicate message refused, a redelivery (or a
stale heartbeat) taking it over, the run taken over stopping at its next step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from komek.accounts import policy
from komek.benefits.models import Assignment
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.jobs import registry
from komek.jobs.choices import JobStatus
from komek.jobs.models import Job, Part
from komek.jobs.services import (
    PartSuperseded,
    job_cancel,
    job_enqueue,
    job_execute,
    part_execute,
    part_progress,
    parts_resend_stale,
)
from komek.jobs.services import parts as parts_service
from komek.jobs.services.parts import close_if_over
from komek.jobs.signals import chunk_done
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services.run import CHUNKS_PER_PAYROLL

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_departments(make_assignment: Any) -> list[str]:
    """Two assignments in Balkhash's department and one in another district of the region."""
    make_assignment(amount_mci=Decimal(10))
    make_assignment(amount_mci=Decimal(10))
    other = make_assignment(amount_mci=Decimal(10))
    code = (
        KatoUnit.objects.filter(code__startswith="35").exclude(code__startswith="3516")
        .exclude(code__startswith="3500").order_by("code").values_list("code", flat=True).first()
    )  # fmt: skip
    assert code
    Assignment.objects.filter(pk=other.pk).update(kato_code=code)
    return sorted(["351600000", code[:4] + "00000"])


#: The payroll of the whole country, as ``komek payroll run --background`` queues it.
NATIONAL = policy.system("payroll-run")


def _queued(accountant: Any) -> Job:
    job = job_enqueue(actor=NATIONAL, kind="payroll.run", parameters={"month": "2020-03"})
    job_execute(job_id=job.pk)
    return job


def test_one_part_per_department_closed_once(two_departments: list[str], accountant: Any) -> None:
    job = _queued(accountant)
    parts = list(job.parts.order_by("territory"))
    assert [p.territory for p in parts] == two_departments
    assert job_execute(job_id=job.pk) == job  # a second delivery of the job's message: no new part
    assert Part.objects.filter(job=job).count() == 2
    part_execute(part_id=parts[0].pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and (job.done, job.total) == (
        CHUNKS_PER_PAYROLL,
        CHUNKS_PER_PAYROLL,
    )
    part_execute(part_id=parts[1].pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total == 2 * CHUNKS_PER_PAYROLL
    assert job.result["lines"] == 3 and len(job.result["links"]) == 2
    assert not close_if_over(job.pk)  # closed once: nothing closes it again
    assert part_execute(part_id=parts[0].pk) is None  # a late duplicate of a done part does nothing
    assert PaymentLine.objects.count() == 3


def test_running_part_guard(two_departments: list[str], accountant: Any) -> None:
    """A part left running (its worker died): a plain duplicate is refused while its heartbeat is
    fresh; a redelivery takes it over (attempt 2) and finishes it; the stale run stops."""
    job = _queued(accountant)
    first = job.parts.order_by("territory").first()
    assert first is not None
    Part.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, attempt=1, heartbeat_at=timezone.now())
    assert part_execute(part_id=first.pk) is None
    assert Part.objects.get(pk=first.pk).attempt == 1
    taken = part_execute(part_id=first.pk, redelivered=True)
    assert taken is not None and (taken.status, taken.attempt) == (JobStatus.DONE, 2)
    stale = Part.objects.get(pk=first.pk)
    stale.attempt, stale.status = 1, JobStatus.RUNNING
    with pytest.raises(PartSuperseded):
        part_progress(stale, 1, CHUNKS_PER_PAYROLL, "Regular payments")
    assert Part.objects.get(pk=first.pk).status == JobStatus.DONE


def test_stale_heartbeat_is_taken_over(two_departments: list[str], accountant: Any, settings: Any) -> None:
    """With no redelivery mark (a transport that does not tell), a part whose worker has been silent
    past the lease is taken by any delivery."""
    job = _queued(accountant)
    for part in job.parts.all():
        Part.objects.filter(pk=part.pk).update(
            status=JobStatus.RUNNING, attempt=1,
            heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS + 5),
        )  # fmt: skip
        assert part_execute(part_id=part.pk) is not None
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and PaymentLine.objects.count() == 3
    assert set(job.parts.values_list("attempt", flat=True)) == {2}


def test_cancel_reaches_every_part(two_departments: list[str], accountant: Any) -> None:
    """Cancelled during the first part: it stops and undoes its payroll; the second never starts."""
    job = _queued(accountant)
    first, second = job.parts.order_by("territory")

    def cancel(sender: Any, job: Job, done: int, **kwargs: Any) -> None:
        if done == 2:
            job_cancel(actor=NATIONAL, job_id=job.pk)

    chunk_done.connect(cancel)
    try:
        part_execute(part_id=first.pk)
    finally:
        chunk_done.disconnect(cancel)
    assert part_execute(part_id=second.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert set(job.parts.values_list("status", flat=True)) == {JobStatus.CANCELLED}
    assert not Payroll.objects.exists() and not PaymentLine.objects.exists()


def test_failed_part_names_its_territory(accountant: Any) -> None:
    """A kind whose part in one territory is refused: the other part ends done, the job failed with
    the territory named."""

    def run_part(job: Job, part: Part, actor: Any) -> dict[str, Any]:
        if part.territory == "351600000":
            raise DomainError("No bank file for this department.", field="territory")
        return {"lines": 1}

    registry.register(
        registry.JobKind(
            name="test.split",
            label="test",
            capability="payroll.prepare",
            run=lambda job, actor: {},
            split=lambda job, actor: ["351600000", "751110000"],
            run_part=run_part,
        )  # fmt: skip
    )
    job = job_enqueue(actor=accountant, kind="test.split", parameters={})
    job_execute(job_id=job.pk)
    for pk in job.parts.order_by("territory").values_list("pk", flat=True):
        part_execute(part_id=pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Territory 351600000: No bank file for this department."
    assert dict(job.parts.values_list("territory", "status")) == {
        "351600000": JobStatus.FAILED, "751110000": JobStatus.DONE,
    }  # fmt: skip


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The parts the sweep hands to the broker (recorded here instead)."""
    out: list[int] = []
    monkeypatch.setattr(parts_service, "send_part", out.append)
    return out


def test_stuck_parts_sent_again_once_per_lapse(
    two_departments: list[str], accountant: Any, settings: Any, sent: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """A part left running by a dead worker (the filesystem broker gives its message to nobody) and
    one left queued (its message read in advance by that worker): nothing is sent within the lease;
    past it, each once; again only after a further lease of silence; the deliveries finish the job."""
    job = _queued(accountant)
    first, second = job.parts.order_by("territory")
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS)
    silent = now - lease - dt.timedelta(seconds=1)  # the worker's last word, the split
    Part.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, attempt=1, heartbeat_at=silent)
    Job.objects.filter(pk=job.pk).update(started_at=silent)

    def sweep(at: dt.datetime) -> list[int]:
        with django_capture_on_commit_callbacks(execute=True):
            return parts_resend_stale(now=at)

    assert sweep(now - dt.timedelta(seconds=2)) == [] and sent == []  # the lease not yet over
    assert sweep(now) == [first.pk, second.pk] and sent == [first.pk, second.pk]
    assert sweep(now + dt.timedelta(seconds=5)) == [] and len(sent) == 2  # once per lapse
    again = now + lease + dt.timedelta(seconds=1)
    assert sweep(again) == [first.pk, second.pk]  # still silent a lease later: sent again
    for pk in sent[:2]:
        assert part_execute(part_id=pk) is not None
    assert part_execute(part_id=first.pk) is None  # the later copy finds the part done
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and PaymentLine.objects.count() == 3
    assert dict(job.parts.values_list("pk", "attempt")) == {first.pk: 2, second.pk: 1}
    assert sweep(again + 10 * lease) == []  # a finished job is never swept


def test_sweep_spares_live_parts(
    two_departments: list[str], accountant: Any, settings: Any, sent: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """A running part whose worker told its progress within the lease is left alone, however long
    ago the job began; so is a queued part of a job split within the lease."""
    job = _queued(accountant)
    first, second = job.parts.order_by("territory")
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS)
    Job.objects.filter(pk=job.pk).update(started_at=now - 3 * lease)
    Part.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, attempt=1, heartbeat_at=now - lease / 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert parts_resend_stale(now=now) == [second.pk]  # only the queued one, its job long split
    Job.objects.filter(pk=job.pk).update(started_at=now)
    Part.objects.filter(pk=second.pk).update(resent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert parts_resend_stale(now=now) == []
    assert sent == [second.pk]


def test_sweep_closes_a_cancelled_job_left_by_a_dead_worker(
    two_departments: list[str], accountant: Any, settings: Any, sent: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """A cancel asked while the part's worker was dead: the part sent again ends cancelled and the
    job closes, instead of waiting for ever on a run that will never read the flag."""
    job = _queued(accountant)
    first, second = job.parts.order_by("territory")
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.KOMEK_JOBS_LEASE_SECONDS)
    Part.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, attempt=1, heartbeat_at=now - 2 * lease)
    job_cancel(actor=NATIONAL, job_id=job.pk)  # the queued part ends at once; the running one waits
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        assert parts_resend_stale() == [first.pk]
    assert part_execute(part_id=sent[0]) is None
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert set(job.parts.values_list("status", flat=True)) == {JobStatus.CANCELLED}
