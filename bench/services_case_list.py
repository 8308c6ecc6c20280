"""Time the case-list pages of a caseworker who has 10,000 cases, on PostgreSQL.

    .venv/bin/python bench/services_case_list.py [--cases 10000] [--requests 400]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_services), migrates it, loads
the reference data, generates a small Balkhash registry (``demo-data``) and seeds ``--cases``
applications in every state for one caseworker (``komek.demo.applications``). Then requests the
list pages in-process through Django's test client as that caseworker — the four lists (mine, due
soon, overdue, all), first pages, deep pages and status filters — and prints p50 / p95 / max in
milliseconds and the number of SQL queries per page. Target: p95 at most 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from _support import recreate_database  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_services"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ.setdefault("KOMEK_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.demo.applications import seed_cases
    from komek.registry.models import Membership

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("demo_data", persons=3000, region="351600000", seed=7, verbosity=0)
    worker = user_create(actor=system("bench"), username="bench_caseworker", password="Quiet-lists-7731",
                         role=Role.CASEWORKER, units=["351600000"])  # fmt: skip
    heads = list(
        Membership.objects.filter(valid_to__isnull=True, relation="head").values_list(
            "person_id", "person__kato_id", "family_id"
        )
    )
    started = time.perf_counter()
    seeded = seed_cases(applicants=heads, caseworkers=[worker], count=args.cases, prefix="3516")
    print(f"seeded {seeded:,} cases for one caseworker in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(worker)
    pages = []
    for view in ("mine", "due_soon", "overdue", "all"):
        pages += [f"/services/?view={view}", f"/services/?view={view}&page=2"]
    pages += [
        "/services/?view=all&page=150",
        "/services/?view=mine&page=90",
        "/services/?view=all&status=assigned",
    ]
    for url_ in pages[:3]:  # warm up
        client.get(url_)
    rng = random.Random(3)  # noqa: S311
    timings: list[float] = []
    queries: dict[str, int] = {}
    for _ in range(args.requests):
        page = rng.choice(pages)
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(page)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (page, response.status_code)
        queries[page] = len(ctx.captured_queries)
    print(f"{len(timings)} requests over {len(pages)} list pages (50 rows each) of {args.cases:,} cases")
    print(
        f"p50 {statistics.median(timings):.1f} ms · p95 {percentile(timings, 0.95):.1f} ms · "
        f"max {max(timings):.1f} ms (target: p95 <= 200 ms)"
    )
    print(f"SQL queries per page: {min(queries.values())}-{max(queries.values())}")


if __name__ == "__main__":
    main()
