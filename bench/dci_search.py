"""p95 latency of the DCI sync search by IIN (``POST /dci/registry/sync/search``).

    # against a running server (``make demo``, then ``komek dci client add bench --territory 351600000``):
    .venv/bin/python bench/dci_search.py --url http://127.0.0.1:8000 --token TOKEN --sender bench \\
        --iin 850314300123 [--iin ...] [--requests 300]

    # without a server: the Django test client on a throw-away SQLite database of its own
    .venv/bin/python bench/dci_search.py [--persons 2000] [--requests 300]

Each request is one message with one search by IIN (the IINs taken in turn); the answer must be
200 with the request's status ``succ``. Prints p50, p95, p99 and the mean in milliseconds. Without
``--url`` it builds its own registry (the demo generator, Balkhash) in a temporary var directory,
so nothing touches ``var/`` or a database in use.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWN = "351600000"


def message(iin: str, sender: str) -> bytes:
    now = datetime.now(UTC).isoformat()
    return json.dumps(
        {
            "header": {
                "version": "1.0.0",
                "message_id": uuid.uuid4().hex,
                "message_ts": now,
                "action": "search",
                "sender_id": sender,
                "total_count": 1,
            },
            "message": {
                "transaction_id": uuid.uuid4().hex,
                "search_request": [
                    {
                        "reference_id": "1",
                        "timestamp": now,
                        "search_criteria": {
                            "query_type": "idtype-value",
                            "query": {"type": "IIN", "value": iin},
                            "pagination": {"page_size": 10, "page_number": 1},
                        },
                    }
                ],
            },
        }
    ).encode()


def check(status: int, body: bytes) -> None:
    if status != 200:  # noqa: PLR2004
        raise SystemExit(f"unexpected answer {status}: {body[:300]!r}")
    answer = json.loads(body)
    if status != 200 or answer["message"]["search_response"][0]["status"] != "succ":  # noqa: PLR2004
        raise SystemExit(f"unexpected answer {status}: {body[:300]!r}")


def over_http(url: str, token: str, sender: str) -> Callable[[str], None]:
    def post(iin: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the bench's own server
            url.rstrip("/") + "/dci/registry/sync/search",
            data=message(iin, sender),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            check(response.status, response.read())

    return post


def in_process(persons: int) -> tuple[Callable[[str], None], list[str]]:
    """A registry of its own in a temporary var directory, and the Django test client."""
    os.environ["KOMEK_VAR_DIR"] = tempfile.mkdtemp(prefix="komek-bench-dci-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ["KOMEK_DEMO"] = "1"
    os.environ["KOMEK_DCI_DELIVER_ON_COMMIT"] = "0"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from komek.accounts.policy import system
    from komek.dci.services.clients import client_add
    from komek.registry.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("demo_data", persons=persons, region=TOWN, seed=7, verbosity=0)
    client, token = client_add(actor=system("bench"), name="bench", territory=TOWN)
    iins = list(Person.objects.filter(kato__code__startswith="3516").values_list("iin", flat=True)[:500])
    http = Client(SERVER_NAME="127.0.0.1")

    def post(iin: str) -> None:
        response = http.post(
            "/dci/registry/sync/search",
            data=message(iin, "bench"),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        check(response.status_code, response.content)

    return post, iins


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", help="the client's bearer token (with --url)")
    parser.add_argument("--sender", default="bench", help="the client's name, its sender_id (with --url)")
    parser.add_argument(
        "--iin", action="append", default=[], help="an IIN of the client's territory (with --url)"
    )
    parser.add_argument(
        "--persons", type=int, default=2000, help="persons of the registry built without --url"
    )
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if args.url:
        if not args.token or not args.iin:
            parser.error("--url needs --token and at least one --iin")
        post, iins = over_http(args.url, args.token, args.sender), args.iin
    else:
        post, iins = in_process(args.persons)
    for iin in iins[:5]:  # warm up
        post(iin)
    times = []
    for n in range(args.requests):
        start = time.perf_counter()
        post(iins[n % len(iins)])
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=100)
    print(
        f"DCI sync search by IIN, {args.requests} requests: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
        f"p99 {cuts[98]:.1f} ms, mean {statistics.fmean(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
