# ruff: noqa: E501 (SQL statements read better unwrapped)
"""Coverage figures of rehabilitation for a city: 55,000 persons with disability, five years.

    .venv/bin/python bench/rehab_coverage.py [--persons 55000] [--years 5] [--runs 3]

1. Recreates ``BENCH_DATABASE_URL`` (default komek_bench_rehab), migrates it, loads the KATO
   reference and seeds, set-based (``INSERT ... SELECT`` over ``generate_series``, no Python loop):
   ``--persons`` persons with a disability status across Almaty's eight districts (Almaty had
   54,595 in 2020, seed 003), an IPR each with two to four entitlements, a year's contracts per
   district and aid kind, five years of queue entries, issues, used sanatorium vouchers and monthly
   hours of sign-language specialists and personal assistants.
2. Times ``coverage()`` (entitled, provided, in queue, security %, contracted and spent money per
   aid kind) for each of the years, as an analyst of the city, ``--runs`` times; prints the worst
   and the median. Target: at most 2 s for one year's table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from _support import recreate_database  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_rehab"
DISTRICTS = [
    "751110000",
    "751210000",
    "751310000",
    "751410000",
    "751510000",
    "751710000",
    "751810000",
    "751910000",
]
ITEM_KINDS = ["prosthetic", "hearing", "typhlo", "wheelchair", "mobility", "hygiene"]
PRICES = {
    "prosthetic": 410000,
    "hearing": 85000,
    "typhlo": 36000,
    "wheelchair": 254000,
    "mobility": 16000,
    "hygiene": 9300,
    "sanatorium": 180000,
    "sign_language": 3900,
    "personal_assistant": 1450,
}


def seed_sql(persons: int, first_year: int, years: int) -> list[str]:
    """The seeding statements: every table filled by one INSERT ... SELECT."""
    districts = "ARRAY[" + ",".join(f"'{d}'" for d in DISTRICTS) + "]"
    items = "ARRAY[" + ",".join(f"'{k}'" for k in ITEM_KINDS) + "]"
    start = f"DATE '{first_year}-01-01'"
    span = years * 365
    prices = " ".join(f"WHEN '{k}' THEN {v}" for k, v in PRICES.items())
    # Each key to a person carries the person's address (ADR 0070): the district of their id, as the
    # persons are written, or the address carried by the row the person is read from.
    address = f"({districts})[1 + i % 8]"
    return [
        # Persons: districts in turn, born 1940-2015, a valid-looking unique 12-digit IIN.
        f"""INSERT INTO registry_person (id, iin, surname, name, patronymic, birth_date, sex, citizenship,
              kato_code, street, phone, email, search_key, created_at, updated_at)
            SELECT i, lpad(i::text, 12, '0'), 'Bench', 'Person', '', DATE '1940-01-01' + (i * 37 % 27000),
              CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END, 'citizen',
              {address}, '', '', '', 'bench person', now(), now()
            FROM generate_series(1, {persons}) AS i""",
        f"""INSERT INTO registry_personstatus (person_id, person_territory, kind, subtype, cause, valid_from, note,
              created_at)
            SELECT i, {address}, 'disability', (ARRAY['group_1','group_2','group_3','child'])[1 + i % 4], '',
              {start} - 400, '', now() FROM generate_series(1, {persons}) AS i""",
        f"""INSERT INTO rehabilitation_ipr (id, person_id, person_territory, number, issued_on, valid_from, source,
              created_at)
            SELECT i, i, {address}, 'B-' || i, {start} - 30 + i % 300, {start} - 30 + i % 300, 'import', now()
            FROM generate_series(1, {persons}) AS i""",
        # Two to four entitlements each: two item kinds, sanatorium for 40%, hours for a quarter.
        f"""INSERT INTO rehabilitation_entitlement (ipr_id, person_id, person_territory, kind, item, quantity,
              monthly_norm, hours_per_year, replacement_months, valid_from)
            SELECT i, i, {address}, k.kind, k.kind, 1, CASE WHEN k.kind = 'hygiene' THEN 90 END,
              CASE k.kind WHEN 'sign_language' THEN 60 WHEN 'personal_assistant' THEN 480 END,
              CASE WHEN k.kind IN ('sign_language','personal_assistant') THEN NULL ELSE 24 END,
              {start} - 30 + i % 300
            FROM generate_series(1, {persons}) AS i
            CROSS JOIN LATERAL (
              SELECT ({items})[1 + i % 6] AS kind
              UNION ALL SELECT ({items})[1 + (i / 6 + 1 + i) % 6] WHERE (i / 6 + 1 + i) % 6 <> i % 6
              UNION ALL SELECT 'sanatorium' WHERE i % 5 < 2
              UNION ALL SELECT CASE WHEN i % 20 = 0 THEN 'sign_language' ELSE 'personal_assistant' END
                WHERE i % 4 = 0
            ) AS k""",
        """INSERT INTO rehabilitation_supplier (bin, name, kinds)
            VALUES ('180340012345', 'Bench supplier', '["prosthetic"]')""",
        f"""INSERT INTO rehabilitation_contract (supplier_id, number, year, district, signed_on)
            SELECT 1, 'C-' || y || '-' || d, y, d, make_date(y, 1, 20)
            FROM generate_series({first_year}, {first_year + years - 1}) AS y, unnest({districts}) AS d""",
        f"""INSERT INTO rehabilitation_contractline (contract_id, kind, item, unit_price, quantity)
            SELECT c.id, k, k, CASE k {prices} END, 5000 FROM rehabilitation_contract c,
              unnest({items} || ARRAY['sanatorium','sign_language','personal_assistant']) AS k""",
        # Queue entries: one per queued entitlement per replacement cycle (every two years).
        f"""INSERT INTO rehabilitation_queueentry (person_id, person_territory, entitlement_id, kind, district,
              applied_on, priority, status, closed_on, reason, created_at)
            SELECT e.person_id, p.kato_code, e.id, e.kind, p.kato_code, e.valid_from + c * 730 + 10,
              CASE WHEN e.person_id % 4 = 3 THEN 2 ELSE 9 END,
              CASE WHEN e.id % 3 = 0 THEN 'waiting' ELSE 'provided' END,
              CASE WHEN e.id % 3 = 0 THEN NULL ELSE e.valid_from + c * 730 + 10 + (e.id % 200)::int END, '', now()
            FROM rehabilitation_entitlement e JOIN registry_person p ON p.id = e.person_id
            CROSS JOIN generate_series(0, {years // 2}) AS c
            WHERE e.kind NOT IN ('sign_language','personal_assistant')
              AND e.valid_from + c * 730 + 10 < {start} + {span}
              AND (e.id % 3 <> 0 OR c = {years // 2} OR e.valid_from + (c + 1) * 730 + 10 >= {start} + {span})""",
        """INSERT INTO rehabilitation_issue (person_id, person_territory, entitlement_id, line_id, kind, issued_on,
              quantity, serial_number, receipt_signed, replace_after, requeued, issued_by_id)
            SELECT q.person_id, q.person_territory, q.entitlement_id, l.id, q.kind, q.closed_on, 1, 'SN-' || q.id,
              true, q.closed_on + 730, false, 1
            FROM rehabilitation_queueentry q
            JOIN rehabilitation_contract c ON c.district = q.district AND c.year = extract(year FROM q.closed_on)
            JOIN rehabilitation_contractline l ON l.contract_id = c.id AND l.kind = q.kind
            WHERE q.status = 'provided' AND q.kind <> 'sanatorium'""",
        """INSERT INTO rehabilitation_voucher (line_id, district, sanatorium, number, starts_on, ends_on, price,
              status, person_id, person_territory, queue_entry_id, assigned_on, closed_on)
            SELECT l.id, q.district, 'Бережки', 'V-' || q.id, q.closed_on, q.closed_on + 20, 180000, 'used',
              q.person_id, q.person_territory, q.id, q.closed_on, q.closed_on + 20
            FROM rehabilitation_queueentry q
            JOIN rehabilitation_contract c ON c.district = q.district AND c.year = extract(year FROM q.closed_on)
            JOIN rehabilitation_contractline l ON l.contract_id = c.id AND l.kind = 'sanatorium'
            WHERE q.status = 'provided' AND q.kind = 'sanatorium'""",
        f"""INSERT INTO rehabilitation_hoursrecord (entitlement_id, person_id, person_territory, kind, month, planned,
              given, line_id)
            SELECT e.id, e.person_id, p.kato_code, e.kind, m::date, e.hours_per_year / 12, e.hours_per_year / 12,
              l.id
            FROM rehabilitation_entitlement e JOIN registry_person p ON p.id = e.person_id
            CROSS JOIN generate_series({start}, {start} + interval '{years * 12 - 1} months', interval '1 month') AS m
            JOIN rehabilitation_contract c ON c.district = p.kato_code AND c.year = extract(year FROM m)
            JOIN rehabilitation_contractline l ON l.contract_id = c.id AND l.kind = e.kind
            WHERE e.kind IN ('sign_language','personal_assistant') AND m >= date_trunc('month', e.valid_from)""",
        "ANALYZE",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=55_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
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

    from komek.accounts.choices import Reach, Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.rehabilitation.selectors.coverage import coverage

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    user_create(
        actor=system("bench"),
        username="bench_officer",
        password="Karaganda-steppe-9137",
        role=Role.REHABILITATION_SPECIALIST,
        units=["751110000"],
    )
    analyst = user_create(
        actor=system("bench"),
        username="bench_analyst",
        password="Karaganda-steppe-9137",
        role=Role.ANALYST,
        units=["750000000"],
        reach=Reach.REGION,
    )
    first_year = dt.date.today().year - args.years  # noqa: DTZ011 (the local date is meant)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in seed_sql(args.persons, first_year, args.years):
            cursor.execute(statement)
        counts = {}
        for table in (
            "registry_person",
            "rehabilitation_entitlement",
            "rehabilitation_queueentry",
            "rehabilitation_issue",
            "rehabilitation_voucher",
            "rehabilitation_hoursrecord",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table.split("_", 1)[1]] = cursor.fetchone()[0]
    print(
        f"seeded in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    timings: dict[int, list[float]] = {}
    for _run in range(args.runs):
        for year in range(first_year, first_year + args.years):
            t0 = time.perf_counter()
            table = coverage(user=analyst, year=year)
            timings.setdefault(year, []).append(time.perf_counter() - t0)
    for year in sorted(timings):
        table = coverage(user=analyst, year=year)
        wc = next(r for r in table.rows if r.kind == "wheelchair")
        print(
            f"{year}: median {statistics.median(timings[year]):.3f} s, worst {max(timings[year]):.3f} s "
            f"(wheelchairs: {wc.entitled:,} entitled, {wc.provided:,} provided, {wc.in_queue:,} waiting, "
            f"security {wc.security}%)"
        )
    worst = max(max(t) for t in timings.values())
    print(
        f"coverage of one year for a city of {args.persons:,} persons with disability: worst {worst:.3f} s "
        f"(target: at most 2 s)"
    )


if __name__ == "__main__":
    main()
