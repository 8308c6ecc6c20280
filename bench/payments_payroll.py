"""Time a month's payroll for a million active assignments, and its pain.001 registries.

    .venv/bin/python bench/payments_payroll.py [--assignments 1000000] [--keep] [--payroll-only]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_payments) and migrates it; seeds
``--assignments`` recipients, assignments (four banks, valid IBANs computed in SQL) and their
amounts with ``INSERT ... SELECT generate_series`` (no row goes through Python); then times
``payroll_run`` for February 2020 (target: 30 s) on the empty lines' table (the first payroll of
an installation), and PostgreSQL's floor for its lines: the same rows written again by one plain
``INSERT ... SELECT`` into an empty table with the same indexes (``category_floor.floor_write``;
target: the run within 1.5 times it); a re-run of the same month (a no-op), the approval, the
pain.001 files of all banks streamed to disk (target: 20 s), and validation against the XSD: of a
1,000-payment sample and of the whole files (while parsing, constant memory). ``--payroll-only``
stops after the re-run. The run and the floors are also measured by the CPU seconds of the database
server's process (``server_cpu``), which a busy machine does not stretch as it does the clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _support import recreate_database, timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_payments"
MONTH = dt.date(2020, 2, 1)

# Four banks by IBAN code; the IBAN check digits are computed in SQL (mod 97 of the rearranged
# number: bank code, account, "KZ" as 20 35, then 00).
SEED = """
INSERT INTO registry_person (iin, surname, name, patronymic, birth_date, sex, citizenship, kato_code,
                             street, phone, email, search_key, created_at, updated_at)
SELECT lpad(g::text, 12, '0'), 'Бенчмарков', 'Получатель' || g, '', DATE '1970-01-01' + (g % 15000),
       CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END, 'citizen', '351610000', '', '', '',
       'benchmarkov poluchatel' || g, now(), now()
FROM generate_series(1, %(n)s) AS g;

INSERT INTO benefits_assignment (programme, family_id, person_id, person_territory, recipient_id,
       recipient_territory, kato_code, kind, status,
       monthly_amount, amount_mci, amount_limit, period_start, period_end, budget_source,
       share_republican, share_regional, share_local, bank_id, iban,
       basis, application_id, social_contract_ref, previous_id, terminated_on, termination_reason,
       created_by_id, created_at, periodicity, amount_parameter)
SELECT 'tsa', NULL, p.id, p.kato_code, p.id, p.kato_code, p.kato_code, 'tsa_unconditional', 'active',
       20000 + (p.id % 100) * 100,
       NULL, NULL, DATE '2020-01-01', DATE '2020-03-31', %(source)s, b.bic,
       'KZ' || lpad((98 - ((b.code || lpad(p.id::text, 13, '0') || '203500')::numeric % 97))::text, 2, '0')
            || b.code || lpad(p.id::text, 13, '0'),
       'bench', NULL, '', NULL, NULL, '', NULL, now(), 'month', ''
FROM registry_person p
JOIN (VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), (3, 'IRTYKZKA', '965'))
     AS b(k, bic, code) ON b.k = p.id % 4;

INSERT INTO benefits_assignmentamount
       (assignment_id, territory, valid_from, valid_to, monthly_amount, reason, recalculated)
SELECT id, kato_code, period_start, NULL, monthly_amount, 'bench', false FROM benefits_assignment;

ANALYZE;
"""


def server_cpu(connection: Any) -> float:
    """The CPU seconds (user and system) the connection's server process has used so far, from
    ``/proc`` (the server runs on this machine): on a busy machine a measure that other processes'
    load does not stretch, unlike the wall clock; ``nan`` where it cannot be read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def floor_with_keys(connection: Any, last: int) -> float:
    """The floor's rows written again into an empty table with the same indexes and the lines'
    foreign keys too (to the payroll, the bank, and the assignment at its address): what
    PostgreSQL alone needs for the rows with every check the payroll's insert makes; in a
    transaction rolled back. The key to the assignment is made partition to partition (ADR 0072):
    when the rows lie in one region's partition the copy takes that partition's key, to the
    assignments of the region, as the run checks it; else one key to all the assignments."""
    from django.db import transaction

    from komek.common.partitions import PAIRED_KEYS

    columns, referred, referred_columns, _key = PAIRED_KEYS["payments_paymentline"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE floor_keyed (LIKE payments_paymentline INCLUDING ALL)")
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM payments_paymentline WHERE id > %s", [last]
        )
        partitions = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 "
            "AND conrelid = ANY(%s::regclass[])",
            [["payments_paymentline", *partitions] if len(partitions) == 1 else ["payments_paymentline"]],
        )
        definitions = [definition for (definition,) in cursor.fetchall()]
        if len(partitions) != 1:
            definitions.append(f"FOREIGN KEY ({columns}) REFERENCES {referred} ({referred_columns})")
        for definition in definitions:
            cursor.execute(f"ALTER TABLE floor_keyed ADD {definition}")
        started = time.perf_counter()
        cursor.execute("INSERT INTO floor_keyed SELECT * FROM payments_paymentline WHERE id > %s", [last])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred ones checked now, inside the time
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the XML files (the path is printed)")
    parser.add_argument("--payroll-only", action="store_true", help="no approval, files nor validation")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from _workers import load
    from category_floor import floor_write
    from django.core.management import call_command
    from django.db import connection

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.services import budget_shares
    from komek.common.kato import kato_load
    from komek.legislation.loader import shipped_engine
    from komek.payments import registries as export
    from komek.payments.services import payroll_approve, payroll_run
    from komek.rules.schedule import version_on

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()

    # Balkhash's TSA as its legislation co-finances it: every line is split into its parts.
    shares = budget_shares(version_on(shipped_engine(), "tsa", dt.date(2020, 1, 1), "351610000"), "351610000")
    source = f"'{shares.principal}', {shares.republican}, {shares.regional}, {shares.local}"

    def seed() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SEED.replace("%(n)s", str(int(args.assignments))).replace("%(source)s", source))

    timed(f"seed {args.assignments:,} recipients, assignments and amounts (generate_series)", seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM payments_paymentline")
        last_line = int(cursor.fetchone()[0])
    print(load(), flush=True)
    stages: list[str] = []
    clock = [time.perf_counter()]

    def on_chunk(_done: int, _total: int, words: str) -> None:  # each stage's seconds, committed
        now = time.perf_counter()
        stages.append(f"{words} {now - clock[0]:.1f} s")
        clock[0] = now

    cpu = [server_cpu(connection)]

    def cpu_since() -> float:
        now = server_cpu(connection)
        spent, cpu[0] = now - cpu[0], now
        return spent

    payrolls, run_seconds = timed(
        f"payroll run {MONTH:%Y-%m}", payroll_run, actor=system("payroll-run"), month=MONTH, on_chunk=on_chunk
    )
    run_cpu = cpu_since()
    print("  stages: " + ", ".join(stages))
    payroll = payrolls[0]
    print(f"  {payroll.line_count:,} payment lines, {payroll.total_amount:,} tenge (target: 30 s)")
    print(f"  by source: republican {payroll.total_republican:,}, local {payroll.total_local:,} tenge")
    cpu_since()
    written, floor_seconds = floor_write({"payments_paymentline": last_line})
    floor_cpu = cpu_since()
    ratio = run_seconds / floor_seconds
    print(
        f"floor: the same {written.get('payments_paymentline', 0):,} lines by one INSERT ... SELECT into an "
        f"empty table with the same indexes: {floor_seconds:.1f} s; the run took {ratio:.2f} times it "
        f"(target: 1.5); {load()}",
        flush=True,
    )
    keyed = floor_with_keys(connection, last_line)
    keyed_cpu = cpu_since()
    print(f"  the same with the lines' foreign keys too (each checked per row): {keyed:.1f} s", flush=True)
    print(
        f"  the database server's CPU: the run {run_cpu:.1f} s, the floor {floor_cpu:.1f} s "
        f"({run_cpu / max(floor_cpu, 0.01):.2f} times), with the keys {keyed_cpu:.1f} s",
        flush=True,
    )
    timed("payroll run again (nothing to add)", payroll_run, actor=system("payroll-run"), month=MONTH)
    if args.payroll_only:
        print(f"summary: payroll {run_seconds:.1f} s (target 30), {ratio:.2f} times the floor (target 1.5)")
        return
    head = user_create(
        actor=system("bench"), username="bench_head", password="Bench-head-pass-41",
        role=Role.DEPARTMENT_HEAD,
        units=("351600000",),
    )  # fmt: skip
    payroll_approve(actor=head, payroll_id=payroll.pk)

    workdir = Path(tempfile.mkdtemp(prefix="komek-bench-pain-"))

    def write_all() -> list[Path]:
        paths = []
        for bic in export.banks_of(payroll):
            path = workdir / export.file_name(payroll, bic, "pain001")
            with path.open("w", encoding="utf-8") as handle:
                for chunk in export.pain001_chunks(payroll, bic):
                    handle.write(chunk)
            paths.append(path)
        return paths

    paths, xml_seconds = timed("pain.001 files of all banks, streamed", write_all)
    size = sum(p.stat().st_size for p in paths)
    print(f"  {len(paths)} files, {size / 1e6:.0f} MB (target: 20 s)")

    def sample() -> None:
        data = "".join(export.pain001_chunks(payroll, export.banks_of(payroll)[0], limit=1000)).encode()
        export.validate_bytes(data)

    timed("XSD validation of a 1,000-payment sample (generated and validated)", sample)
    counts, _seconds = timed(
        "XSD validation of the whole files (while parsing)", lambda: [export.validate_file(p) for p in paths]
    )
    print(f"  {sum(counts):,} payments valid against pain.001.001.03")
    print(
        f"summary: payroll {run_seconds:.1f} s (target 30), {ratio:.2f} times the floor (target 1.5), "
        f"pain.001 {xml_seconds:.1f} s (target 20)"
    )
    if args.keep:
        print(f"files kept in {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
