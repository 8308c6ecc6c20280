"""Time the proactive scan of a 2,000,000-person registry for every programme in force, worklist written.

    .venv/bin/python bench/proactive_scan.py [--persons 2000000] [--template DB] [--workers 1,2]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_proactive), migrates it, loads the
reference data and generates ``--persons`` persons in families under Almaty (``demo-data``, about two
minutes for two million; its eight districts are the parts of the scan as a job); with ``--template
DB`` it copies a database made that way instead (``CREATE DATABASE ... TEMPLATE``). The demo's
median income is entered (the poverty line needs it, as on a demo installation) and, set-based
(``INSERT ... SELECT``), current assignments covering this month: TSA to one family in 15 and
Almaty's outpatient TB assistance to one person in 400 (the head), whatever their eligibility, so
that the scan also finds "recipients no longer eligible".

Then it times, for this month and the whole city (target: at most 60 s):

1. ``proactive_scan`` in-process, as ``komek proactive scan --territory 750000000`` runs it, from an
   empty worklist: the registry's columnar read, the rules engine over every family and person
   (the vectorised path), the anti-joins with the assignments and the open applications, the items
   and their audit rows written in bulk;
2. the same scan run again (every item refreshed, none added);
3. with ``--workers`` (default ``1,2``): the scan as the background job ``proactive.scan``, split into
   the city's districts, from an empty worklist, with N real ``komek jobs worker`` processes on the
   embedded filesystem broker (the workers started before the job is queued; the time is from the
   queueing to the job's end).

It prints persons, families, the candidates and recipients no longer eligible per programme, the
seconds of each step and the worklist's rows written, and the machine's load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from _support import recreate_database, timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_proactive"
ALMATY = "750000000"
TARGET = 60
BANKS = "(VALUES (0, 'HSBKKZKX'), (1, 'CASPKZKA'), (2, 'KCJBKZKX'), (3, 'IRTYKZKA'))"


def copy_template(url: str, template: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def seed_assignments(month: dt.date, caseworker: int) -> dict[str, int]:
    """Active assignments covering the month, one family in 15 (TSA) and one head in 400 (TB)."""
    from django.db import connection
    from django.utils import timezone

    from komek.benefits.models import Assignment
    from komek.common import bulk_sql

    end = dt.date(month.year + (month.month + 2) // 12, (month.month + 2) % 12 + 1, 1) - dt.timedelta(days=1)
    # Each key to a person carries the person's address (ADR 0070), as the head's membership does.
    common = {
        "recipient_id": "m.person_id", "recipient_territory": "m.person_territory",
        "kato_code": "f.kato_code", "status": "'active'",
        "period_start": f"DATE '{month:%Y-%m-%d}'", "period_end": f"DATE '{end:%Y-%m-%d}'",
        "bank_id": "b.bic", "iban": "'KZ00BENCH' || lpad(f.id::text, 11, '0')", "basis": "'bench'",
        "created_by_id": str(int(caseworker)),
    }  # fmt: skip
    source = (
        "registry_family f JOIN registry_membership m ON m.family_id = f.id AND m.relation = 'head' "
        f"AND m.valid_to IS NULL JOIN {BANKS} AS b(k, bic) ON b.k = f.id %% 4 "
    )
    now = timezone.now()
    counts = {}
    counts["tsa"] = bulk_sql.insert_select(
        Assignment,
        select={
            **common,
            "programme": "'tsa'",
            "family_id": "f.id",
            "kind": "'tsa_unconditional'",
            "monthly_amount": "18000 + (f.id %% 40) * 250",
            "budget_source": "'republican'",
            "share_republican": "10000",
            "share_regional": "0",
            "share_local": "0",
        },  # fmt: skip
        source=source + "WHERE f.id %% 15 = 0",
        now=now,
    )
    counts["almaty.tb_outpatient"] = bulk_sql.insert_select(
        Assignment,
        select={
            **common,
            "programme": "'almaty.tb_outpatient'",
            "person_id": "m.person_id",
            "person_territory": "m.person_territory",
            "kind": "'regular'",
            "monthly_amount": "14000",
            "budget_source": "'local'",
            "share_republican": "0",
            "share_regional": "0",
            "share_local": "10000",
        },  # fmt: skip
        source=source + "WHERE f.id %% 400 = 3",
        now=now,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def empty_worklist() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM proactive_notice")
        cursor.execute("DELETE FROM proactive_item")


def worklist_rows() -> int:
    from komek.proactive.models import Item

    return Item.objects.count()


def print_figures(data: dict[str, Any]) -> None:
    for p in data["programmes"]:
        print(f"  {p['code']:<36} {p['candidates']:>9,} entitled {p['not_eligible']:>8,} no longer eligible")
    for code, reason in sorted(data["skipped"].items()):
        print(f"  left out: {code}: {reason}")


def through_workers(url: str, workers: int, month: dt.date) -> float:
    """The scan as a job with ``workers`` real worker processes (filesystem broker, its own queue)."""
    from django.conf import settings

    from komek.accounts.policy import system
    from komek.jobs.models import Job
    from komek.jobs.services import job_enqueue

    # The workers share the bench's own embedded broker (its var directory) and queue, set before
    # Django started, so that every run's messages reach that run's workers.
    env = {**os.environ, "DATABASE_URL": url, "KOMEK_VAR_DIR": str(settings.VAR_DIR),
           "KOMEK_JOBS_QUEUE": settings.KOMEK_JOBS_QUEUE}  # fmt: skip
    processes = [
        subprocess.Popen(  # noqa: S603 (our own command)
            [str(ROOT / ".venv" / "bin" / "komek"), "jobs", "worker", "--loglevel", "warning"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(workers)
    ]
    try:
        time.sleep(8)  # the workers' start (Django, Celery) is not the scan's time
        started = time.perf_counter()
        job = job_enqueue(
            actor=system("bench"), kind="proactive.scan", territory=ALMATY,
            parameters={"territory": ALMATY, "month": f"{month:%Y-%m}"},
        )  # fmt: skip
        while True:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        if job.status != "done":
            raise SystemExit(f"job {job.pk} ended {job.status}: {job.error}")
        parts = Job.objects.get(pk=job.pk).parts.count()
        print(
            f"  job {job.pk}: {parts} parts, {job.result['candidates']:,} entitled, "
            f"{job.result['not_eligible']:,} no longer eligible, {job.result['items']['added']:,} items added"
        )
        return seconds
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=30)


def main() -> None:  # noqa: PLR0915 (one straight sequence of steps)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument(
        "--template", default="", help="copy this database (migrated, with demo-data) instead"
    )
    parser.add_argument("--workers", default="1,2", help="worker processes for the job runs; '' for none")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if args.template:
        timed(f"copy of {args.template}", copy_template, url, args.template)
    else:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ.setdefault("KOMEK_DEBUG", "1")
    os.environ["KOMEK_VAR_DIR"] = tempfile.mkdtemp(prefix="komek-bench-proactive-var-")
    os.environ["KOMEK_JOBS_QUEUE"] = f"bench-proactive-{uuid.uuid4().hex[:8]}"
    os.environ.pop("KOMEK_BROKER_URL", None)  # the embedded filesystem broker
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    translation.activate("en")  # the figures and the reasons a programme is left out, in English
    from django.utils import timezone

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.proactive.services import proactive_scan
    from komek.registry.models import Family, Person

    call_command("migrate", verbosity=0, interactive=False)  # a template made earlier: new migrations
    if not args.template:
        call_command("load_reference", verbosity=0)
        timed(
            f"demo-data: {args.persons:,} persons under Almaty",
            call_command, "demo_data", persons=args.persons, region=ALMATY, seed=1, verbosity=0,
        )  # fmt: skip
    banks_load()
    call_command("demo_users", verbosity=0)
    call_command("demo_legislation", verbosity=0)  # the demo's median income (the poverty line needs it)
    caseworker = user_create(
        actor=system("bench"), username=f"bench_cw_{uuid.uuid4().hex[:6]}",
        password="Bench-proactive-pass-51", role=Role.CASEWORKER, units=(ALMATY,),
    )  # fmt: skip
    month = timezone.localdate().replace(day=1)
    from komek.benefits.models import Assignment

    seeded = Assignment.objects.filter(basis="bench").count()
    if seeded:  # a copy of an earlier run's database
        counts = {"seeded earlier": seeded}
    else:
        counts, _ = timed(
            "seed the assignments covering the month, set-based", seed_assignments, month, caseworker.pk
        )
    persons, families = Person.objects.count(), Family.objects.count()
    print(f"  {persons:,} persons, {families:,} families; assignments: {counts}")
    empty_worklist()

    steps: list[tuple[str, float]] = []

    def on_step(done: int, total: int, words: str) -> None:
        steps.append((words, time.perf_counter()))

    result, first = timed(
        f"scan {ALMATY} {month:%Y-%m}, in-process, empty worklist (target {TARGET} s)",
        proactive_scan, actor=caseworker, kato=ALMATY, month=month, on_step=on_step,
    )  # fmt: skip
    ends = [at for _words, at in steps[1:]] + [steps[0][1] + first]
    timings = [f"{words.lower()} {end - at:.1f} s" for (words, at), end in zip(steps, ends, strict=True)]
    print("  " + ", ".join(timings))
    data = result.as_dict("en")
    print_figures(data)
    written = worklist_rows()
    print(f"  worklist rows written: {written:,} ({data['items']})")
    again, second = timed(
        "the same scan again (items refreshed, none added)",
        proactive_scan,
        actor=caseworker,
        kato=ALMATY,
        month=month,
    )
    print(f"  {again.as_dict('en')['items']}")
    jobs = {}
    for n in [int(w) for w in args.workers.split(",") if w.strip()]:
        empty_worklist()
        jobs[n] = through_workers(url, n, month)
        print(f"scan as a job, {n} worker(s), empty worklist: {jobs[n]:.1f} s")
    summary = ", ".join(f"job with {n} worker(s) {s:.1f} s" for n, s in jobs.items())
    print(
        f"summary: {persons:,} persons, {families:,} families, {data['totals']['candidates']:,} entitled, "
        f"{data['totals']['not_eligible']:,} no longer eligible, {written:,} worklist rows; "
        f"scan {first:.1f} s (target {TARGET}), again {second:.1f} s"
        + (f", {summary}" if summary else "")
        + f"; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
