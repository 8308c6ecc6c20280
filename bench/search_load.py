"""Search and person-card latency on a large registry, measured with wrk against gunicorn.

    .venv/bin/python bench/search_load.py [--persons 2000000] [--duration 20] [--connections 4]

Fills a PostgreSQL database (``BENCH_DATABASE_URL``, default komek_bench_search) up to
``--persons`` with the synthetic generator (Almaty), starts gunicorn on 127.0.0.1, signs in a
registrar of Almaty, and drives three request mixes with wrk: name-prefix search (Cyrillic and
Latin), IIN-prefix search, and opening person cards (each opening writes its audit row). Prints
p50/p95/p99 and throughput for each. Only loopback traffic; every run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8077
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_search"

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local cookie = "%(cookie)s"
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = cookie, ["Host"] = "127.0.0.1"})
end
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %%.2f, "p95": %%.2f, "p99": %%.2f, "max": %%.2f, "requests": %%d, '
    .. '"seconds": %%.2f, "errors": %%d, "non2xx": %%d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


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
        actor=None,
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


def run_wrk(
    cookie: str, paths: list[str], *, duration: int, connections: int, workdir: Path
) -> dict[str, float]:
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = workdir / "mix.lua"
    script.write_text(LUA % {"paths": paths_file, "cookie": cookie})
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
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
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_ready(f"http://127.0.0.1:{PORT}")
        with tempfile.TemporaryDirectory() as tmp:
            results = {}
            for label, paths in (
                ("search by name prefix", names),
                ("search by IIN prefix", iins),
                ("person card", cards),
            ):
                run_wrk(
                    cookie, paths[:200], duration=3, connections=args.connections, workdir=Path(tmp)
                )  # warm-up
                results[label] = run_wrk(
                    cookie, paths, duration=args.duration, connections=args.connections, workdir=Path(tmp)
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\nwrk, {args.connections} connections, {args.duration} s per mix, gunicorn {args.workers} workers, "
        f"2-core machine (client and server share it)"
    )
    print(f"{'mix':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    for label, r in results.items():
        print(
            f"{label:<24}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['requests'] / r['seconds']:>9.0f}"
            f"{r['errors'] + r['non2xx']:>8}"
        )


if __name__ == "__main__":
    main()
