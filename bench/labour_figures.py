# ruff: noqa: E501 (SQL statements read better unwrapped)
"""The year's labour figures at Almaty's scale: 50,000 enterprises, a year of monthly surveys and of
the other registers, on SQLite or PostgreSQL.

    .venv/bin/python bench/labour_figures.py [--database postgres|sqlite] [--enterprises 50000] [--runs 3]

1. Recreates the database (``BENCH_DATABASE_URL``, default komek_bench_labour on PostgreSQL; a file
   under the temporary directory on SQLite), migrates it, loads the KATO reference and seeds,
   set-based (``INSERT ... SELECT`` over recursive sequences, the same statements on both databases,
   no Python loop): ``--enterprises`` enterprises across Almaty's eight districts, twelve monthly
   surveys each (600,000 for 50,000), a memorandum on keeping jobs at every fifth, an inspection at
   every tenth with a violation and a fine at every second of those, a wage arrear with a repayment
   at every hundredth, an accident at every two hundredth and a collective agreement at every third.
   The surveys' yearly roll-up is then written as every write of surveys writes it.
2. Times both report sections (``market_figures`` and ``relations_figures``) for the city as its
   analyst, ``--runs`` times; prints the figures, the worst and the median. Target: at most 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_labour"
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


def seed_sql(enterprises: int, year: int, vendor: str) -> list[str]:
    """The seeding statements: every table filled by one INSERT ... SELECT over a sequence."""
    seq = f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {enterprises})"
    months = "WITH RECURSIVE m(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM m WHERE k < 12)"
    district = "CASE i % 8 " + " ".join(f"WHEN {n} THEN '{d}'" for n, d in enumerate(DISTRICTS)) + " END"
    now = "CURRENT_TIMESTAMP"

    def two(x: str) -> str:
        return f"CASE WHEN ({x}) < 10 THEN '0' || ({x}) ELSE '' || ({x}) END"

    def day(month: str, dom: str) -> str:
        # A date of the year as text 'YYYY-MM-DD' (SQLite keeps dates so); PostgreSQL casts it.
        text = f"'{year}-' || {two(month)} || '-' || {two(dom)}"
        return f"CAST({text} AS date)" if vendor == "postgresql" else text

    return [
        f"""INSERT INTO labour_enterprise (id, bin, name, kato_id, staff, employer_id, created_at)
            {seq} SELECT i, CAST(100000000000 + i AS TEXT), 'Enterprise ' || i, {district}, 20 + i % 900, NULL, {now} FROM seq""",
        f"""INSERT INTO labour_survey (enterprise_id, month, staff, hired, quit, released, unpaid_leave, part_time, downtime, stoppage, forecast, created_at)
            {seq}, {months[len("WITH RECURSIVE ") :]}
            SELECT i, {day("k", "1")}, 20 + i % 900, (i + k) % 7, (i + k) % 5, CASE WHEN (i + k) % 97 = 0 THEN 3 ELSE 0 END,
              CASE WHEN i % 41 = 0 THEN 5 ELSE 0 END, CASE WHEN i % 37 = 0 THEN 4 ELSE 0 END, CASE WHEN i % 43 = 0 THEN 6 ELSE 0 END, CASE WHEN i % 47 = 0 THEN 3 ELSE 0 END,
              CASE WHEN (i + k) % 89 = 0 THEN 2 ELSE 0 END, {now}
            FROM seq CROSS JOIN m""",
        f"""INSERT INTO labour_jobsmemorandum (enterprise_id, signed, workers, created_at)
            {seq} SELECT i, {day("1 + i % 12", "10")}, 10 + i % 500, {now} FROM seq WHERE i % 5 = 0""",
        f"""INSERT INTO labour_inspection (id, enterprise_id, date, kind, orders, created_at)
            {seq} SELECT i, i, {day("1 + i % 12", "14")}, CASE WHEN i % 3 = 0 THEN 'planned' ELSE 'unplanned' END, 1, {now} FROM seq WHERE i % 10 = 0""",
        """INSERT INTO labour_violation (id, inspection_id, article, note) SELECT id, id, 'ст. 113', '' FROM labour_inspection""",
        """INSERT INTO labour_fine (violation_id, article, article_number, amount, status, executed_on)
            SELECT id, 'ст. 87', 87, 240500, CASE WHEN id % 40 = 0 THEN 'paid' ELSE 'imposed' END, NULL FROM labour_violation WHERE id % 20 = 0""",
        f"""INSERT INTO labour_wagearrear (id, enterprise_id, recorded_on, workers, amount, bankrupt, created_at)
            {seq} SELECT i, i, {day("1 + i % 6", "5")}, 3 + i % 40, 100000 * (1 + i % 50), i % 700 = 0, {now} FROM seq WHERE i % 100 = 0""",
        f"""INSERT INTO labour_repayment (arrear_id, date, amount, created_at)
            SELECT id, {day("7 + id % 6", "20")}, amount / 2, {now} FROM labour_wagearrear""",
        f"""INSERT INTO labour_accident (enterprise_id, date, light, severe, fatal, note, created_at)
            {seq} SELECT i, {day("1 + i % 12", "7")}, 1, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 11 = 0 THEN 1 ELSE 0 END, '', {now} FROM seq WHERE i % 200 = 0""",
        f"""INSERT INTO labour_collectiveagreement (enterprise_id, number, registered_on, valid_until, workers, created_at)
            {seq} SELECT i, 'КД-' || i, {day("1 + i % 12", "20")}, {day("12", "31").replace(str(year), str(year + 3))}, 20 + i % 900, {now} FROM seq WHERE i % 3 = 0""",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.database == "postgres":
        from _support import recreate_database

        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
        recreate_database(url)
    else:
        path = Path(tempfile.gettempdir()) / "komek_bench_labour.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from komek.accounts.choices import Reach, Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.labour.report import market_figures, relations_figures
    from komek.labour.services.rollup import rollup_refresh

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    analyst = user_create(
        actor=system("bench"), username="bench_analyst", password="Karaganda-steppe-9137", role=Role.ANALYST,
        units=["750000000"], reach=Reach.REGION,
    )  # fmt: skip
    year = dt.date.today().year - 1  # noqa: DTZ011 (the local date is meant)
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in seed_sql(args.enterprises, year, connection.vendor):
                cursor.execute(statement)
        # As every write of surveys does (a survey, an import): the year's roll-up, set-based.
        rollup_refresh(years=[year])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both databases plan the figures' joins on fresh statistics
        counts = {}
        for table in ("enterprise", "survey", "jobsmemorandum", "inspection", "fine", "wagearrear", "accident",
                      "collectiveagreement"):  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM labour_{table}")
            counts[table] = cursor.fetchone()[0]
    print(
        f"{connection.vendor}: seeded in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    timings: list[float] = []
    figures = []
    for _run in range(args.runs):
        t0 = time.perf_counter()
        figures = market_figures(actor=analyst, year=year, prefix="75") + relations_figures(
            actor=analyst, year=year, prefix="75"
        )
        timings.append(time.perf_counter() - t0)
    for f in figures:
        print(f"  {f.code:42} {'—' if f.value is None else format(f.value, ','):>15}")
    print(
        f"the labour figures of {year} for {args.enterprises:,} enterprises: median {statistics.median(timings):.3f} s, "
        f"worst {max(timings):.3f} s (target: at most 2 s)"
    )


if __name__ == "__main__":
    main()
