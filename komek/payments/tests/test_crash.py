"""A payroll run killed at any point never pays anyone twice and never loses a payment.

``komek payroll run`` runs as a real process against a file SQLite database seeded with 1,500
assignments (some terminated, some suspended, some with overpayments to deduct) and, when the suite
runs on PostgreSQL, against a PostgreSQL database of its own as well; each month's payrolls are
approved once checked, and now and then amounts are raised retroactively, so later months owe
arrears; after each month a bank returns some payments and accounts are corrected (some at once,
some three months later), so later months pay returned payments again. Instead of killing it after a
delay (which lands anywhere, or nowhere, depending on the machine's load), each run is told through
``KOMEK_FAULT`` to SIGKILL itself at a named fault point (``komek.common.faults.POINTS``): every
point is killed at its first hit (in the month's first payroll) and at a later one (a later
payroll), in a fresh month each, and some re-runs are killed again at another point. After the
final re-run the test checks, straight from the database, that each payable assignment has exactly
one regular line at its amount, nobody else has one, arrears, repayments of returned payments and
deductions of overpayments are exactly what is owed, and every payroll's totals (per budget source
too) match its lines.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from komek.benefits.iban import bank_code_of, make_iban
from komek.common.faults import ENV, POINTS
from komek.payments.tests.crash_owed import Db, check_month

ROOT = Path(__file__).resolve().parents[3]
PAYROLLS = 3  # the seed's three programmes in one department: each point is hit three times a month
ASSIGNMENTS = 1500
RECALCULATE_EVERY = 5  # every fifth month, a quarter of the amounts rise from three months back
RETURN_ONE_IN = 17  # after each month, the bank returns the payments of about one assignment in 17
CORRECT_LATE = 3  # an odd assignment's account is corrected three months after its return
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
    Overpayment(assignment_id=aid, territory=kato, amount=4000 * (1 + n % 80), reason="income_hidden",
                detected_on=dt.date(2019, 12, 1), created_by=user)
    for n, (aid, kato) in enumerate(Assignment.objects.order_by("id").values_list("id", "kato_code")[::5])
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


def _approve(con: Db, month: dt.date) -> None:
    """The month's payrolls approved, so a later recalculation owes arrears on them."""
    con.write(("UPDATE payments_payroll SET status = 'approved' WHERE month = ?", [month.isoformat()]))


def _return_and_correct(con: Db, month: dt.date, n: int, returned: dict[int, list[int]]) -> None:
    """The bank returns this month's payments of some assignments (every line of them, as a return
    file does); the even ones get a corrected account at once, the odd ones ``CORRECT_LATE`` months
    later (until then their payments wait)."""
    m = month.isoformat()
    ids = [
        aid
        for (aid,) in con.execute(
            "SELECT DISTINCT assignment_id FROM payments_paymentline WHERE month = ?", [m]
        )
        if (aid + n) % RETURN_ONE_IN == 0
    ]
    returned[n] = ids
    correct = [aid for aid in ids if aid % 2 == 0] + [
        aid for aid in returned.get(n - CORRECT_LATE, []) if aid % 2
    ]
    accounts = dict(con.execute("SELECT id, iban FROM benefits_assignment"))
    con.write(
        *[
            (
                "UPDATE payments_paymentline SET status = 'returned', return_reason = 'crash test' "
                "WHERE month = ? AND assignment_id = ?",
                [m, aid],
            )
            for aid in ids
        ],
        *[
            (
                "UPDATE benefits_assignment SET iban = ? WHERE id = ?",
                [make_iban(bank_code_of(accounts[aid]), f"{aid:07d}{n:06d}"), aid],
            )
            for aid in correct
        ],
    )


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
            "(assignment_id, territory, valid_from, valid_to, monthly_amount, reason, recalculated) "
            "SELECT assignment_id, territory, ?, NULL, monthly_amount + 500, 'crash test', TRUE "
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
        pytest.param(
            "sqlite",
            marks=pytest.mark.skipif(
                os.environ.get("DATABASE_URL", "").startswith("postgres"),
                reason="the suite's run on SQLite kills the payroll on SQLite; this run on PostgreSQL",
            ),
        ),
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
    returned: dict[int, list[int]] = {}
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
        check_month(db, month, payrolls_per_month=PAYROLLS)
        _approve(db, month)
        _return_and_correct(db, month, n, returned)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    assert kills >= 20
    for kind in ("arrears", "repayment", "recovery"):  # the stages had lines to lose or to double
        months = db.execute("SELECT COUNT(DISTINCT month) FROM payments_paymentline WHERE kind = ?", [kind])
        assert months[0][0] >= len(plan) // RECALCULATE_EVERY, f"too few months with {kind} lines"
    for kind in ("regular", "repayment"):
        duplicates = db.execute(
            "SELECT COUNT(*) FROM (SELECT assignment_id, for_month FROM payments_paymentline "
            "WHERE kind = ? GROUP BY assignment_id, for_month HAVING COUNT(*) > 1) t",
            [kind],
        )[0][0]
        assert duplicates == 0, f"{kind} paid twice"
    waiting = db.execute(
        "SELECT COUNT(*) FROM payments_paymentline l JOIN benefits_assignment a ON a.id = l.assignment_id "
        "WHERE l.status = 'returned' AND l.iban = a.iban"
    )[0][0]
    assert waiting > 0, "no returned payment was left waiting for a corrected account"


pytestmark = pytest.mark.skipif(not Path("/proc").exists(), reason="needs POSIX signals")
