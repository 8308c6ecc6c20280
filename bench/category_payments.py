"""Time a category payment: 20,000 persons selected from a 2,000,000-person registry, to payment lines.

    .venv/bin/python bench/category_payments.py [--persons 2000000] [--recipients 20000] [--rebuild]

The registry is built once into a base database (``<name>_base2_<persons>_<recipients>``, ``<name>``
from ``BENCH_DATABASE_URL``, default komek_bench_category): migrated, KATO and the banks loaded,
``--persons`` persons under Almaty from ``komek demo-data``'s bulk path, a WWII veteran's status on
``--recipients`` living persons (participants, equated, home-front workers) and an earlier
assignment with a valid IBAN for each (their known account) paid every month of 2019 (the payroll
history a registry in use has), with ``INSERT ... SELECT``. A later
run reuses the base (``--rebuild`` makes it anew): the timed database is a file copy of it
(``CREATE DATABASE ... TEMPLATE``), migrated to the code's schema, so every run starts alike.

Then it times, for Victory Day 2020 (Almaty's ``almaty.victory_day``): the selection (the
registry's columnar read of only what the programme's rule uses, the rules engine over every
person, the list's rows in one statement), the approval (one-time assignments through benefits'
bulk service, set-based) and May 2020's payroll run (the payment lines). Target: at most 20 s from
selection to lines. Last it prints PostgreSQL's floor for the same work: the registry's rows the
selection reads, copied out with nothing done to them, and the rows the three steps wrote, written
again by plain ``INSERT ... SELECT`` into empty tables of the same shape and indexes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

from _support import timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_category"
SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
VICTORY_DAY = dt.date(2020, 5, 9)
ALMATY = "750000000"
PROGRAMME = "almaty.victory_day"
READY = "komek bench base: complete"
BASE_VERSION = 2  # raised when what the base holds changes

# The oldest living members of a family on the day become veterans; each gets a 2019 assignment
# (``KNOWN_ACCOUNTS``) whose IBAN (check digits computed in SQL, as in payments_payroll.py) is their
# known account. The status and the assignment carry the veteran's address beside the key to them
# (ADR 0070).
SEED = """
CREATE TEMPORARY TABLE bench_veterans AS
SELECT p.id, p.kato_code, row_number() OVER (ORDER BY p.birth_date, p.id) AS n
FROM registry_person p
WHERE p.death_date IS NULL AND EXISTS (
    SELECT 1 FROM registry_membership m WHERE m.person_id = p.id AND m.valid_from <= DATE '2020-05-09'
      AND (m.valid_to IS NULL OR m.valid_to >= DATE '2020-05-09'))
ORDER BY p.birth_date, p.id
LIMIT %(n)s;

INSERT INTO registry_personstatus (person_id, person_territory, kind, subtype, cause, valid_from, valid_to,
                                   note, created_at)
SELECT id, kato_code, 'veteran',
       (ARRAY['wwii_participant', 'equated', 'home_front', 'home_front'])[1 + n %% 4], '',
       DATE '1995-01-01', NULL, 'bench', now()
FROM bench_veterans;

"""
KNOWN_ACCOUNTS = {
    "programme": "'almaty.war_veterans'",
    "person_id": "v.id",
    "person_territory": "v.kato_code",
    "recipient_id": "v.id",
    "recipient_territory": "v.kato_code",
    "kato_code": "v.kato_code",
    "kind": "'regular'",
    "status": "'ended'",
    "monthly_amount": "18000",
    "period_start": "DATE '2019-01-01'",
    "period_end": "DATE '2019-12-31'",
    "budget_source": "'local'",
    "share_republican": "0",
    "share_regional": "0",
    "share_local": "10000",
    "bank_id": "b.bic",
    "iban": "'KZ' || lpad((98 - ((b.code || lpad(v.id::text, 13, '0') || '203500')::numeric %% 97))::text, "
    "2, '0') || b.code || lpad(v.id::text, 13, '0')",
    "basis": "'bench'",
}
BANKS = (
    "bench_veterans v JOIN (VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), "
    "(3, 'IRTYKZKA', '965')) AS b(k, bic, code) ON b.k = v.id %% 4"
)


def server(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """One statement on the server's maintenance database (outside any transaction)."""
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        cursor = conn.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else []


def base_ready(base: str) -> bool:
    found = server("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", base)
    return bool(found) and found[0][0] == READY


def use_database(name: str) -> None:
    """Point Django's connection at another database of the same server."""
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name


def build_base(base: str, persons: int, recipients: int) -> None:
    from django.core.management import call_command

    from komek.benefits.banks import banks_load
    from komek.common.kato import kato_load

    server(f'DROP DATABASE IF EXISTS "{base}"')
    server(f'CREATE DATABASE "{base}"')
    use_database(base)
    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    banks_load()
    timed(
        f"base: demo-data, {persons:,} persons under Almaty",
        call_command,
        "demo_data",
        persons=persons,
        region=ALMATY,
        seed=1,
        stdout=io.StringIO(),
    )

    timed(f"base: {recipients:,} veterans with a known account", seed_veterans, recipients)
    timed("base: their 2019 payroll history", seed_history)
    finish_base(base)


def seed_veterans(recipients: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from komek.benefits.models import Assignment
    from komek.common import bulk_sql

    with connection.cursor() as cursor:
        cursor.execute(SEED.replace("%(n)s", str(int(recipients))).replace("%%", "%"))
    # Through the bulk helper, so that a column a later migration adds gets its default.
    bulk_sql.insert_select(Assignment, select=KNOWN_ACCOUNTS, source=BANKS, now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_veterans")


def seed_history() -> None:
    """The veterans' 2019 assignments paid every month of 2019: twelve approved payrolls and their
    lines, as a registry in use has (on an empty lines table PostgreSQL plans the payroll's
    duplicate check as a scan of the table it is filling: seconds for a first payroll)."""
    from django.db import connection
    from django.utils import timezone

    from komek.common import bulk_sql
    from komek.payments.models import PaymentLine, Payroll

    now = timezone.now()
    bulk_sql.insert_select(
        Payroll,
        select={
            "month": "m.month::date",
            "programme": "'almaty.war_veterans'",
            "budget_source": "''",  # a payroll of every source
            "territory": f"'{ALMATY}'",
            "prefix": f"'{ALMATY[:2]}'",
            "status": "'approved'",
            "stage": "'done'",
            "prepared_at": "now()",
            "approved_at": "now()",
        },
        source="generate_series(DATE '2019-01-01', DATE '2019-12-01', INTERVAL '1 month') AS m(month)",
        now=now,
    )
    bulk_sql.insert_select(
        PaymentLine,
        select={
            "payroll_id": "p.id",
            "assignment_id": "a.id",
            "kind": "'regular'",
            "month": "p.month",
            "for_month": "p.month",
            "amount": "a.monthly_amount",
            "republican": "0",
            "regional": "0",
            "local": "a.monthly_amount",
            "bank_id": "a.bank_id",
            "iban": "a.iban",
            "territory": "a.kato_code",  # the assignment's address (ADR 0057)
        },
        source="payments_payroll p JOIN benefits_assignment a ON a.programme = p.programme",
        now=now,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE payments_payroll p SET line_count = s.n, total_amount = s.total, total_local = s.total "
            "FROM (SELECT payroll_id, "
            "COUNT(*) AS n, SUM(amount) AS total FROM payments_paymentline GROUP BY payroll_id) s "
            "WHERE s.payroll_id = p.id"
        )


def finish_base(base: str) -> None:
    """Statistics for the planner, and the mark that the base is complete."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    use_database("postgres")
    server(f"COMMENT ON DATABASE \"{base}\" IS '{READY}'")


def fresh_copy(base: str, name: str) -> None:
    """The timed database: a file copy of the base, migrated to the code's schema."""
    from django.core.management import call_command
    from django.db import connection

    use_database("postgres")
    server(f'DROP DATABASE IF EXISTS "{name}"')
    server(f'CREATE DATABASE "{name}" TEMPLATE "{base}" STRATEGY FILE_COPY')
    use_database(name)
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true", help="build the base registry anew")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = urllib.parse.urlparse(url).path.lstrip("/")
    base = f"{name}_base{BASE_VERSION}_{args.persons}_{args.recipients}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ.setdefault("KOMEK_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.rebuild or not base_ready(base):
        timed(f"base {base} built", build_base, base, args.persons, args.recipients)
    else:
        print(f"base {base}: reused")
    timed("timed database copied from the base", fresh_copy, base, name)
    run(args)


def run(args: argparse.Namespace) -> None:
    from category_floor import floor_read, floor_write, mark
    from django.db import connection

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.category_payments.models import PaymentListRow
    from komek.category_payments.services import payment_list_approve, payment_list_create
    from komek.payments.services import payroll_run

    users = {
        name: user_create(
            actor=system("bench"),
            username=f"bench_{name}",
            password="Bench-pass-category-41",
            role=role,
            units=(ALMATY,),
        )
        for name, role in (
            ("head", Role.DEPARTMENT_HEAD),
            ("head2", Role.DEPARTMENT_HEAD),
            ("accountant", Role.ACCOUNTANT),
        )
    }
    before = mark()
    load = os.getloadavg()
    timings: dict[str, float] = {}
    payment_list, select_s = timed(
        "selection (registry read, rules, rows)",
        payment_list_create,
        actor=users["head"],
        programme=PROGRAMME,
        event_date=VICTORY_DAY,
        territory=ALMATY,
        timings=timings,
    )
    print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    rows = PaymentListRow.objects.filter(payment_list=payment_list).count()
    print(f"  {rows:,} persons on the list")
    _approved, approve_s = timed(
        "approval (one-time assignments)", payment_list_approve, actor=users["head2"], list_id=payment_list.pk
    )
    payrolls, payroll_s = timed(
        "payroll run 2020-05 (payment lines)",
        payroll_run,
        actor=users["accountant"],
        month=VICTORY_DAY.replace(day=1),
        programme=PROGRAMME,
    )
    lines = sum(p.line_count for p in payrolls)
    total = sum(p.total_amount for p in payrolls)
    print(f"  {lines:,} payment lines, {total:,} tenge")
    whole = select_s + approve_s + payroll_s
    load_after = os.getloadavg()
    print(
        f"summary: {rows:,} persons from {args.persons:,}, "
        f"selection to payment lines {whole:.1f} s (target 20 s); "
        f"load average {load[0]:.1f} before, {load_after[0]:.1f} after"
    )
    started = time.perf_counter()
    read_rows = floor_read(on=VICTORY_DAY, prefix=ALMATY[:2], programme=PROGRAMME)
    read_s = time.perf_counter() - started
    written, write_s = floor_write(before)
    print(
        f"floor (PostgreSQL alone): the selection's registry rows copied out {read_s:.1f} s "
        f"({read_rows:,} rows); the rows written again {write_s:.1f} s "
        f"({', '.join(f'{n:,} {t}' for t, n in written.items())})"
    )
    connection.close()


if __name__ == "__main__":
    main()
