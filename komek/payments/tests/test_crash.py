"""A payroll run killed at random points never pays anyone twice and never loses a payment.

``komek payroll run`` runs as a real process against a file SQLite database seeded with 6,000
assignments (some terminated, some suspended) and, when the suite runs on PostgreSQL, against a
PostgreSQL database of its own as well; it is SIGKILLed after a random delay (sometimes its
re-run is killed too), then re-run to the end. After every month the test checks, straight from the
database file, that each payable assignment has exactly one regular line at its amount, nobody
else has one, and every payroll's totals match its lines.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
KILLS = 20
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "komek_payments_crash"


class Db:
    """Plain DB-API reads of the database the processes write (dates as ISO strings)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as con:
                rows = con.execute(sql, params).fetchall()
        else:
            import psycopg

            with psycopg.connect(self.url) as con:
                rows = con.execute(sql.replace("?", "%s"), params).fetchall()
        return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in rows]


def _env(url: str) -> dict[str, str]:
    skip = ("DATABASE_URL", "PYTEST_VERSION", "PYTEST_CURRENT_TEST")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(DATABASE_URL=url, KOMEK_PAYROLL_STAGE_PAUSE="0.08", DJANGO_SETTINGS_MODULE="komek.settings")
    return env


def _komek(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "komek", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        timeout=300,
    )  # fmt: skip


def _killed_run(env: dict[str, str], month: str, delay: float) -> bool:
    """Start a run, SIGKILL it after ``delay`` seconds; True when it was killed before finishing."""
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "komek", "payroll", "run", "--month", month],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def _expected(con: Db, month: dt.date) -> dict[int, int]:
    """Payable assignments and amounts, computed here in Python from the rows themselves."""
    m = month.isoformat()
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    e = end.isoformat()
    suspended = {
        aid
        for aid, start, stop in con.execute(
            "SELECT assignment_id, date_from, date_to FROM benefits_suspension"
        )
        if start <= e and (stop is None or stop >= m)
    }
    amounts = {
        aid: amount
        for aid, start, stop, amount in con.execute(
            "SELECT assignment_id, valid_from, valid_to, monthly_amount FROM benefits_assignmentamount"
        )
        if start <= m and (stop is None or stop >= m)
    }
    out = {}
    for aid, start, stop, terminated in con.execute(
        "SELECT id, period_start, period_end, terminated_on FROM benefits_assignment"
    ):
        if start <= e and stop >= m and (terminated is None or terminated > m) and aid not in suspended:
            out[aid] = amounts[aid]
    return out


def _check_month(con: Db, month: dt.date) -> None:
    m = month.isoformat()
    paid: dict[int, int] = {}
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline WHERE kind = 'regular' AND for_month = ?", [m]
    ):
        assert aid not in paid, f"assignment {aid} paid twice for {m}"
        paid[aid] = amount
    expected = _expected(con, month)
    assert set(expected) - set(paid) == set(), f"missing payments in {m}"
    assert set(paid) - set(expected) == set(), f"payments nobody is owed in {m}"
    assert paid == expected
    payrolls = con.execute(
        "SELECT id, status, line_count, total_amount FROM payments_payroll WHERE month = ?", [m]
    )
    assert len(payrolls) == 3
    for pid, status, count, total in payrolls:
        actual = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM payments_paymentline WHERE payroll_id = ?", [pid]
        )[0]
        assert (status, count, total) == ("prepared", *actual)


def _database(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_NAME


@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                reason="the suite runs on SQLite; PostgreSQL with DATABASE_URL",
            ),
        ),
    ],
)
def test_kill_at_random_points(backend: str, tmp_path: Path) -> None:
    """20+ runs SIGKILLed at random moments; after each re-run the month is exactly right."""
    url = _database(backend, tmp_path)
    db = Db(url)
    env = _env(url)
    _komek(env, "migrate", "-v0")
    _komek(
        env, "shell", "-c", "from komek.demo.payments import seed_assignments; seed_assignments(count=6000)"
    )
    rng = random.Random(int(os.environ.get("KOMEK_CRASH_SEED") or time.time()))
    # Calibrate on this machine now: a run of a month with nothing payable is the process's start-up;
    # the kills land between most of it and a second and a half after (the stages of the month).
    started = time.perf_counter()
    _komek(env, "payroll", "run", "--month", "2019-06")
    startup = time.perf_counter() - started
    target = KILLS if backend == "sqlite" else KILLS // 2  # PostgreSQL: the same test, half as long
    killed = 0
    where: dict[str, int] = {}  # the state the kills left the month's payrolls in
    month = dt.date(2020, 1, 1)
    while killed < target and month.year < 2022:  # the seeded assignments run to December 2021
        text = f"{month:%Y-%m}"
        for attempt in range(2):
            if attempt and rng.random() >= 0.3:
                break
            if _killed_run(env, text, rng.uniform(0.9 * startup, startup + 1.5)):
                killed += 1
                states = db.execute(
                    "SELECT status, stage FROM payments_payroll WHERE month = ? ORDER BY id",
                    [month.isoformat()],
                )
                key = "/".join(f"{status}:{stage or '-'}" for status, stage in states) or "before any payroll"
                where[key] = where.get(key, 0) + 1
        _komek(env, "payroll", "run", "--month", text)
        _check_month(db, month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    print(f"\n{killed} kills; payroll states left behind:")  # noqa: T201 (shown with -s)
    for key, n in sorted(where.items(), key=lambda kv: -kv[1]):
        print(f"  {n:3d}  {key}")  # noqa: T201
    assert killed >= target, f"only {killed} runs were killed before they finished"
    duplicates = db.execute(
        "SELECT COUNT(*) FROM (SELECT assignment_id, for_month FROM payments_paymentline "
        "WHERE kind = 'regular' GROUP BY assignment_id, for_month HAVING COUNT(*) > 1) t"
    )[0][0]
    assert duplicates == 0


pytestmark = pytest.mark.skipif(not Path("/proc").exists(), reason="needs POSIX signals")
