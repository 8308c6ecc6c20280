"""Time a category payment: 20,000 persons selected from a 2,000,000-person registry, to payment lines.

    .venv/bin/python bench/category_payments.py [--persons 2000000] [--recipients 20000]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_category) and migrates it;
generates the synthetic population of ``komek demo-data`` under Almaty (``--persons``), records a
WWII veteran's status on ``--recipients`` living persons (participants, equated, home-front workers)
and an earlier assignment with a valid IBAN for each (their known account), both with
``INSERT ... SELECT`` (seeding, not timed against the target). Then times, for Victory Day 2020
(Almaty's ``almaty.victory_day``): the selection (the registry's columnar read, the rules engine
over every person, the list's rows in one statement), the approval (one-time assignments, set-based)
and May 2020's payroll run (the payment lines). Target: at most 20 s from selection to lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from pathlib import Path

from _support import recreate_database, timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_category"
VICTORY_DAY = dt.date(2020, 5, 9)
ALMATY = "750000000"
PROGRAMME = "almaty.victory_day"

# The oldest living members of a family on the day become veterans; each gets a 2019 assignment
# whose IBAN (check digits computed in SQL, as in payments_payroll.py) is their known account.
SEED = """
CREATE TEMPORARY TABLE bench_veterans AS
SELECT p.id, p.kato_code, row_number() OVER (ORDER BY p.birth_date, p.id) AS n
FROM registry_person p
WHERE p.death_date IS NULL AND EXISTS (
    SELECT 1 FROM registry_membership m WHERE m.person_id = p.id AND m.valid_from <= DATE '2020-05-09'
      AND (m.valid_to IS NULL OR m.valid_to >= DATE '2020-05-09'))
ORDER BY p.birth_date, p.id
LIMIT %(n)s;

INSERT INTO registry_personstatus (person_id, kind, subtype, cause, valid_from, valid_to, note, created_at)
SELECT id, 'veteran', (ARRAY['wwii_participant', 'equated', 'home_front', 'home_front'])[1 + n %% 4], '',
       DATE '1995-01-01', NULL, 'bench', now()
FROM bench_veterans;

INSERT INTO benefits_assignment (programme, family_id, person_id, recipient_id, kato_code, kind, status,
       monthly_amount, amount_mci, amount_limit, period_start, period_end, budget_source, bank_id, iban,
       basis, application_id, social_contract_ref, previous_id, terminated_on, termination_reason,
       created_by_id, created_at)
SELECT 'almaty.war_veterans', NULL, v.id, v.id, v.kato_code, 'regular', 'ended', 18000, NULL, NULL,
       DATE '2019-01-01', DATE '2019-12-31', 'local', b.bic,
       'KZ' || lpad((98 - ((b.code || lpad(v.id::text, 13, '0') || '203500')::numeric %% 97))::text, 2, '0')
            || b.code || lpad(v.id::text, 13, '0'),
       'bench', NULL, '', NULL, NULL, '', NULL, now()
FROM bench_veterans v
JOIN (VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), (3, 'IRTYKZKA', '965'))
     AS b(k, bic, code) ON b.k = v.id %% 4;

ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--recipients", type=int, default=20_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.category_payments.models import PaymentListRow
    from komek.category_payments.services import payment_list_approve, payment_list_create
    from komek.common.kato import kato_load
    from komek.payments.services import payroll_run

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    banks_load()
    timed(
        f"demo-data: {args.persons:,} persons under Almaty",
        call_command,
        "demo_data",
        persons=args.persons,
        region=ALMATY,
        seed=1,
        stdout=io.StringIO(),
    )

    def seed() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SEED.replace("%(n)s", str(int(args.recipients))).replace("%%", "%"))

    timed(f"seed {args.recipients:,} veterans with a known account", seed)
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
    print(
        f"summary: {rows:,} persons from {args.persons:,}, "
        f"selection to payment lines {whole:.1f} s (target 20 s)"
    )


if __name__ == "__main__":
    main()
