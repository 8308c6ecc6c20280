"""A payroll run killed at any point never pays anyone twice and never loses a payment.

``komek payroll run`` runs as a real process against a file SQLite database seeded with 1,500
assignments (some terminated, some suspended, some with overpayments to deduct) and, when the suite
runs on PostgreSQL, against a PostgreSQL database of its own as well; each month's payrolls are
approved once checked, and now and then amounts are raised retroactively, so later months owe
arrears. Instead of killing it after a
delay (which lands anywhere, or nowhere, depending on the machine's load), each run is told through
``KOMEK_FAULT`` to SIGKILL itself at a named fault point (``komek.common.faults.POINTS``): every
point is killed at its first hit (in the month's first payroll) and at a later one (a later
payroll), in a fresh month each, and some re-runs are killed again at another point. After the
final re-run the test checks, straight from the database, that each payable assignment has exactly
one regular line at its amount, nobody else has one, arrears and deductions of overpayments are
exactly what is owed, and every payroll's totals (per budget source too) match its lines.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from komek.common.faults import ENV, POINTS

ROOT = Path(__file__).resolve().parents[3]
PAYROLLS = 3  # the seed's three programmes in one department: each point is hit three times a month
ASSIGNMENTS = 1500
RECALCULATE_EVERY = 5  # every fifth month, a quarter of the amounts rise from three months back
SEED = f"""
import datetime as dt
from komek.accounts.models import User
from komek.benefits.models import Assignment
from komek.payments.models import Overpayment
from komek.demo.payments import seed_assignments
seed_assignments(count={ASSIGNMENTS}, end=dt.date(2023, 12, 31))
user = User.objects.create(username="crash_accountant", role="accountant")
# Overpayments of one to about thirty months' payments: deductions end in different months.
Overpayment.objects.bulk_create(
    Overpayment(assignment_id=aid, amount=4000 * (1 + n % 80), reason="income_hidden",
                detected_on=dt.date(2019, 12, 1), created_by=user)
    for n, aid in enumerate(Assignment.objects.order_by("id").values_list("id", flat=True)[::5])
)
"""


def scenarios() -> list[tuple[str, str | None]]:
    """(fault of a month's first run, fault of its re-run or None); every point at least twice.

    A first run is killed at hit 1 (the first payroll) and at hit 2 or 3 (a later payroll) of each
    point. Every other first kill at hit 1 has its re-run killed too, at hit 2 of another point:
    the re-run still meets the two payrolls that did not exist yet, so that hit always comes."""
    out: list[tuple[str, str | None]] = []
    for i, point in enumerate(POINTS):
        again = f"{POINTS[(i + 5) % len(POINTS)]}:2" if i % 2 == 0 else None
        out.append((f"{point}:1", again))
        out.append((f"{point}:{2 + i % 2}", None))
    return out


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
                rows = con.execute(sql.replace("%", "%%").replace("?", "%s"), params).fetchall()
        return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in rows]

    def write(self, *statements: tuple[str, list[Any]]) -> None:
        """Run statements in one transaction (what an accountant or a recalculation would change)."""
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as con:
                for sql, params in statements:
                    con.execute(sql, params)
        else:
            import psycopg

            with psycopg.connect(self.url) as con:
                for sql, params in statements:
                    con.execute(sql.replace("%", "%%").replace("?", "%s"), params)


def _approve(con: Db, month: dt.date) -> None:
    """The month's payrolls approved, so a later recalculation owes arrears on them."""
    con.write(("UPDATE payments_payroll SET status = 'approved' WHERE month = ?", [month.isoformat()]))


def _recalculate(con: Db, month: dt.date) -> None:
    """Every fourth assignment's amount raised by 500 tenge from three months before ``month``."""
    start = (month - dt.timedelta(days=80)).replace(day=1)
    before = (start - dt.timedelta(days=1)).isoformat()
    con.write(
        (
            "UPDATE benefits_assignmentamount SET valid_to = ? "
            "WHERE valid_to IS NULL AND valid_from < ? AND assignment_id % 4 = 0",
            [before, start.isoformat()],
        ),
        (
            "INSERT INTO benefits_assignmentamount "
            "(assignment_id, valid_from, valid_to, monthly_amount, reason, recalculated) "
            "SELECT assignment_id, ?, NULL, monthly_amount + 500, 'crash test', TRUE "
            "FROM benefits_assignmentamount WHERE valid_to = ? AND assignment_id % 4 = 0",
            [start.isoformat(), before],
        ),
    )


def _env(url: str, pycache: Path) -> dict[str, str]:
    skip = ("DATABASE_URL", "PYTEST_VERSION", "PYTEST_CURRENT_TEST", ENV, "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    # Some fifty processes start here: compiled once into a cache of their own, each starts in a second.
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="komek.settings", PYTHONPYCACHEPREFIX=str(pycache))
    return env


def _komek(env: dict[str, str], *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    run_env = dict(env, **({ENV: fault} if fault else {}))
    return subprocess.run(
        [sys.executable, "-m", "komek", *args], cwd=ROOT, env=run_env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def _killed_run(env: dict[str, str], month: str, fault: str) -> None:
    """Run the month with ``fault`` set; it must die by SIGKILL at exactly that point and hit."""
    proc = _komek(env, "payroll", "run", "--month", month, "--skip-checks", fault=fault)
    assert proc.returncode == -signal.SIGKILL, (
        f"{fault} in {month}: exit {proc.returncode}, expected SIGKILL\n{proc.stdout}{proc.stderr}"
    )
    name, _sep, nth = fault.partition(":")
    assert proc.stderr.endswith(f"komek fault: {name}:{nth}\n"), proc.stderr


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


def _expected_arrears(con: Db, month: dt.date) -> dict[tuple[int, str], int]:
    """Per assignment and earlier month: a recalculated amount minus what approved payrolls paid."""
    m = month.isoformat()
    raised: dict[int, list[tuple[str, str | None, int]]] = {}
    for aid, start, stop, amount in con.execute(
        "SELECT assignment_id, valid_from, valid_to, monthly_amount FROM benefits_assignmentamount "
        "WHERE recalculated AND valid_from < ?",
        [m],
    ):
        raised.setdefault(aid, []).append((start, stop, amount))
    paid: dict[tuple[int, str], int] = {}
    regular: set[tuple[int, str]] = set()
    for aid, for_month, kind, amount in con.execute(
        "SELECT l.assignment_id, l.for_month, l.kind, l.amount FROM payments_paymentline l "
        "JOIN payments_payroll p ON p.id = l.payroll_id WHERE p.status = 'approved' "
        "AND l.kind IN ('regular', 'arrears') AND l.status = 'pending' AND l.for_month < ?",
        [m],
    ):
        paid[aid, for_month] = paid.get((aid, for_month), 0) + amount
        if kind == "regular":
            regular.add((aid, for_month))
    out = {}
    for aid, for_month in regular:
        for start, stop, due in raised.get(aid, []):
            if start <= for_month and (stop is None or for_month <= stop) and due > paid[aid, for_month]:
                out[aid, for_month] = due - paid[aid, for_month]
    return out


def _expected_recovery(con: Db, month: dt.date, paid: dict[int, int]) -> dict[int, int]:
    """Deductions due this month: what is still outstanding of each overpayment, at most the payment."""
    m = month.isoformat()
    owed: dict[int, int] = {}
    for aid, amount in con.execute("SELECT assignment_id, amount FROM payments_overpayment"):
        owed[aid] = owed.get(aid, 0) + amount
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline WHERE kind = 'recovery' AND month < ?", [m]
    ):
        owed[aid] += amount  # recovery lines are negative
    return {
        aid: -min(outstanding, paid[aid])
        for aid, outstanding in owed.items()
        if outstanding > 0 and paid.get(aid, 0) > 0
    }


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
    arrears: dict[tuple[int, str], int] = {}
    for aid, for_month, amount in con.execute(
        "SELECT assignment_id, for_month, amount FROM payments_paymentline "
        "WHERE kind = 'arrears' AND month = ?",
        [m],
    ):
        assert (aid, for_month) not in arrears, (
            f"arrears of assignment {aid} for {for_month} paid twice in {m}"
        )
        arrears[aid, for_month] = amount
    assert arrears == _expected_arrears(con, month), f"wrong arrears in {m}"
    payable = dict(paid)
    for (aid, _for_month), amount in arrears.items():
        payable[aid] = payable.get(aid, 0) + amount
    recovered: dict[int, int] = {}
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline WHERE kind = 'recovery' AND month = ?", [m]
    ):
        assert aid not in recovered, f"overpayment of assignment {aid} deducted twice in {m}"
        recovered[aid] = amount
    assert recovered == _expected_recovery(con, month, payable), f"wrong deductions in {m}"
    payrolls = con.execute(
        "SELECT id, status, line_count, total_amount, total_republican, total_regional, total_local "
        "FROM payments_payroll WHERE month = ?",
        [m],
    )
    assert len(payrolls) == PAYROLLS
    for pid, status, *totals in payrolls:
        actual = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(republican), 0), "
            "COALESCE(SUM(regional), 0), COALESCE(SUM(local), 0) "
            "FROM payments_paymentline WHERE payroll_id = ?",
            [pid],
        )[0]
        assert (status, *totals) == ("prepared", *actual)


def _database(backend: str, tmp_path: Path) -> str:
    """A database of this test's own: a file for SQLite, one per xdist worker on PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{cfg['NAME']}_crash_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "")
    server = f"postgresql://{auth}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


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
def test_kill_at_every_fault_point(backend: str, tmp_path: Path) -> None:
    """A run SIGKILLed at every fault point (first and later hits, re-runs too) ends exactly right."""
    url = _database(backend, tmp_path)
    db = Db(url)
    env = _env(url, tmp_path / "pycache")
    for args in (("migrate", "-v0"), ("shell", "-c", SEED)):
        done = _komek(env, *args)
        assert done.returncode == 0, done.stderr
    plan = scenarios()
    assert {fault.partition(":")[0] for fault, _again in plan} == set(POINTS)
    kills = 0
    month = dt.date(2020, 1, 1)
    for n, (fault, again) in enumerate(plan, 1):  # a fresh month each: every point is still ahead
        text = f"{month:%Y-%m}"
        if n % RECALCULATE_EVERY == 0:
            _recalculate(db, month)
        _killed_run(env, text, fault)
        kills += 1
        if again:
            _killed_run(env, text, again)
            kills += 1
        done = _komek(env, "payroll", "run", "--month", text, "--skip-checks")
        assert done.returncode == 0, f"re-run of {text} after {fault}, {again}: {done.stderr}"
        _check_month(db, month)
        _approve(db, month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    assert kills >= 20
    for kind in ("arrears", "recovery"):  # the stages had lines to lose or to double
        months = db.execute("SELECT COUNT(DISTINCT month) FROM payments_paymentline WHERE kind = ?", [kind])
        assert months[0][0] >= len(plan) // RECALCULATE_EVERY, f"too few months with {kind} lines"
    duplicates = db.execute(
        "SELECT COUNT(*) FROM (SELECT assignment_id, for_month FROM payments_paymentline "
        "WHERE kind = 'regular' GROUP BY assignment_id, for_month HAVING COUNT(*) > 1) t"
    )[0][0]
    assert duplicates == 0


pytestmark = pytest.mark.skipif(not Path("/proc").exists(), reason="needs POSIX signals")
