# ruff: noqa: E501 (SQL statements read better unwrapped)
"""Time the budget execution of a year for an Almaty-scale installation.

    .venv/bin/python bench/budget_execution.py [--persons 2000000] [--lines 60000] [--runs 5] [--rebuild]

1. Builds, once, ``BENCH_DATABASE_URL`` (default komek_bench_budget): migrated, KATO and the banks
   loaded, then seeded set-based (one ``INSERT ... SELECT`` over ``generate_series`` per table, no
   Python loop) for the current year in Almaty: ``--persons`` persons across the city's eight
   districts; ``--lines`` active TSA assignments (Almaty's TSA is wholly republican) paid by twelve
   approved monthly payrolls of ``--lines`` lines each, one line in two hundred returned by the bank;
   a year of the employment centre's measures (public works, social jobs, youth practice, training,
   grants, microcredits; three in four completed and paid, the rest under way, so committed);
   rehabilitation for 55,000 persons with disability as ``rehab_coverage.py`` seeds it (IPRs,
   supply contracts, issues, sanatorium vouchers, monthly hours); social-order projects; and an
   approved allocation per budget programme and source. A later run reuses the database when its
   mark says it is complete (``--rebuild`` makes it anew).
2. Times ``budget_execution`` for the year as an analyst of the city, ``--runs`` times: the report
   the execution page, its XLSX and ``komek budget execution`` read. Then once more with December's
   payroll put back to prepared (in a transaction rolled back), so that December is committed by
   the 60,000 active assignments as well. Prints the median and the worst, the SQL queries of one
   report, and its totals. Target: at most 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

from _support import timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_budget"
SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ALMATY = "750000000"
READY = "komek bench budget: complete v1"
DISTRICTS = [
    "751110000",
    "751210000",
    "751310000",
    "751410000",
    "751510000",
    "751710000",
    "751810000",
    "751910000",
]
REHAB_PERSONS = 55_000
BANKS = "(VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), (3, 'IRTYKZKA', '965')) AS b(k, bic, code)"
IBAN = "'KZ' || lpad((98 - ((b.code || lpad(a.i::text, 13, '0') || '203500')::numeric % 97))::text, 2, '0') || b.code || lpad(a.i::text, 13, '0')"
# The employment centre's year: (kind, participations, monthly wage the state pays or the amount).
MEASURES = [
    ("public_works", 9000, 85000),
    ("social_job", 5000, 42500),
    ("youth_practice", 5000, 110000),
    ("training", 3000, 0),
    ("grant", 2000, 1_400_000),
    ("microcredit", 1000, 4_000_000),
]


def server(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        cursor = conn.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else []


def is_complete(name: str) -> bool:
    found = server("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", name)
    return bool(found) and found[0][0] == READY


def seed_sql(persons: int, lines: int, year: int) -> list[str]:
    """The seeding statements of the year, after the persons and rehabilitation."""
    districts = "ARRAY[" + ",".join(f"'{d}'" for d in DISTRICTS) + "]"
    start = f"DATE '{year}-01-01'"
    step = max(1, persons // lines)
    measures = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {n} AS n, {money} AS money, {k} AS k"
        for k, (kind, n, money) in enumerate(MEASURES)
    )
    return [
        # Active TSA assignments for the whole year, every step-th person: wholly republican in Almaty.
        # Their kato_code is the person's address, the district of their id as the persons were written:
        # the assignment carries it beside the person and the recipient (ADR 0070).
        f"""CREATE TEMPORARY TABLE bench_recipients AS
            SELECT i, i * {step} AS person_id, ({districts})[1 + (i * {step}) % 8] AS kato_code,
              20000 + (i % 60) * 500 AS amount
            FROM generate_series(1, {lines}) AS i""",
        f"""INSERT INTO benefits_assignment (programme, person_id, person_territory, recipient_id,
              recipient_territory, kato_code, kind, status, monthly_amount, amount_parameter, periodicity,
              period_start, period_end, budget_source, share_republican, share_regional, share_local, bank_id,
              iban, basis, social_contract_ref, termination_reason, created_at)
            SELECT 'tsa', a.person_id, a.kato_code, a.person_id, a.kato_code, a.kato_code, 'tsa_unconditional',
              'active', a.amount, '',
              'month', {start}, DATE '{year}-12-31', 'republican', 10000, 0, 0, b.bic, {IBAN}, 'bench', '', '', now()
            FROM bench_recipients a JOIN {BANKS} ON b.k = a.i % 4""",
        # Twelve monthly payrolls of the city, approved.
        f"""INSERT INTO payments_payroll (month, programme, budget_source, territory, prefix, status, stage,
              line_count, total_amount, total_republican, total_regional, total_local, prepared_at,
              approved_at, created_at)
            SELECT m::date, 'tsa', '', '{ALMATY}', '75', 'approved', 'done', 0, 0, 0, 0, 0, now(), now(), now()
            FROM generate_series({start}, DATE '{year}-12-01', INTERVAL '1 month') AS m""",
        """INSERT INTO payments_paymentline (payroll_id, assignment_id, kind, month, for_month, amount,
              republican, regional, local, bank_id, iban, status, return_reason, territory)
            SELECT p.id, a.id, 'regular', p.month, p.month, a.monthly_amount, a.monthly_amount, 0, 0, a.bank_id,
              a.iban, CASE WHEN (a.id + p.id) % 200 = 0 THEN 'returned' ELSE 'pending' END,
              CASE WHEN (a.id + p.id) % 200 = 0 THEN 'account closed' ELSE '' END, a.kato_code
            FROM payments_payroll p CROSS JOIN benefits_assignment a
            WHERE p.programme = 'tsa' AND a.programme = 'tsa'""",
        """UPDATE payments_payroll p SET line_count = s.n, total_amount = s.total, total_republican = s.total
            FROM (SELECT payroll_id, COUNT(*) AS n, SUM(amount) AS total FROM payments_paymentline
                  GROUP BY payroll_id) s
            WHERE s.payroll_id = p.id""",
        # Training needs a course: one provider, one course of three months.
        """INSERT INTO employment_occupation (code, title_ru, title_kk, title_en)
            VALUES ('9999', 'Стендовая профессия', 'Стендтік мамандық', 'Bench occupation')
            ON CONFLICT DO NOTHING""",
        """INSERT INTO employment_trainingprovider (name, kato_code) VALUES ('Bench training centre', '751110000')""",
        """INSERT INTO employment_course (provider_id, title, occupation_id, months)
            SELECT id, 'Bench course', '9999', 3 FROM employment_trainingprovider""",
        # A year of measures: three in four completed and paid in the year, the rest under way. Each
        # carries its person's address (ADR 0070): the district of their id, as the persons were written.
        f"""INSERT INTO employment_participation (kind, person_id, person_territory, kato_code, course_id,
              date_from, date_to, monthly_wage, state_monthly, amount, days_worked, paid_total, purpose,
              repayment, outcome, completed_on, employed_after, tg_youth, tg_women, tg_disability, tg_released,
              tg_low_income, tg_pre_retirement, tg_large_family, created_at)
            SELECT m.kind, 100000 + m.k * 20000 + i, ({districts})[1 + (100000 + m.k * 20000 + i) % 8],
              ({districts})[1 + i % 8],
              CASE WHEN m.kind = 'training' THEN (SELECT min(id) FROM employment_course) END,
              {start} + (i * 7 % 300), {start} + (i * 7 % 300) + CASE WHEN i % 4 = 0 THEN 200 ELSE 60 + i % 60 END,
              CASE WHEN m.kind IN ('public_works', 'social_job', 'youth_practice') THEN m.money ELSE 0 END,
              CASE WHEN m.kind IN ('public_works', 'social_job', 'youth_practice') THEN m.money ELSE 0 END,
              CASE WHEN m.kind IN ('grant', 'microcredit') THEN m.money ELSE 0 END,
              CASE WHEN i % 4 = 0 THEN 0 ELSE 40 END,
              CASE WHEN i % 4 = 0 OR m.kind IN ('grant', 'microcredit') THEN 0
                   WHEN m.kind = 'training' THEN 120000 ELSE m.money * 2 END,
              '', CASE WHEN m.kind = 'microcredit' THEN 'current' ELSE '' END,
              CASE WHEN i % 4 = 0 THEN 'in_progress' ELSE 'completed' END,
              CASE WHEN i % 4 = 0 THEN NULL ELSE {start} + (i * 7 % 300) + 60 + i % 60 END,
              false, false, false, false, false, false, false, false, now()
            FROM ({measures}) AS m CROSS JOIN LATERAL generate_series(1, m.n) AS i""",
        f"""INSERT INTO rehabilitation_socialorderproject (title, service, provider, provider_bin, year, district,
              planned_people, planned_amount, spent_amount)
            SELECT 'Bench project ' || i, '', 'Bench NGO', '180340012345', {year}, ({districts})[1 + i % 8],
              40, 12000000, 9000000 + i * 10000
            FROM generate_series(1, 48) AS i""",
        "DROP TABLE bench_recipients",
    ]


def build(persons: int, lines: int, year: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.common.kato import kato_load

    sys.path.insert(0, str(ROOT / "bench"))
    from rehab_coverage import seed_sql as rehab_seed_sql

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    banks_load()
    # The rehabilitation seed's issues name user 1 as the issuer.
    user_create(actor=system("bench"), username="bench_officer", password="Karaganda-steppe-9137",
                role=Role.REHABILITATION_SPECIALIST, units=[DISTRICTS[0]])  # fmt: skip
    districts = "ARRAY[" + ",".join(f"'{d}'" for d in DISTRICTS) + "]"
    rehab = rehab_seed_sql(REHAB_PERSONS, year, 1)
    persons_sql = rehab[0].replace(f"generate_series(1, {REHAB_PERSONS})", f"generate_series(1, {persons})")
    assert districts in persons_sql and str(persons) in persons_sql
    with connection.cursor() as cursor:
        timed(f"persons: {persons:,}", cursor.execute, persons_sql)

        def run(statements: list[str]) -> None:
            for statement in statements:
                cursor.execute(statement)

        timed(f"rehabilitation of {REHAB_PERSONS:,} persons with disability", run, rehab[1:-1])
        timed(
            f"assignments, twelve payrolls of {lines:,} lines, measures, projects",
            run,
            seed_sql(persons, lines, year),
        )
        timed("ANALYZE", cursor.execute, "ANALYZE")
    allocate(year)


def allocate(year: int) -> None:
    """An approved allocation per budget programme and source the year's records are paid from: the
    spending plus 5 %, entered by the accountant, approved by the head."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.budget.selectors.execution import compute_execution
    from komek.budget.selectors.spending import Scope
    from komek.budget.services import allocation_approve, allocation_create

    accountant, head = (
        user_create(
            actor=system("bench"),
            username=f"bench_{role}",
            password="Karaganda-steppe-9137",
            role=role,
            units=[ALMATY],
        )  # fmt: skip
        for role in (Role.ACCOUNTANT, Role.DEPARTMENT_HEAD)
    )
    today = dt.date(year, 12, 31)
    execution = compute_execution(year=year, scope=Scope(None, ALMATY), on=today, today=today)
    for row in execution.by_programme():
        if row.spent + row.committed <= 0:
            continue
        created = allocation_create(
            actor=accountant, year=year, programme=row.programme, source=row.source, territory=ALMATY,
            amount=(row.spent + row.committed) * 105 // 100,
        )  # fmt: skip
        allocation_approve(actor=head, allocation_id=created.pk)


def report(analyst: Any, year: int, runs: int, label: str) -> Any:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komek.budget.selectors import budget_execution

    seconds = []
    for _run in range(runs):
        started = time.perf_counter()
        execution = budget_execution(actor=analyst, year=year)
        seconds.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        execution = budget_execution(actor=analyst, year=year)
    total = execution.totals()
    print(
        f"{label}: median {statistics.median(seconds):.3f} s, worst {max(seconds):.3f} s of {runs} runs, "
        f"{len(queries)} SQL queries; {len(execution.rows)} rows, allocated {total.allocated:,}, "
        f"committed {total.committed:,}, spent {total.spent:,} tenge, {len(execution.unlinked)} unlinked",
        flush=True,
    )
    return max(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--lines", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build the database anew")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = urllib.parse.urlparse(url).path.lstrip("/")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from komek.accounts.choices import Reach, Role
    from komek.accounts.models import User
    from komek.accounts.policy import system
    from komek.accounts.services import user_create

    year = timezone.localdate().year
    if args.rebuild or not is_complete(name):
        server(f'DROP DATABASE IF EXISTS "{name}"')
        server(f'CREATE DATABASE "{name}"')
        connection.close()
        timed(f"database {name} built", build, args.persons, args.lines, year)
        connection.close()
        server(f"COMMENT ON DATABASE \"{name}\" IS '{READY}'")
    else:
        print(f"database {name}: reused (built for {year})")
    with connection.cursor() as cursor:
        counts = {}
        for table in ("registry_person", "benefits_assignment", "payments_payroll", "payments_paymentline",
                      "employment_participation", "rehabilitation_issue", "rehabilitation_voucher",
                      "rehabilitation_hoursrecord", "rehabilitation_socialorderproject", "budget_allocation"):  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (table names of this script)
            counts[table.split("_", 1)[1]] = cursor.fetchone()[0]
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()))
    analyst = User.objects.filter(username="bench_analyst").first() or user_create(
        actor=system("bench"), username="bench_analyst", password="Karaganda-steppe-9137",
        role=Role.ANALYST, units=[ALMATY], reach=Reach.REGION,
    )  # fmt: skip
    worst = report(analyst, year, args.runs, f"execution of {year}, twelve payrolls approved")
    with transaction.atomic():
        connection.cursor().execute(
            f"UPDATE payments_payroll SET status = 'prepared' WHERE month = DATE '{year}-12-01'"
        )
        worst = max(
            worst,
            report(
                analyst, year, args.runs, "the same with December's payroll prepared (December committed)"
            ),
        )
        transaction.set_rollback(True)
    print(f"summary: the execution report of a year, worst {worst:.3f} s (target: at most 1 s)")


if __name__ == "__main__":
    main()
