"""A national registry: 20,000,000 persons in their families over the regions of Kazakhstan, built in
PostgreSQL through the bulk path, with its time and its size on disk.

    .venv/bin/python bench/national_registry.py [--persons 20000000] [--seed 2026]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_national), migrates it and loads
the KATO reference. The reference ships every region of the country but the districts of only a few
(Karaganda's, Almaty's): a region without its districts is one unit where its people are registered,
and its payroll one department's. Then ``demo_data_by_region`` (what ``komek demo-data`` runs) adds
``--persons`` persons in the regions' shares of the country's population (the shares of
``bench/rules_engine.py``), one region after the other in one transaction, into a young database:
families, persons, memberships, statuses and twelve months of incomes per earner written with
``COPY`` and ``INSERT ... SELECT``, the indexes and keys rebuilt once at the end. ``VACUUM (ANALYZE)``
follows, as autovacuum would on a live database.

It prints the rows of each table, the seconds of the build and of the analysis, the database's size
and the largest tables' sizes, and the machine's load average. The national payroll over this
registry then runs through the workers with
``bench/jobs_workers.py --registry --lines 1500000 --workers 1,2`` (same ``BENCH_DATABASE_URL``): it
keeps the database and assigns TSA to the heads of families already in it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _support import recreate_database, timed  # bench/ is the scripts' own folder
from _workers import load
from rules_engine import REGIONS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_national"
TABLES = (
    "registry_person", "registry_family", "registry_membership", "registry_personstatus", "registry_income",
)  # fmt: skip
#: A unit of the shares missing from the reference: added as a region, or as a district of its region.
MISSING_UNIT = """
INSERT INTO common_katounit (code, level, prefix, name_kk, name_ru, name_en, parent_id)
VALUES (%(code)s, %(level)s, %(prefix)s, 'Бенчмарк бірлігі', 'Бенчмарк единица', 'bench unit', %(parent)s)
ON CONFLICT (code) DO NOTHING
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="komek.settings", KOMEK_DEMO="1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from komek.common.kato import kato_load
    from komek.demo.guard import demo_actor
    from komek.demo.population.generator import demo_data_by_region

    print(load(), flush=True)
    timed("migrate", call_command, "migrate", verbosity=0, interactive=False)
    kato_load()
    with connection.cursor() as cursor:
        for code, _millions in REGIONS:
            region = code.endswith("0000000")
            cursor.execute(MISSING_UNIT, {
                "code": code, "level": 1 if region else 2, "prefix": code[:2] if region else code.rstrip("0"),
                "parent": None if region else code[:2] + "0000000",
            })  # fmt: skip
    total = sum(millions for _code, millions in REGIONS)
    persons = {code: max(1, round(args.persons * millions / total)) for code, millions in REGIONS}
    print(f"{sum(persons.values()):,} persons over {len(persons)} units of the country", flush=True)
    result, build = timed(
        "build: persons, families, memberships, statuses and incomes (indexes at the end)",
        demo_data_by_region, actor=demo_actor(), persons=persons, seed=args.seed,
    )  # fmt: skip
    print(f"  {load()}", flush=True)
    connection.close()
    with connection.cursor() as cursor:
        cursor.connection.autocommit = True
        started = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE)")
        analysed = time.perf_counter() - started
        print(f"VACUUM (ANALYZE): {analysed:.1f} s", flush=True)
        cursor.execute("SELECT pg_database_size(current_database())")
        size = int(cursor.fetchone()[0])
        print(f"{'table':<24}{'rows':>14}{'size with indexes':>20}")
        for table in TABLES:
            # A partitioned table's size is its partitions' (a plain table has no partition tree).
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM {table}), COALESCE("  # noqa: S608 (fixed names)
                "(SELECT SUM(pg_total_relation_size(relid)) FROM pg_partition_tree(%s::regclass)), "
                "pg_total_relation_size(%s::regclass))",
                [table, table],
            )
            rows, bytes_ = cursor.fetchone()
            print(f"{table:<24}{rows:>14,}{bytes_ / 2**30:>17.2f} GB")
    print(
        f"summary: {result.persons:,} persons in {result.families:,} families, {result.statuses:,} statuses, "
        f"{result.incomes:,} monthly incomes built in {build:.0f} s (+ {analysed:.0f} s of VACUUM ANALYZE); "
        f"database {size / 2**30:.1f} GB; {load()}",
        flush=True,
    )


if __name__ == "__main__":
    main()
