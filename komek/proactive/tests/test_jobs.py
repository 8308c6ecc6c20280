"""The scan as a background job split by district, and its monthly schedule (ADR 0051): the job's
parts write the worklist ``komek proactive scan`` writes, a part run again adds nothing, and the
schedule queues one job per region once a month."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from komek.accounts import policy
from komek.benefits.models import Assignment
from komek.jobs import schedules
from komek.jobs.choices import JobStatus
from komek.jobs.models import Job, Part, ScheduledRun
from komek.jobs.services import job_enqueue, part_execute, schedule_fire, schedules_due
from komek.jobs.tests.inline import run_here
from komek.jobs.worker import fire_schedule
from komek.proactive.choices import ItemKind
from komek.proactive.models import Item, Scan
from komek.proactive.services import scan_territories
from komek.registry.models import Family, Person

pytestmark = pytest.mark.django_db
KARAGANDA = "350000000"
TEMIRTAU_TOWN = "352210000"
SCHEDULE = "proactive.monthly-scan"


@pytest.fixture
def two_districts(phoned: Any, recipient_family: Any) -> dict[str, Any]:
    """The entitled household in Balkhash and the recipient no longer eligible moved to Temirtau:
    the region's scan has two districts with something to find (and Karaganda city with nothing)."""
    Family.objects.filter(pk=recipient_family.pk).update(kato_id=TEMIRTAU_TOWN)
    Person.objects.filter(memberships__family=recipient_family).update(kato_id=TEMIRTAU_TOWN)
    Assignment.objects.filter(family=recipient_family).update(kato_code=TEMIRTAU_TOWN)
    return {"candidate": phoned.family, "lost": recipient_family}


def _worklist() -> list[tuple[Any, ...]]:
    return sorted(
        Item.objects.values_list("kind", "programme", "entity", "kato_code", "amount", "status", "contact_id")
    )


def _scan_job(month: dt.date) -> Job:
    job = job_enqueue(
        actor=policy.system("tests"), kind="proactive.scan", territory=KARAGANDA,
        parameters={"territory": KARAGANDA, "month": f"{month:%Y-%m}"},
    )  # fmt: skip
    run_here(job.pk)
    job.refresh_from_db()
    return job


def test_the_region_is_split_into_its_districts(two_districts: Any) -> None:
    """Karaganda region: one part per district; a district is one part of its own."""
    system = policy.system("tests")
    assert scan_territories(actor=system, kato=KARAGANDA) == ["351000000", "351600000", "352200000"]
    assert scan_territories(actor=system, kato="351600000") == ["351600000"]


def test_the_jobs_parts_write_the_worklist_the_command_writes(two_districts: Any, month: dt.date) -> None:
    """The command over the whole region, then (from an empty worklist) the job by district: the
    same items, amounts, statuses and addressees; the job is done with the figures summed."""
    call_command("proactive_scan", territory=KARAGANDA, month=f"{month:%Y-%m}", stdout=io.StringIO())
    reference = _worklist()
    assert {(row[0], row[2]) for row in reference} >= {
        (ItemKind.CANDIDATE, f"f{two_districts['candidate'].pk}"),
        (ItemKind.NOT_ELIGIBLE, f"f{two_districts['lost'].pk}"),
    }
    Item.objects.all().delete()
    job = _scan_job(month)
    assert job.status == JobStatus.DONE, job.error
    parts = list(job.parts.order_by("territory"))
    assert [p.territory for p in parts] == ["351000000", "351600000", "352200000"]
    assert all(p.status == JobStatus.DONE and p.done == p.total == 3 for p in parts)  # noqa: PLR2004
    assert _worklist() == reference
    assert job.result["items"]["added"] == len(reference)
    assert job.result["candidates"] + job.result["not_eligible"] == len(reference)
    assert Scan.objects.filter(pk__in=job.result["scans"]).count() == 3  # noqa: PLR2004


def test_a_part_run_again_writes_no_second_item(two_districts: Any, month: dt.date) -> None:
    """A part delivered again after its run (a worker lost after the commit, the lease over): the
    district is scanned again, its items refreshed, none added."""
    job = _scan_job(month)
    before = _worklist()
    part = Part.objects.get(job=job, territory="351600000")
    Part.objects.filter(pk=part.pk).update(status=JobStatus.RUNNING, heartbeat_at=None)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    again = part_execute(part_id=part.pk, redelivered=True)
    assert again is not None and again.status == JobStatus.DONE and again.attempt == 2  # noqa: PLR2004
    assert again.result["items"]["added"] == 0 and again.result["items"]["refreshed"] >= 1
    assert _worklist() == before
    # A second job for the same month adds nothing either.
    second = _scan_job(month)
    assert second.result["items"]["added"] == 0 and _worklist() == before


def test_a_bad_territory_or_month_is_refused_before_queueing(two_districts: Any) -> None:
    from komek.common.errors import DomainError

    system = policy.system("tests")
    with pytest.raises(DomainError, match="Unknown KATO"):
        job_enqueue(actor=system, kind="proactive.scan", parameters={"territory": "999", "month": "2026-01"})
    with pytest.raises(DomainError, match="YYYY-MM"):
        job_enqueue(actor=system, kind="proactive.scan", parameters={"territory": KARAGANDA, "month": "jan"})
    assert not Job.objects.exists()


def test_the_page_queues_the_scan_as_a_job(two_districts: Any, caseworker: Any, login: Any) -> None:
    """The worklist's "Scan in background" queues the job of the caseworker's territory and shows its page."""
    client: Client = login(caseworker)
    page = client.get("/proactive/")
    assert b'id="scan-background"' in page.content
    month = f"{timezone.localdate():%Y-%m}"
    response = client.post("/proactive/scan/background/", {"kato": "351600000", "month": month})
    job = Job.objects.get(kind="proactive.scan")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"  # noqa: PLR2004
    assert job.parameters == {"territory": "351600000", "month": month} and job.territory == "351600000"
    run_here(job.pk)
    detail = client.get(f"/jobs/{job.pk}/")
    assert b"Entitled, not receiving" in detail.content and b"/proactive/" in detail.content


def test_the_monthly_scan_is_declared_for_beat() -> None:
    """The schedule is in beat's schedule: the 1st of the month at 02:00, firing the schedule's task."""
    entry = schedules.beat_schedule()[SCHEDULE]
    assert entry["task"] == "komek.jobs.fire_schedule" and entry["args"] == [SCHEDULE]
    cron = entry["schedule"]
    assert cron.day_of_month == {1} and cron.hour == {2} and cron.minute == {0}
    assert schedules.get(SCHEDULE).kind == "proactive.scan"


def _almaty_family(make_person: Any) -> Any:
    from komek.registry.services.families import MemberSpec, family_create

    system = policy.system("tests")
    person = make_person(name="Алма", kato="751110000", actor=system)
    return family_create(actor=system, members=[MemberSpec(person, "head")], kato="751110000")


def test_firing_queues_the_scan_of_every_region_once_a_month(two_districts: Any, make_person: Any) -> None:
    """Beat's message (the worker's task) queues one scan per region holding families; fired again
    the same month — by beat twice or by ``komek jobs due`` — it queues nothing; next month again."""
    _almaty_family(make_person)
    at = timezone.make_aware(dt.datetime(2026, 3, 1, 2, 0))  # noqa: DTZ001 (made aware)
    fired = schedule_fire(name=SCHEDULE, at=at)
    jobs = Job.objects.filter(kind="proactive.scan").order_by("territory")
    assert [(j.territory, j.parameters["month"], j.requested_as) for j in jobs] == [
        (KARAGANDA, "2026-03", "system:schedule-proactive-monthly-scan"),
        ("750000000", "2026-03", "system:schedule-proactive-monthly-scan"),
    ]
    assert len(fired.queued) == 2 and fired.already == []  # noqa: PLR2004
    again = schedule_fire(name=SCHEDULE, at=at + dt.timedelta(hours=5))
    assert again.queued == [] and sorted(again.already) == [KARAGANDA, "750000000"]
    assert [f.queued for f in schedules_due(at=at + dt.timedelta(days=3))] == [[]]
    assert Job.objects.filter(kind="proactive.scan").count() == 2  # noqa: PLR2004
    assert ScheduledRun.objects.filter(schedule=SCHEDULE, period="2026-03").count() == 2  # noqa: PLR2004
    # April: queued again, once.
    assert len(schedule_fire(name=SCHEDULE, at=at.replace(month=4)).queued) == 2  # noqa: PLR2004
    assert Job.objects.filter(kind="proactive.scan").count() == 4  # noqa: PLR2004


def test_the_workers_task_fires_the_schedule(two_districts: Any) -> None:
    """What beat sends: the worker's task queues this month's scans (once)."""
    fire_schedule(SCHEDULE)
    fire_schedule(SCHEDULE)
    job = Job.objects.get(kind="proactive.scan")
    assert job.territory == KARAGANDA and job.parameters["month"] == f"{timezone.localdate():%Y-%m}"


def test_jobs_due_fires_only_once_its_time_has_come(two_districts: Any) -> None:
    """``komek jobs due`` (cron, no beat): before the 1st at 02:00 nothing; after, the scans of the
    month; run again, nothing more."""
    out = io.StringIO()
    call_command("jobs_due", at="2026-05-01T01:59", stdout=out)
    assert out.getvalue() == "" and not Job.objects.exists()
    call_command("jobs_due", at="2026-05-01T02:00", stdout=out)
    job = Job.objects.get(kind="proactive.scan")
    assert f"{SCHEDULE} 2026-05: 1 queued, 0 already" in out.getvalue()
    assert f"job {job.pk} queued: /jobs/{job.pk}/" in out.getvalue()
    out = io.StringIO()
    call_command("jobs_due", at="2026-05-17T10:00", stdout=out)
    assert out.getvalue().strip() == f"{SCHEDULE} 2026-05: 0 queued, 1 already"
    run_here(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
