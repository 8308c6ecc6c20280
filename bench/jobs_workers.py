"""The national monthly payroll through 1, 2 and 4 worker processes ("many machines, simulated here").

    .venv/bin/python bench/jobs_workers.py [--lines 300000] [--departments 24] [--workers 1,2,4]
                                           [--broker rabbitmq|redis]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_workers), migrates it and loads
the KATO reference; seeds ``--lines`` recipients and their active TSA assignments and amounts spread
over ``--departments`` district departments taken in turn from every region (the shipped KATO
reference holds Karaganda's districts; the bench adds "bench district" units to the other regions
under their real codes) (``INSERT ... SELECT``
over ``generate_series``, as ``bench/payments_payroll.py`` does: no row goes through Python). Then,
for each count of ``--workers``: starts that many ``komek jobs worker`` processes (each as a separate
machine would run it) on the broker (RabbitMQ by default) and the one PostgreSQL database, waits
until each answers a ping, queues the month's payroll through ``job_enqueue`` (the service the
payroll page's "Run in background" calls), which splits it into one part per department, polls the
job's row until it is over (a bounded wait), checks the job is done, every part done at its first
attempt and the month's lines exactly one per assignment (none twice, none lost), prints the
seconds (the job's row: queued to finished), lines/s and the speed-up against the first count, then
stops the workers and deletes the month's lines and payrolls before the next run. After the first
run it prints PostgreSQL's floor for the same lines: the same rows written again by one plain
``INSERT ... SELECT`` into an empty copy of the table with the same indexes
(``bench/category_floor.py``). The machine's load average is printed with each run: on a machine of
2 cores, more workers than cores share the same two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import _workers  # bench/ is the scripts' own folder
from _support import recreate_database, timed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_workers"
MONTH = dt.date(2020, 2, 1)
#: A guard for one run (a failure, not a measure): the national figure is 1.5 million lines in 60 s.
RUN_SECONDS = 1800

# The shipped KATO reference holds one region's districts (Karaganda) and one city (Almaty): the
# bench adds districts named "bench district N" to the other regions of the country (their real
# two-digit codes), so that the national run spans several regions as a national one does.
REGIONS = ("10", "11", "15", "19", "23", "27", "31", "33", "39", "43", "47", "55", "59", "61", "62", "63")
KATO = (
    """
INSERT INTO common_katounit (code, level, prefix, name_kk, name_ru, name_en, parent_id)
SELECT r || '0000000', 1, r, 'Бенчмарк облысы ' || r, 'Бенчмарк область ' || r, 'bench region ' || r, NULL
FROM unnest(%(regions)s::text[]) AS r
ON CONFLICT (code) DO NOTHING
""",
    """
INSERT INTO common_katounit (code, level, prefix, name_kk, name_ru, name_en, parent_id)
SELECT r || d || '00000', 2, r || d, 'Бенчмарк ауданы ' || r || d, 'Бенчмарк район ' || r || d,
       'bench district ' || r || d, r || '0000000'
FROM unnest(%(regions)s::text[]) AS r, generate_series(20, 19 + %(per_region)s) AS n,
     lpad(n::text, 2, '0') AS d
ON CONFLICT (code) DO NOTHING
""",
)
# District departments, taken in turn from each region (the cities of republican significance
# have one department each and are left out, so that every department is a part of its own).
DEPARTMENTS = """
SELECT code FROM (
    SELECT code, left(code, 2) AS region, row_number() OVER (PARTITION BY left(code, 2) ORDER BY code) AS k
    FROM common_katounit WHERE level = 2 AND left(code, 2) NOT IN ('71', '75', '79')
) d ORDER BY k, region LIMIT %(departments)s
"""
SEED = """
INSERT INTO registry_person (iin, surname, name, patronymic, birth_date, sex, citizenship, kato_code,
                             street, phone, email, search_key, created_at, updated_at)
SELECT lpad(g::text, 12, '0'), 'Бенчмарков', 'Получатель' || g, '', DATE '1970-01-01' + (g %% 15000),
       CASE WHEN g %% 2 = 0 THEN 'male' ELSE 'female' END, 'citizen',
       (%(codes)s)[1 + g %% %(departments)s], '', '', '', 'benchmarkov poluchatel' || g, now(), now()
FROM generate_series(1, %(n)s) AS g;
"""
#: With ``--registry``, the recipients are the heads of ``--lines`` of the families already registered,
#: taken over the whole registry in a scrambled order of their ids (a multiplicative hash): a registry
#: built region after region (``bench/national_registry.py``) then pays in every region in its share,
#: as a national payroll does, where the first families by id would all be the first regions'.
HEADS = """
registry_person p JOIN (
    SELECT person_id FROM registry_membership WHERE relation = 'head' AND valid_to IS NULL
    ORDER BY (family_id * 2654435761) %% 4294967296, family_id LIMIT %(n)s
) h ON h.person_id = p.id
"""
ASSIGN = """
INSERT INTO benefits_assignment (programme, family_id, person_id, person_territory, recipient_id,
       recipient_territory, kato_code, kind, status,
       monthly_amount, amount_mci, amount_limit, period_start, period_end, budget_source,
       share_republican, share_regional, share_local, bank_id, iban,
       basis, application_id, social_contract_ref, previous_id, terminated_on, termination_reason,
       created_by_id, created_at, periodicity, amount_parameter)
SELECT 'tsa', NULL, p.id, p.kato_code, p.id, p.kato_code, p.kato_code, 'tsa_unconditional', 'active',
       20000 + (p.id %% 100) * 100,
       NULL, NULL, DATE '2020-01-01', DATE '2020-03-31', %(source)s, b.bic,
       'KZ' || lpad((98 - ((b.code || lpad(p.id::text, 13, '0') || '203500')::numeric %% 97))::text, 2, '0')
            || b.code || lpad(p.id::text, 13, '0'),
       'bench', NULL, '', NULL, NULL, '', NULL, now(), 'month', ''
FROM %(recipients)s
JOIN (VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), (3, 'IRTYKZKA', '965'))
     AS b(k, bic, code) ON b.k = p.id %% 4;

INSERT INTO benefits_assignmentamount
       (assignment_id, territory, valid_from, valid_to, monthly_amount, reason, recalculated)
SELECT id, kato_code, period_start, NULL, monthly_amount, 'bench', false FROM benefits_assignment;

ANALYZE;
"""
MONTH_LINES = """
SELECT COUNT(*), COUNT(DISTINCT l.assignment_id), COUNT(DISTINCT p.territory)
FROM payments_paymentline l JOIN payments_payroll p ON p.id = l.payroll_id WHERE p.month = %s
"""


def seed_assignments(args: argparse.Namespace) -> list[str]:
    """The month's active TSA assignments, one line each: to recipients seeded anew in districts taken
    from every region, or (``--registry``) to the heads of the families already registered. Returns
    the departments (the parts of the run)."""
    from django.db import connection

    from komek.benefits.services import budget_shares
    from komek.common.kato import kato_load
    from komek.legislation.loader import shipped_engine
    from komek.payments.territory import department
    from komek.rules.schedule import version_on

    codes: list[str] = []
    if not args.registry:
        kato_load()
        per_region = -(-args.departments // (len(REGIONS) + 1))  # with Karaganda's own districts
        with connection.cursor() as cursor:
            for sql in KATO:
                cursor.execute(sql, {"regions": list(REGIONS), "per_region": per_region})
            cursor.execute(DEPARTMENTS, {"departments": args.departments})
            codes = [row[0] for row in cursor.fetchall()]
    # Balkhash's TSA as its legislation co-finances it, for every department (a bench: the split of
    # each line into its budget sources is the same work whatever the shares).
    shares = budget_shares(version_on(shipped_engine(), "tsa", dt.date(2020, 1, 1), "351610000"), "351610000")
    source = f"'{shares.principal}', {shares.republican}, {shares.regional}, {shares.local}"
    array = "ARRAY[" + ", ".join(f"'{c}'" for c in codes) + "]"

    def seed() -> None:
        values = {"n": int(args.lines), "codes": array, "departments": len(codes), "source": source}
        recipients = HEADS % values if args.registry else "registry_person p"
        with connection.cursor() as cursor:
            if not args.registry:
                cursor.execute(SEED % values)
            cursor.execute(ASSIGN % {**values, "recipients": recipients})

    timed(f"seed {args.lines:,} assignments", seed)
    if args.registry:
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT kato_code FROM benefits_assignment")
            codes = sorted({department(row[0])[0] for row in cursor.fetchall()})
    regions = len({c[:2] for c in codes})
    print(f"  in {len(codes)} departments of {regions} regions", flush=True)

    return codes


def main() -> None:  # noqa: PLR0915 (one straight sequence of steps)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300_000, help="active assignments (one line each)")
    parser.add_argument("--departments", type=int, default=24, help="district departments (parts)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to run, comma-separated")
    parser.add_argument("--broker", choices=sorted(_workers.BROKERS), default="rabbitmq")
    parser.add_argument(
        "--registry", action="store_true",
        help="keep the database (a registry built by bench/national_registry.py) and assign TSA to the "
        "heads of its families; the departments are those of their addresses",
    )  # fmt: skip
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    var = Path(tempfile.mkdtemp(prefix="komek-bench-workers-"))
    if not args.registry:
        recreate_database(url)
    env = _workers.configure(database_url=url, broker=args.broker, var_dir=var)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from category_floor import floor_write
    from django.core.management import call_command
    from django.db import connection

    from komek.accounts.policy import system
    from komek.jobs.models import Job
    from komek.jobs.services import job_enqueue

    print(_workers.load(), flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    codes = seed_assignments(args)

    def month_lines() -> tuple[int, int, int]:
        with connection.cursor() as cursor:
            cursor.execute(MONTH_LINES, [MONTH])
            return tuple(int(v) for v in cursor.fetchone())  # type: ignore[return-value]

    def reset() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM payments_paymentline WHERE payroll_id IN "
                "(SELECT id FROM payments_payroll WHERE month = %s)",
                [MONTH],
            )
            cursor.execute("DELETE FROM payments_payroll WHERE month = %s", [MONTH])

    # No warm-up: the first run is the installation's first payroll, on an empty lines' table, which
    # the regular lines' statement no longer reads (``generation.month_sql``, ADR 0057).
    results: list[tuple[int, float, str]] = []
    floor: tuple[int, float] | None = None
    for count in counts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM payments_paymentline")
            last_line = int(cursor.fetchone()[0])
        procs = _workers.start(count, env, var)
        try:
            job = job_enqueue(
                actor=system("payroll-run"), kind="payroll.run", parameters={"month": f"{MONTH:%Y-%m}"}
            )
            started = time.perf_counter()

            def over(job_id: int = job.pk) -> Job | None:
                found = Job.objects.get(pk=job_id)
                return found if found.finished else None

            done = _workers.wait_until(f"the payroll with {count} workers", over, timeout=RUN_SECONDS)
            polled = time.perf_counter() - started
        finally:
            _workers.stop(procs)
        load = _workers.load()
        lines, assignments, territories = month_lines()
        parts = list(done.parts.values_list("status", "attempt"))
        if done.status != "done" or lines != args.lines or assignments != args.lines:
            raise SystemExit(
                f"{count} workers: job {done.status} {done.error!r}, {lines:,} lines for "
                f"{assignments:,} assignments, {args.lines:,} expected"
            )
        assert {s for s, _a in parts} == {"done"} and len(parts) == len(codes) == territories, parts
        seconds = (done.finished_at - done.created_at).total_seconds()
        retried = sum(1 for _s, a in parts if a != 1)
        print(
            f"{count} workers: {seconds:.1f} s (polled {polled:.1f} s), {lines / seconds:,.0f} lines/s, "
            f"{len(parts)} parts ({retried} taken again), {lines:,} lines, each assignment once; {load}",
            flush=True,
        )
        results.append((count, seconds, load))
        if floor is None:
            written, floor_seconds = floor_write({"payments_paymentline": last_line})
            floor = (written.get("payments_paymentline", 0), floor_seconds)
            print(
                f"  floor: the same {floor[0]:,} lines by one INSERT ... SELECT: {floor_seconds:.1f} s",
                flush=True,
            )
        timed("  reset: the month's lines and payrolls deleted", reset)
    _workers.delete_queue()
    base = results[0][1]
    regions = len({c[:2] for c in codes})
    print(f"summary ({args.broker}, {args.lines:,} lines, {len(codes)} departments of {regions} regions):")
    for count, seconds, load in results:
        print(
            f"  {count} workers: {seconds:.1f} s, {args.lines / seconds:,.0f} lines/s, "
            f"speed-up {base / seconds:.2f} against {results[0][0]}; {load}"
        )
    if floor is not None:
        best = min(s for _c, s, _l in results)
        print(f"  PostgreSQL floor {floor[1]:.1f} s; best run {best / floor[1]:.1f} times the floor")


if __name__ == "__main__":
    main()
