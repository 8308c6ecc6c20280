"""50 concurrent staff sessions over the main pages, against gunicorn on an Almaty-scale database.

    .venv/bin/python bench/load_staff.py [--persons 1000000] [--cases 50000] [--reuse]
                                          [--sessions 50] [--duration 300] [--think 3.0]

Builds the PostgreSQL database ``BENCH_DATABASE_URL`` (default komek_bench_load) anew — the demo
(Balkhash town with every context: employment centre, payrolls...) plus ``--persons`` Almaty persons
in families with incomes (``demo-data``, the bulk generator of ``komek.demo.population``), Almaty
staff and ``--cases`` applications (``komek.demo.applications.seed_cases``) — or, with ``--reuse``,
takes it as it is. Then starts gunicorn as in production (``KOMEK_ENV=production`` behind a proxy
that says https; the demo's 3 workers x 2 threads) and drives ``--sessions`` signed-in staff
sessions of five kinds (Almaty registrar, caseworker and department head; Balkhash employment
counsellor and accountant) for ``--duration`` seconds. Each session opens a page of its kind, reads
the whole answer, waits a think time (uniform 0.5 x to 1.5 x ``--think`` seconds, seeded) and opens
the next, on its own keep-alive connection.

Prints per page kind: requests, errors (any answer but 200), p50, p95, p99 and the budget (lists
p95 <= 200 ms, cards p95 <= 150 ms) with pass or fail. Exits 1 if a budget fails or any error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import threading
import time
import urllib.request

import _load_data as data  # bench/ is the scripts' own folder
from _support import recreate_database

PORT = 8078
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_load"
CARDS = {"person_card", "family_card", "case_page"}
BUDGET_MS = {"card": 150, "list": 200}


def budget(kind: str) -> int:
    return BUDGET_MS["card" if kind in CARDS else "list"]


def wait_ready(base: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:  # noqa: S310 (loopback only)
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(seconds * 1000)
            if error:
                self.errors.setdefault(kind, []).append(error)


def session(
    cookie: str, pages: dict[str, int], paths: dict[str, list[str]], *, seed: int, until: float,
    think: float, results: Results | None,
) -> None:  # fmt: skip
    """One staff member: page after page on a keep-alive connection, a think time between them."""
    rng = random.Random(seed)  # noqa: S311 (load mix, not secrets)
    kinds = [k for k in pages if paths.get(k)]
    weights = [pages[k] for k in kinds]
    headers = {"Cookie": cookie, "Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "ru"}
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    time.sleep(rng.uniform(0, think))  # the sessions do not all start in the same instant
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(paths[kind])
        for attempt in (1, 2):  # a browser sends again once when the server closed an idle connection
            started = time.perf_counter()
            error = None
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    error = f"{response.status} {path}"
                reconnect = (response.getheader("Connection") or "").lower() == "close"
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                error, reconnect = f"{type(exc).__name__} {path}", True
                if attempt == 1:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                    continue
            except OSError as exc:
                error, reconnect = f"{type(exc).__name__} {path}", True
            break
        elapsed = time.perf_counter() - started
        if results is not None:
            results.add(kind, elapsed, error)
        if reconnect:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    conn.close()


def drive(paths: dict[str, list[str]], *, duration: float, think: float, measure: bool) -> Results:
    results = Results()
    until = time.monotonic() + duration
    threads = []
    n = 0
    for profile in data.PROFILES:
        for cookie in profile.cookies:
            n += 1
            args = (cookie, profile.pages, paths)
            kwargs = {"seed": n, "until": until, "think": think, "results": results if measure else None}
            threads.append(threading.Thread(target=session, args=args, kwargs=kwargs, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def report(results: Results) -> bool:
    ok = True
    print(
        f"\n{'page kind':<18}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        "  budget (p95)"
    )
    for kind in sorted(results.latency, key=lambda k: (k in CARDS, k)):
        values, errors = results.latency[kind], results.errors.get(kind, [])
        p95 = pct(values, 95)
        passed = p95 <= budget(kind) and not errors
        ok &= passed
        print(
            f"{kind:<18}{len(values):>9}{len(errors):>8}{pct(values, 50):>9.0f}{p95:>9.0f}"
            f"{pct(values, 99):>9.0f}"
            f"  {budget(kind)} ms {'pass' if passed else 'FAIL'}"
        )
    for kind, errors in results.errors.items():
        print(f"errors of {kind} (first 5): {errors[:5]}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000, help="Almaty persons to generate")
    parser.add_argument("--cases", type=int, default=50_000, help="Almaty applications to seed")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between a session's pages")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    # The sessions are made in-process and read by the server: one secret key signs them.
    base_env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "komek.settings",
        "KOMEK_LOG_LEVEL": "WARNING",
        "KOMEK_SECRET_KEY": "load-bench-only-secret-key-not-for-production-0123456789abcd",
    }  # fmt: skip
    for name in ("KOMEK_ENV", "KOMEK_DEBUG", "KOMEK_DEMO"):
        base_env.pop(name, None)
    build_env = {**base_env, "KOMEK_DEMO": "1"}
    if not args.reuse:
        recreate_database(url)
        data.build(build_env, persons=args.persons, cases=args.cases)
    else:
        data.django_setup(build_env)
    scale = data.scale()
    per_profile = [args.sessions // len(data.PROFILES) + (i < args.sessions % len(data.PROFILES))
                   for i in range(len(data.PROFILES))]  # fmt: skip
    data.sessions(per_profile)
    paths = data.paths(random.Random(2026))
    server_env = {
        **base_env,
        "KOMEK_ENV": "production",
        "KOMEK_PORTAL_SECRET": "load-bench-only-portal-secret-0123456789abcdef",
        "KOMEK_ALLOWED_HOSTS": "127.0.0.1",
        "KOMEK_BEHIND_PROXY": "1",
    }
    data.komek(server_env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [str(data.ROOT / ".venv/bin/gunicorn"), "komek.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--threads", "2", "--worker-class", "gthread",
         "--log-level", "warning"],
        env=server_env, cwd=data.ROOT,
    )  # fmt: skip
    try:
        wait_ready(f"http://127.0.0.1:{PORT}")
        print("warming up (20 s, not measured)...", flush=True)
        drive(paths, duration=20, think=args.think, measure=False)
        print(f"measuring {args.duration} s...", flush=True)
        started = time.monotonic()
        results = drive(paths, duration=args.duration, think=args.think, measure=True)
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    total = sum(len(v) for v in results.latency.values())
    print(
        f"\nscale: {scale['persons']:,} persons, {scale['families']:,} families, "
        f"{scale['applications']:,} applications (PostgreSQL)"
    )
    print(
        f"{args.sessions} sessions "
        f"({', '.join(f'{n} {p.name}' for n, p in zip(per_profile, data.PROFILES, strict=True))}), "
        f"think time {args.think:.1f} s mean, {seconds:.0f} s, {total:,} requests ({total / seconds:.1f}/s); "
        f"gunicorn {args.workers} workers x 2 threads; client and server share the 2-core machine"
    )
    ok = report(results)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
