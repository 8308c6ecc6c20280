"""Time Almaty's annual report (JSON and PDF) and the department head's start page at city scale.

    .venv/bin/python bench/annual_report.py [--persons 2000000] [--requests 100] [--template DB]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_annual), migrates it, loads the
reference data and generates ``--persons`` persons in families under Almaty (``demo-data``, about
two minutes for two million); with ``--template DB`` it copies a database made that way instead
(``CREATE DATABASE ... TEMPLATE``, the registry only). Then it seeds, set-based (``INSERT ... SELECT``,
no row through Python), the records of the year before this one and of this year up to this month:

- assignments of TSA (one family in 15), housing assistance (one in 40) and the city's outpatient
  TB assistance (one person in 400), with their applications (received through the three
  channels, decided) and a refused application for one family in 60;
- the month's payroll per programme for each month, approved, with one line per assignment
  (its budget parts by the assignment's shares; one line in 200 returned by the bank); this
  month's payrolls prepared and waiting for the head's approval;
- jobseekers (one person in 60 of working age), their measures (public works, social jobs, youth
  practice) and the employment plan of the year;
- individual rehabilitation programmes (one person in 150): a wheelchair or a hearing aid each, half
  issued under a supplier's contract, half waiting in the queue.

It times ``komek report annual --year <last year> --territory 750000000`` as JSON (target 5 s) and
as PDF (target 15 s), in-process as the command runs, and then the head's start page (``/``) over
``--requests`` requests through Django's test client, printing p50 / p95 / max in milliseconds and
the number of SQL queries (target: p95 at most 300 ms).
"""

# ruff: noqa: E501 (the seeding SQL keeps a statement's columns on one line each)
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _support import recreate_database, timed  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_annual"
ALMATY = "750000000"
BANKS = (
    "(VALUES (0, 'HSBKKZKX', '601'), (1, 'CASPKZKA', '722'), (2, 'KCJBKZKX', '856'), (3, 'IRTYKZKA', '965'))"
)
IBAN = (
    "'KZ' || lpad((98 - ((b.code || lpad({id}::text, 13, '0') || '203500')::numeric %% 97))::text, 2, '0')"
    " || b.code || lpad({id}::text, 13, '0')"
)

# Each key to a person carries the person's address (ADR 0070): the statements below take it from the
# row they read the person from (the membership, the assignment, the jobseeker, the IPR, the person).
ASSIGNMENTS = """
INSERT INTO benefits_assignment (programme, family_id, person_id, person_territory, recipient_id, recipient_territory,
       kato_code, kind, status, monthly_amount, amount_mci, amount_limit, period_start, period_end, budget_source,
       share_republican, share_regional, share_local, bank_id, iban, basis, application_id, social_contract_ref,
       previous_id, terminated_on, termination_reason, created_by_id, created_at, periodicity, amount_parameter)
SELECT %(code)s, {family}, {person}, {person_territory}, m.person_id, m.person_territory, f.kato_code, %(kind)s,
       'active', %(amount)s + (f.id %% 40) * 250,
       NULL, NULL, %(start)s, %(end)s, %(source)s, %(rep)s, %(reg)s, %(loc)s, b.bic, {iban}, 'bench', NULL, '',
       NULL, NULL, '', %(user)s, now(), 'month', ''
FROM registry_family f
JOIN registry_membership m ON m.family_id = f.id AND m.relation = 'head' AND m.valid_to IS NULL
JOIN {banks} AS b(k, bic, code) ON b.k = f.id %% 4
WHERE f.id %% %(every)s = %(rest)s
"""

PAYROLLS = """
INSERT INTO payments_payroll (month, programme, budget_source, territory, prefix, status, stage, line_count,
       total_amount, prepared_at, approved_at, created_at, approved_by_id, prepared_by_id, total_republican,
       total_regional, total_local)
SELECT m::date, p.programme, '', %(territory)s, '75', CASE WHEN m::date = %(last)s THEN 'prepared' ELSE 'approved' END,
       'done', 0, 0, m, CASE WHEN m::date = %(last)s THEN NULL ELSE m + interval '5 days' END, m,
       CASE WHEN m::date = %(last)s THEN NULL ELSE %(head)s END, %(accountant)s, 0, 0, 0
FROM generate_series(%(first)s::timestamptz, %(last)s::timestamptz, interval '1 month') AS m
CROSS JOIN (SELECT DISTINCT programme FROM benefits_assignment) AS p;

INSERT INTO payments_paymentline (kind, month, for_month, amount, iban, status, return_reason, assignment_id,
       bank_id, payroll_id, republican, regional, local, territory)
SELECT 'regular', p.month, p.month, a.monthly_amount, a.iban,
       CASE WHEN (a.id + p.id) %% 200 = 0 THEN 'returned' ELSE 'pending' END,
       CASE WHEN (a.id + p.id) %% 200 = 0 THEN 'account closed' ELSE '' END, a.id, a.bank_id, p.id,
       a.monthly_amount * a.share_republican / 10000, a.monthly_amount * a.share_regional / 10000,
       a.monthly_amount - a.monthly_amount * a.share_republican / 10000
                        - a.monthly_amount * a.share_regional / 10000, a.kato_code
FROM payments_payroll p JOIN benefits_assignment a ON a.programme = p.programme;

UPDATE payments_payroll p SET line_count = s.n, total_amount = s.amount, total_republican = s.rep,
       total_regional = s.reg, total_local = s.loc
FROM (SELECT payroll_id, count(*) AS n, sum(amount) AS amount, sum(republican) AS rep, sum(regional) AS reg,
             sum(local) AS loc FROM payments_paymentline GROUP BY payroll_id) AS s
WHERE s.payroll_id = p.id;

UPDATE payments_payroll p SET by_address = s.counted
FROM (SELECT payroll_id, jsonb_object_agg(kato_code, jsonb_build_array(n, amount)) AS counted
      FROM (SELECT l.payroll_id, a.kato_code, count(DISTINCT l.assignment_id) AS n, sum(l.amount) AS amount
            FROM payments_paymentline l JOIN benefits_assignment a ON a.id = l.assignment_id
            GROUP BY l.payroll_id, a.kato_code) AS t
      GROUP BY payroll_id) AS s
WHERE s.payroll_id = p.id;
"""

APPLICATIONS = """
INSERT INTO applications_application (number, channel, external_id, language, documents, circumstances,
       housing_costs, bank_bic, iban, received_at, due_date, status, verification_note, programme, programme_kind,
       periodicity, decision, decided_amount, period_start, period_end, decision_note, missing_documents,
       decided_at, assignment_id, version, created_at, updated_at, applicant_id, applicant_territory,
       caseworker_id, decided_by_id, family_id, kato_id, service_id, protocol_number, refusal_reason_id)
SELECT 'B-' || a.id, (ARRAY['office', 'portal', 'akim'])[1 + a.id %% 3], '', 'ru', '[]', '[]', 0, a.bank_id,
       a.iban, %(start)s::timestamptz + (a.id %% 300) * interval '1 day' - interval '20 days',
       (%(start)s::timestamptz + (a.id %% 300) * interval '1 day')::date, 'assigned', '', a.programme, a.kind,
       'month', 'assign', a.monthly_amount, a.period_start, a.period_end, '', '[]',
       %(start)s::timestamptz + (a.id %% 300) * interval '1 day' - interval '3 days', a.id, 1, now(), now(),
       a.recipient_id, a.recipient_territory, %(caseworker)s, %(caseworker)s, a.family_id, a.kato_code, s.id, '',
       NULL
FROM benefits_assignment a
JOIN applications_service s ON s.code = CASE a.programme WHEN 'tsa' THEN 'tsa' WHEN 'housing' THEN 'housing'
                                          ELSE 'local_social_assistance' END;

INSERT INTO applications_application (number, channel, external_id, language, documents, circumstances,
       housing_costs, bank_bic, iban, received_at, due_date, status, verification_note, programme, programme_kind,
       periodicity, decision, decided_amount, period_start, period_end, decision_note, missing_documents,
       decided_at, assignment_id, version, created_at, updated_at, applicant_id, applicant_territory,
       caseworker_id, decided_by_id, family_id, kato_id, service_id, protocol_number, refusal_reason_id)
SELECT 'R-' || f.id, (ARRAY['office', 'portal', 'akim'])[1 + f.id %% 3], '', 'ru', '[]', '[]', 0, '', '',
       %(start)s::timestamptz + (f.id %% 330) * interval '1 day',
       (%(start)s::timestamptz + (f.id %% 330) * interval '1 day')::date + 8, 'refused', '', 'tsa', '', '',
       'refuse', NULL, NULL, NULL, '', '[]', %(start)s::timestamptz + (f.id %% 330) * interval '1 day' + interval '6 days',
       NULL, 1, now(), now(), m.person_id, m.person_territory, %(caseworker)s, %(caseworker)s, f.id, f.kato_code,
       (SELECT id FROM applications_service WHERE code = 'tsa'), '', (SELECT min(id) FROM applications_refusalreason)
FROM registry_family f
JOIN registry_membership m ON m.family_id = f.id AND m.relation = 'head' AND m.valid_to IS NULL
WHERE f.id %% 60 = 7;
"""

EMPLOYMENT = """
INSERT INTO employment_jobseeker (tg_youth, tg_women, tg_disability, tg_released, tg_low_income,
       tg_pre_retirement, tg_large_family, status, registered_on, unemployed_due, unemployed_from,
       reregistration_due, deregistered_on, deregistration_ground, education, graduation_year, experience_years,
       skills, desired_wage, documents, refusals, created_at, created_by_id, kato_code, person_id, person_territory)
SELECT p.birth_date > %(start)s::date - interval '29 years', p.sex = 'female', false, false, p.id %% 5 = 0,
       p.birth_date < %(start)s::date - interval '58 years', false,
       CASE WHEN p.id %% 3 = 0 THEN 'deregistered' ELSE 'jobseeker' END,
       %(start)s::date + (p.id %% 600)::int, %(start)s::date + (p.id %% 600)::int + 10, NULL,
       CASE WHEN p.id %% 3 = 0 THEN %(start)s::date + (p.id %% 600)::int + 30 ELSE %(today)s::date + (p.id %% 40)::int - 10 END,
       CASE WHEN p.id %% 3 = 0 THEN %(start)s::date + (p.id %% 600)::int + 25 END,
       CASE WHEN p.id %% 3 = 0 THEN 'employed' ELSE '' END, 2, NULL, p.id %% 20, '', 150000, '[]', 0, now(),
       %(counsellor)s, p.kato_code, p.id, p.kato_code
FROM registry_person p
WHERE p.id %% 60 = 0 AND p.birth_date BETWEEN %(start)s::date - interval '60 years' AND %(start)s::date - interval '18 years'
  AND p.death_date IS NULL;

INSERT INTO employment_participation (tg_youth, tg_women, tg_disability, tg_released, tg_low_income,
       tg_pre_retirement, tg_large_family, kind, date_from, date_to, monthly_wage, state_monthly, amount,
       days_worked, paid_total, purpose, repayment, outcome, completed_on, employed_after, employed_on, created_at,
       agreement_id, course_id, employer_id, jobseeker_id, kato_code, person_id, person_territory)
SELECT j.tg_youth, j.tg_women, false, false, j.tg_low_income, j.tg_pre_retirement, false,
       (ARRAY['public_works', 'social_job', 'youth_practice'])[1 + j.id %% 3], j.registered_on + 14,
       j.registered_on + 104, 120000, 60000, 0, 60, 240000, '', '', 'completed', j.registered_on + 104,
       j.id %% 4 = 0, CASE WHEN j.id %% 4 = 0 THEN j.registered_on + 110 END, now(), NULL, NULL, NULL, j.id,
       j.kato_code, j.person_id, j.person_territory
FROM employment_jobseeker j WHERE j.id %% 2 = 0;

INSERT INTO employment_annualplan (year, indicator, target_group, planned, kato_code)
SELECT %(year)s, i, '', n, %(territory)s
FROM (VALUES ('applied', 12000), ('employed', 4000), ('public_works', 2500), ('social_job', 2500),
             ('youth_practice', 2500)) AS v(i, n);
"""

REHABILITATION = """
INSERT INTO rehabilitation_supplier (bin, name, kinds) VALUES ('990340001234', 'Бенчмарк ЖШС', '["wheelchair", "hearing"]');
INSERT INTO rehabilitation_contract (number, year, district, signed_on, supplier_id)
SELECT 'B-' || %(year)s, %(year)s, %(territory)s, %(start)s, id FROM rehabilitation_supplier;
INSERT INTO rehabilitation_contractline (kind, item, unit_price, quantity, contract_id)
SELECT k, k, p, 100000, c.id FROM rehabilitation_contract c, (VALUES ('wheelchair', 180000), ('hearing', 95000)) AS v(k, p);

INSERT INTO rehabilitation_ipr (number, issued_on, valid_from, valid_to, source, created_at, created_by_id, person_id,
       person_territory, import_batch_id)
SELECT 'IPR-' || p.id, %(start)s::date + (p.id %% 300)::int, %(start)s::date + (p.id %% 300)::int, NULL, 'manual', now(),
       %(specialist)s, p.id, p.kato_code, NULL
FROM registry_person p WHERE p.id %% 150 = 0;

INSERT INTO rehabilitation_entitlement (kind, item, quantity, monthly_norm, hours_per_year, replacement_months,
       valid_from, valid_to, person_id, person_territory, ipr_id)
SELECT CASE WHEN i.id %% 2 = 0 THEN 'wheelchair' ELSE 'hearing' END, 'bench', 1, NULL, NULL, 48, i.valid_from,
       NULL, i.person_id, i.person_territory, i.id
FROM rehabilitation_ipr i;

INSERT INTO rehabilitation_queueentry (kind, district, applied_on, priority, status, closed_on, reason, created_at,
       entitlement_id, person_id, person_territory)
SELECT e.kind, coalesce((SELECT code FROM common_katounit WHERE level = 2 AND prefix = left(p.kato_code, 4)),
                       left(p.kato_code, 4) || '00000'), e.valid_from, 3,
       CASE WHEN e.id %% 2 = 0 THEN 'provided' ELSE 'waiting' END,
       CASE WHEN e.id %% 2 = 0 THEN e.valid_from + 60 END, '', now(), e.id, e.person_id, p.kato_code
FROM rehabilitation_entitlement e JOIN registry_person p ON p.id = e.person_id;

INSERT INTO rehabilitation_issue (kind, issued_on, quantity, serial_number, receipt_signed, replace_after, requeued,
       entitlement_id, issued_by_id, line_id, person_id, person_territory)
SELECT e.kind, e.valid_from + 60, 1, 'SN-' || e.id, true, e.valid_from + 60 + interval '48 months', false, e.id,
       %(specialist)s, l.id, e.person_id, e.person_territory
FROM rehabilitation_entitlement e JOIN rehabilitation_contractline l ON l.kind = e.kind
WHERE e.id %% 2 = 0;
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def copy_template(url: str, template: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def main() -> None:  # noqa: C901, PLR0915 (one straight sequence of steps)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--template", default="", help="copy this database (migrated, with demo-data) instead"
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if args.template:
        timed(f"copy of {args.template}", copy_template, url, args.template)
    else:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    os.environ.setdefault("KOMEK_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.benefits.services import budget_shares
    from komek.common.periods import add_months
    from komek.legislation.loader import shipped_engine
    from komek.rules.schedule import version_on

    call_command("migrate", verbosity=0, interactive=False)  # a template made earlier gets the new migrations
    if not args.template:
        call_command("load_reference", verbosity=0)
        timed(
            f"demo-data: {args.persons:,} persons under Almaty",
            call_command, "demo_data", persons=args.persons, region=ALMATY, seed=1, verbosity=0,
        )  # fmt: skip
    banks_load()
    today = timezone.localdate()
    year = today.year - 1
    first, last = dt.date(year, 1, 1), today.replace(day=1)

    def staff(role: str, name: str) -> int:
        user = user_create(
            actor=system("bench"), username=name, password="Bench-annual-pass-52", role=role, units=(ALMATY,)
        )
        return int(user.pk)

    ids = {
        "head": staff(Role.DEPARTMENT_HEAD, "bench_head"),
        "accountant": staff(Role.ACCOUNTANT, "bench_accountant"),
        "caseworker": staff(Role.CASEWORKER, "bench_caseworker"),
        "counsellor": staff(Role.EMPLOYMENT_COUNSELLOR, "bench_counsellor"),
        "specialist": staff(Role.REHABILITATION_SPECIALIST, "bench_specialist"),
    }
    common = {"start": first, "end": dt.date(today.year, 12, 31), "last": last, "first": first,
              "today": today, "year": year, "territory": ALMATY, "user": ids["caseworker"], **ids}  # fmt: skip
    engine = shipped_engine()
    programmes = [
        ("tsa", "tsa_unconditional", 18_000, 15, 0, True),
        ("housing", "regular", 6_000, 40, 1, True),
        ("almaty.tb_outpatient", "regular", 14_000, 400, 3, False),
    ]

    def seed() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for code, kind, amount, every, rest, family in programmes:
                shares = budget_shares(version_on(engine, code, first, "751110000"), "751110000")
                sql = ASSIGNMENTS.format(
                    family="f.id" if family else "NULL", person="NULL" if family else "m.person_id",
                    person_territory="NULL" if family else "m.person_territory",
                    iban=IBAN.format(id="f.id"), banks=BANKS,
                )  # fmt: skip
                cursor.execute(sql, {**common, "code": code, "kind": kind, "amount": amount, "every": every,
                                     "rest": rest, "source": shares.principal, "rep": shares.republican,
                                     "reg": shares.regional, "loc": shares.local})  # fmt: skip
            for block in (PAYROLLS, APPLICATIONS, EMPLOYMENT, REHABILITATION):
                for statement in block.split(";\n"):
                    if statement.strip():
                        cursor.execute(statement, common)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(
                "SELECT (SELECT count(*) FROM benefits_assignment), (SELECT count(*) FROM payments_paymentline),"
                " (SELECT count(*) FROM applications_application), (SELECT count(*) FROM employment_jobseeker),"
                " (SELECT count(*) FROM employment_participation), (SELECT count(*) FROM rehabilitation_issue),"
                " (SELECT count(*) FROM registry_person)"
            )
            counts = cursor.fetchone()
        print(
            "  {:,} assignments, {:,} payment lines, {:,} applications, {:,} jobseekers, {:,} measures, "
            "{:,} aids issued; {:,} persons".format(*counts)
        )

    months = (last.year - first.year) * 12 + last.month - first.month + 1
    timed(f"seed {first:%Y-%m} to {last:%Y-%m} ({months} months), set-based", seed)
    assert add_months(first, months - 1) == last
    timed("registry summary refresh (the start pages' head-count, run nightly and after imports)",
          call_command, "registry_summary_refresh", verbosity=0)  # fmt: skip

    def report(fmt: str, output: str | None) -> None:
        out = io.StringIO()
        options = {"year": year, "territory": ALMATY, "fmt": fmt, "stdout": out}
        if output:
            options["output"] = output
        call_command("report_annual", **options)

    _, json_seconds = timed(f"report annual {year} {ALMATY} JSON (target 5 s)", report, "json", None)
    pdf = Path(tempfile.mkdtemp(prefix="komek-bench-annual-")) / "annual.pdf"
    _, pdf_seconds = timed(f"report annual {year} {ALMATY} PDF (target 15 s)", report, "pdf", str(pdf))
    print(f"  PDF {pdf.stat().st_size / 1e3:.0f} kB")
    pdf.unlink()

    from komek.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=ids["head"]))
    executed = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        first_response = client.get("/")
    assert first_response.status_code == 200, first_response.status_code
    assert b'id="dash-indicators"' in first_response.content
    times = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get("/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    print(
        f"head's start page, {args.requests} requests: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(times):.0f} ms,"
        f" {executed[0]} queries (target: p95 300 ms)"
    )
    print(
        f"summary: JSON {json_seconds:.1f} s (target 5), PDF {pdf_seconds:.1f} s (target 15), "
        f"head's page p95 {p95:.0f} ms (target 300); load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
