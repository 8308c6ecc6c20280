"""A worker killed in the middle of a payroll's part: another worker finishes it, exactly once.

Real processes on a real broker (RabbitMQ, which gives an unacknowledged message to another
consumer as soon as the connection of the one holding it drops; and Redis for two points, with a
visibility timeout of a few seconds, after which it gives the message again): the month's payroll is queued by
``komek payroll run --background`` and split by region into one part per department; a first
``komek jobs worker`` is started with ``KOMEK_FAULT`` naming a fault point of the payroll, read in
that process only, so it SIGKILLs itself when its first part reaches the point; once its exit code
says so, a second worker without the fault is started and the job's row is polled until it is over
(a bounded failure guard). Then, straight from the database: the job is done, each part done, the
killed part taken over once (attempt 2); the payment lines are exactly those a synchronous run of
the same month writes on the same data (none twice, none lost), each payroll's totals are its
lines' and its preparation is audited once. Every point of ``komek.common.faults.POINTS`` is a case
on RabbitMQ. On the embedded filesystem broker, which gives no message again, two more cases kill
the worker at one point, move the lapse of the lease into the database (the heartbeats set back) and
let the sweep (``komek jobs sweep``, or the next worker's own at its start) send the stuck parts
again, once, before the same assertions.

Each case has a database of its own, copied from one migrated and seeded once for the module (a
file for SQLite; on PostgreSQL, when the suite runs there, a database made from a template), and a
queue of its own on the broker.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from komek.common.faults import ENV, POINTS
from komek.jobs import worker
from komek.jobs.tests.broker import BROKERS, WAIT_SECONDS, _reachable_or_skip
from komek.payments.tests.crash_owed import Db

ROOT = Path(__file__).resolve().parents[3]
MONTH = "2020-03"
SEED = """
from komek.benefits.models import Assignment
from komek.common.models import KatoUnit
from komek.demo.payments import seed_assignments
from komek.registry.models import Person
seed_assignments(count=24, kato_code="351610000")
# A second department (another district of the region): the month's payroll has two parts.
other = (
    KatoUnit.objects.filter(code__startswith="35").exclude(code__startswith="3516")
    .exclude(code__startswith="3500").order_by("code").values_list("code", flat=True).first()
)
moved = list(Assignment.objects.order_by("id").values_list("id", flat=True)[::2])
Assignment.objects.filter(id__in=moved).update(kato_code=other)
Person.objects.filter(id__in=Assignment.objects.filter(id__in=moved).values("person_id")).update(kato_id=other)
print("other", other)
"""
#: What is compared between the killed run and the synchronous one: every line's content.
LINES = (
    "SELECT l.assignment_id, l.kind, l.for_month, l.amount, l.republican, l.regional, l.local, "
    "p.programme, p.territory FROM payments_paymentline l JOIN payments_payroll p ON p.id = l.payroll_id "
    "ORDER BY 1, 2, 3"
)

# One worker of the suite runs every case: they share the module's template database (made once).
pytestmark = [
    pytest.mark.skipif(not Path("/proc").exists(), reason="needs POSIX signals"),
    pytest.mark.xdist_group("worker-kill"),
]


def _env(url: str, var: Path, **more: str) -> dict[str, str]:
    skip = ("DATABASE_URL", "PYTEST_VERSION", "PYTEST_CURRENT_TEST", ENV, "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="komek.settings", KOMEK_VAR_DIR=str(var),
        PYTHONPYCACHEPREFIX=str(var / "pycache"), **more,
    )  # fmt: skip
    return env


#: A guard for the module's setup (migrating a database takes minutes on a loaded machine).
SETUP_SECONDS = 1200


def _komek(env: dict[str, str], *args: str, timeout: int = WAIT_SECONDS) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "komek", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, f"komek {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def _server() -> tuple[str, str] | None:
    """(server URL, base name) when the suite runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import dj_database_url

    cfg = dj_database_url.parse(url)
    auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "")
    # The template's name is the worker's own: should the cases of the module be shared among the
    # suite's workers, two templates made at once must not be one database migrated twice.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = f"postgresql://{auth}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}"
    return server, f"{cfg['NAME']}_kill_{worker}"


def _pg(server: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)  # type: ignore[arg-type]


def _copy(template: str, tmp_path: Path) -> str:
    """A database of the case's own with the template's rows."""
    pg = _server()
    if pg is None:
        path = tmp_path / "case.sqlite3"
        shutil.copyfile(template.removeprefix("sqlite:///"), path)
        return f"sqlite:///{path}"
    server, base = pg
    name = f"{base}_{uuid.uuid4().hex[:8]}"
    _pg(server, f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    return f"{server}/{name}"


def _drop(url: str) -> None:
    pg = _server()
    if pg is not None:
        _pg(pg[0], f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The template database (migrated, two departments' assignments) and the lines a synchronous
    run of the month writes on a copy of it."""
    var = tmp_path_factory.mktemp("kill")
    pg = _server()
    if pg is None:
        template = f"sqlite:///{var / 'template.sqlite3'}"
    else:
        server, base = pg
        _pg(server, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)', f'CREATE DATABASE "{base}"')
        template = f"{server}/{base}"
    env = _env(template, var)
    _komek(env, "migrate", "-v0", timeout=SETUP_SECONDS)
    _komek(env, "shell", "-c", SEED, timeout=SETUP_SECONDS)
    reference = _copy(template, var)
    _komek(_env(reference, var), "payroll", "run", "--month", MONTH, "--skip-checks")
    lines = Db(reference).execute(LINES)
    territories = Db(reference).execute("SELECT COUNT(DISTINCT territory) FROM payments_payroll")[0][0]
    assert territories == 2 and len(lines) > 10, (territories, len(lines))
    yield {"template": template, "lines": lines, "var": var}
    _drop(reference)
    _drop(template)


def _wait_job(db: Db, job_id: int) -> tuple[Any, ...]:
    """The job's row once it is over; fails past ``WAIT_SECONDS`` (a guard, not a measure)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = db.execute("SELECT status, error, done, total, result FROM jobs_job WHERE id = ?", [job_id])[0]
        if row[0] in ("done", "failed", "cancelled"):
            return row
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {row[0]} after {WAIT_SECONDS} s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


#: Redis gives a dead worker's message again only after its visibility timeout (ADR 0049): a short
#: one here, so that the second worker restores the killed part's message within seconds.
REDIS_VISIBILITY = "5"
CASES = [
    *(pytest.param("rabbitmq", point, id=point) for point in POINTS),
    *(
        pytest.param("redis", point, id=f"redis-{point}")
        for point in ("payroll.regular.inserted", "payroll.totals.audited")
    ),
]


@pytest.mark.parametrize(("broker", "point"), CASES)
def test_worker_killed_in_a_part(broker: str, point: str, seeded: dict[str, Any], tmp_path: Path) -> None:
    """A worker SIGKILLed at ``point`` of its part: a second worker finishes the job, exactly once."""
    _reachable_or_skip(worker.make_app(broker_url=BROKERS[broker], broker_transport_options={}), broker)
    url = _copy(seeded["template"], tmp_path)
    queue = f"komek-kill-{uuid.uuid4().hex[:12]}"
    env = _env(
        url, seeded["var"], KOMEK_BROKER_URL=BROKERS[broker], KOMEK_JOBS_QUEUE=queue,
        KOMEK_JOBS_VISIBILITY_SECONDS=REDIS_VISIBILITY,
    )  # fmt: skip
    worker_cmd = [sys.executable, "-m", "komek", "jobs", "worker", "--loglevel", "warning"]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        out = _komek(env, "payroll", "run", "--month", MONTH, "--background")
        job_id = int(out.split()[1])
        log_a = tmp_path / "worker-a.log"
        with log_a.open("wb") as err:
            first = subprocess.Popen(worker_cmd, cwd=ROOT, env={**env, ENV: point}, stderr=err, stdout=err)
            procs.append(first)
            code = first.wait(timeout=WAIT_SECONDS)
        text = log_a.read_text()
        assert code == -signal.SIGKILL, f"{point}: worker exited {code}\n{text}"
        assert f"komek fault: {point}:1\n" in text
        with (tmp_path / "worker-b.log").open("wb") as err:
            procs.append(subprocess.Popen(worker_cmd, cwd=ROOT, env=env, stderr=err, stdout=err))
            status, error, done, total, result = _wait_job(Db(url), job_id)
    finally:
        for proc in procs:
            _stop(proc)
        with worker.make_app(broker_url=BROKERS[broker]).connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
    _assert_exactly_once(Db(url), job_id, seeded, (status, error, done, total, result), tmp_path)
    _drop(url)


def _assert_exactly_once(
    db: Db, job_id: int, seeded: dict[str, Any], row: tuple[Any, ...], tmp_path: Path
) -> None:
    """Job done, both parts done, the killed part taken over once, the lines the synchronous run's,
    each payroll's totals its lines' and its preparation audited once, the job's result theirs."""
    status, error, done, total, result = row
    assert (status, error) == ("done", ""), (tmp_path / "worker-b.log").read_text()
    parts = db.execute(
        "SELECT territory, status, attempt, done, total FROM jobs_part WHERE job_id = ? ORDER BY 1", [job_id]
    )
    assert [p[1] for p in parts] == ["done", "done"]
    assert sorted(p[2] for p in parts) == [1, 2], f"the killed part is taken over once: {parts}"
    assert done == total == sum(p[4] for p in parts) > 0
    assert db.execute(LINES) == seeded["lines"], "lines differ from the synchronous run's"
    for pk, status, count, amount in db.execute(
        "SELECT id, status, line_count, total_amount FROM payments_payroll ORDER BY id"
    ):
        lines = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM payments_paymentline WHERE payroll_id = ?", [pk]
        )
        assert (status, count, amount) == ("prepared", *lines[0])
    audited = db.execute(
        "SELECT object_id, COUNT(*) FROM common_auditlog WHERE object_type = 'payments.payroll' "
        "AND action = 'create' GROUP BY object_id"
    )
    assert audited and {n for _pk, n in audited} == {1}
    merged = json.loads(result) if isinstance(result, str) else result
    assert merged["lines"] == len(seeded["lines"]) and merged["total"] == sum(r[3] for r in seeded["lines"])


#: The lease of the filesystem cases: long enough that nothing lapses while a case runs; the test
#: moves the heartbeats back past it instead of waiting.
LEASE = 600


def _long_ago(url: str) -> Any:
    """Two leases ago, as the database stores a moment (SQLite: Django's UTC text)."""
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2 * LEASE)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if url.startswith("sqlite") else moment


@pytest.mark.parametrize("sweeper", ["command", "worker"])
def test_filesystem_stuck_part_sent_again(sweeper: str, seeded: dict[str, Any], tmp_path: Path) -> None:
    """The embedded filesystem broker gives no message again: a worker SIGKILLed in a part leaves it
    running (and a part it had read in advance queued) with no message. Once the lease has lapsed
    (the heartbeats moved back in the database), the sweep — ``komek jobs sweep``, or the next
    worker's own at its start — sends each again, once per lapse; the next worker finishes the job,
    exactly once."""
    point = "payroll.regular.inserted"
    url = _copy(seeded["template"], tmp_path)
    queue = f"komek-sweep-{uuid.uuid4().hex[:12]}"
    env = _env(url, tmp_path / "var", KOMEK_JOBS_QUEUE=queue, KOMEK_JOBS_LEASE_SECONDS=str(LEASE))
    env.pop("KOMEK_BROKER_URL", None)  # the embedded default: files under the case's var directory
    env["PYTHONPYCACHEPREFIX"] = str(seeded["var"] / "pycache")
    worker_cmd = [sys.executable, "-m", "komek", "jobs", "worker", "--loglevel", "warning"]
    procs: list[subprocess.Popen[bytes]] = []
    db = Db(url)
    try:
        job_id = int(_komek(env, "payroll", "run", "--month", MONTH, "--background").split()[1])
        log_a = tmp_path / "worker-a.log"
        with log_a.open("wb") as err:
            first = subprocess.Popen(worker_cmd, cwd=ROOT, env={**env, ENV: point}, stderr=err, stdout=err)
            procs.append(first)
            code = first.wait(timeout=WAIT_SECONDS)
        assert code == -signal.SIGKILL, f"worker exited {code}\n{log_a.read_text()}"
        stuck = db.execute(
            "SELECT id, status FROM jobs_part WHERE job_id = ? AND status IN ('queued', 'running') "
            "ORDER BY id",
            [job_id],
        )
        assert "running" in {s for _pk, s in stuck}, stuck
        # Within the lease nothing is sent again.
        if sweeper == "command":
            assert _komek(env, "jobs", "sweep").strip() == "0 parts sent again"
        ago = _long_ago(url)
        db.write(
            ("UPDATE jobs_part SET heartbeat_at = ? WHERE job_id = ? AND status = 'running'", [ago, job_id]),
            ("UPDATE jobs_job SET started_at = ? WHERE id = ?", [ago, job_id]),
        )
        if sweeper == "command":
            ids = ", ".join(str(pk) for pk, _s in stuck)
            assert _komek(env, "jobs", "sweep").strip() == f"{len(stuck)} parts sent again: {ids}"
            assert _komek(env, "jobs", "sweep").strip() == "0 parts sent again", "once per lapse"
        with (tmp_path / "worker-b.log").open("wb") as err:
            procs.append(subprocess.Popen(worker_cmd, cwd=ROOT, env=env, stderr=err, stdout=err))
            row = _wait_job(db, job_id)
    finally:
        for proc in procs:
            _stop(proc)
    resent = db.execute("SELECT COUNT(*) FROM jobs_part WHERE job_id = ? AND resent_at IS NOT NULL", [job_id])
    assert resent[0][0] == len(stuck)
    _assert_exactly_once(db, job_id, seeded, row, tmp_path)
    _drop(url)
