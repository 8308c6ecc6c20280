"""Search and person-card latency on a large registry, measured under load against gunicorn.

    .venv/bin/python bench/search_load.py [--persons 2000000] [--duration 20] [--connections 4]

Fills a PostgreSQL database (``BENCH_DATABASE_URL``, default komek_bench_search) up to
``--persons`` with the synthetic generator (Almaty), starts gunicorn on 127.0.0.1, signs in a
registrar of Almaty, and drives three request mixes with a closed-loop keep-alive load client:
name-prefix search (Cyrillic and Latin), IIN-prefix search, and opening person cards (each opening
writes its audit row). Prints p50/p95/p99 and throughput for each. Only loopback traffic; every run
is bounded in time.

Why not wrk: against gunicorn, wrk's reconnections met SYN retransmissions on loopback (tails of
exactly 1, 3 and 7 s while gunicorn's own request times stayed under 50 ms at p99), so it measured
the kernel's retry timer rather than Komek. The client here keeps connections alive and reconnects
only when the server closes one.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8077
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_search"


def komek(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/komek"), *args], env=env, check=True, cwd=ROOT)


def ensure_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(env: dict[str, str], persons: int) -> tuple[str, list[str], list[str], list[str]]:
    """Fill the registry, create the bench user and its session; sample request paths."""
    django_setup(env)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from komek.accounts.models import User
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.registry.models import Person

    have = Person.objects.count()
    if have < persons:
        print(f"registry has {have:,} persons; generating {persons - have:,} more (Almaty)...", flush=True)
        started = time.perf_counter()
        komek(
            env,
            "demo-data",
            "--persons",
            str(persons - have),
            "--region",
            "750000000",
            "--seed",
            str(have + 1),
        )
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    user = User.objects.filter(username="bench_registrar").first() or user_create(
        actor=system("bench"),
        username="bench_registrar",
        password="bench-password-2026",
        role="registrar",
        units=["750000000"],
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    rng = random.Random(7)
    total = Person.objects.count()
    ids = sorted(
        rng.sample(
            range(1, Person.objects.order_by("-id").values_list("id", flat=True).first() + 1),
            k=min(5000, total),
        )
    )
    sample = list(Person.objects.filter(id__in=ids).values_list("id", "iin", "surname", "search_key"))
    names, iins, cards = [], [], []
    for pk, iin, surname, key in sample:
        # Staff type 3 to 6 letters, in Cyrillic as written or in Latin from a passport.
        cut = rng.randint(3, 6)
        text = surname[:cut] if rng.random() < 0.7 else key[:cut]
        names.append("/persons/?q=" + urllib.parse.quote(text))
        iins.append("/persons/?q=" + iin[: rng.randint(6, 12)])
        cards.append(f"/persons/{pk}/")
    print(f"registry: {total:,} persons; sampled {len(sample):,} request paths per mix", flush=True)
    return cookie, names, iins, cards


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:  # noqa: S310 (loopback only)
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def run_load(cookie: str, paths: list[str], *, duration: int, connections: int) -> dict[str, float]:
    """Closed-loop load: ``connections`` keep-alive clients, each sending the next request as soon as
    the previous answer arrives, for ``duration`` seconds. Latency is measured per request."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        end = time.monotonic() + duration
        while time.monotonic() < end:
            started = time.perf_counter()
            try:
                conn.request("GET", rng.choice(paths), headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                reconnect = (response.getheader("Connection") or "").lower() == "close"
            except OSError:
                ok, reconnect = False, True
            elapsed = time.perf_counter() - started
            if reconnect:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()
    n = len(latencies)

    def pct(p: float) -> float:
        return latencies[min(n - 1, int(n * p / 100))] * 1000

    return {"p50": pct(50), "p95": pct(95), "p99": pct(99), "max": latencies[-1] * 1000, "requests": n,
            "seconds": seconds, "errors": errors[0], "non2xx": 0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "komek.settings",
        "KOMEK_ENV": "production",
        "KOMEK_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "KOMEK_ALLOWED_HOSTS": "127.0.0.1",
        "KOMEK_LOG_LEVEL": "WARNING",
    }
    komek(env, "migrate", "-v0")
    komek(env, "load-reference")
    komek(env, "collectstatic", "--noinput", "-v0")
    cookie, names, iins, cards = prepare(env, args.persons)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "komek.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--threads",
            "2",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_ready(f"http://127.0.0.1:{PORT}")
        results = {}
        for label, paths in (
            ("search by name prefix", names),
            ("search by IIN prefix", iins),
            ("person card", cards),
        ):
            run_load(cookie, paths[:500], duration=3, connections=args.connections)  # warm every thread
            results[label] = run_load(cookie, paths, duration=args.duration, connections=args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{args.connections} keep-alive connections, {args.duration} s per mix, "
        f"gunicorn {args.workers} workers x 2 threads, 2-core machine (client and server share it)"
    )
    print(f"{'mix':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    for label, r in results.items():
        print(
            f"{label:<24}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['requests'] / r['seconds']:>9.0f}"
            f"{r['errors'] + r['non2xx']:>8}"
        )


if __name__ == "__main__":
    main()
