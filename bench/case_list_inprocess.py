"""The case list on the load test's Almaty-scale database, timed in-process (no HTTP, no other load).

    .venv/bin/python bench/case_list_inprocess.py [--requests 20] [--profile N]

Reuses ``BENCH_DATABASE_URL`` (default komek_bench_load, built by ``bench/load_staff.py``; run that
first) as it is: nothing is written but the sessions and the audit rows of the reads. Requests the
six case-list pages the load test's sessions open (``bench/_load_data.py``), as the Almaty department
head and an Almaty caseworker, through Django's test client with the production settings
(``KOMEK_ENV=production``: no debug, cached templates, the manifest of static files), ``--requests``
times each after one warm-up, and prints per page the median and the slowest time in milliseconds
and the SQL queries, then the median of every request. ``--profile N`` prints the N functions of
the most cumulative time over the requests of the department head's ``/services/?view=all``.
Target (issue 14): a median of at most 70 ms per page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_load"
PAGES = [
    "/services/?view=mine",
    "/services/?view=due_soon",
    "/services/?view=overdue",
    "/services/?view=all",
    "/services/?view=all&page=2",
    "/services/?view=all&status=in_review",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
            "DJANGO_SETTINGS_MODULE": "komek.settings",
            "KOMEK_ENV": "production",
            "KOMEK_SECRET_KEY": "case-list-bench-only-secret-key-not-for-production-0123456789",
            "KOMEK_PORTAL_SECRET": "case-list-bench-only-portal-secret-0123456789abcdef",
            "KOMEK_ALLOWED_HOSTS": "127.0.0.1",
            "KOMEK_BEHIND_PROXY": "1",
            "KOMEK_LOG_LEVEL": "WARNING",
        }
    )
    for name in ("KOMEK_DEBUG", "KOMEK_DEMO"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from komek.accounts.models import User

    call_command("collectstatic", interactive=False, verbosity=0)
    timings: list[float] = []
    for username in ("load_head", "load_caseworker_0"):
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_LANGUAGE="ru")
        client.force_login(User.objects.get(username=username))
        print(f"{username}:")
        for page in PAGES:
            assert client.get(page).status_code == 200, page  # warm: templates, translations, plans
            seconds = []
            for _ in range(args.requests):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(page)
                    seconds.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (page, response.status_code)
            timings += seconds
            print(
                f"  {page:<40} p50 {statistics.median(seconds):6.1f} ms  max {max(seconds):6.1f} ms"
                f"  {len(queries.captured_queries)} queries"
            )
    print(f"every request: p50 {statistics.median(timings):.1f} ms over {len(timings)} (target 70 ms)")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.profile:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_LANGUAGE="ru")
        client.force_login(User.objects.get(username="load_head"))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get("/services/?view=all")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
