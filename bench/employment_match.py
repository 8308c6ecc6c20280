"""Matching latency: one jobseeker against 100,000 open vacancies, one vacancy against 200,000 jobseekers.

    .venv/bin/python bench/employment_match.py [--vacancies 100000] [--jobseekers 200000] [--runs 200]

Prepares a PostgreSQL database (``BENCH_DATABASE_URL``, default komek_bench_employment): migrates it,
loads the reference data, generates the persons with the demo generator (Balkhash region) and then
inserts employers, open vacancies and registered jobseekers with their professions in bulk
(occupations drawn with a skewed distribution over the classifier, as real registers are: welders,
drivers and sales staff are common, astronomers rare). Reuses what an earlier run left.

Then calls ``match_vacancies`` for ``--runs`` random jobseekers and ``match_candidates`` for
``--runs`` random vacancies in-process (the selectors the page and the command line use, with the
audit row of each read) and prints p50/p95/p99 and the candidate counts. Targets: p95 at most
200 ms for a jobseeker, at most 500 ms for a vacancy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_employment"
REGION = "351600000"
PLACES = ["351610000", "351633100", "351635100", "351010000", "352210000"]


def ensure_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def komek(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/komek"), *args], env=env, check=True, cwd=ROOT)


def skewed_codes(rng: np.random.Generator, codes: list[str], n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, len(codes) + 1) ** 0.9
    order = rng.permutation(len(codes))
    return np.array(codes)[order][rng.choice(len(codes), size=n, p=weights / weights.sum())]


def fill(vacancies: int, jobseekers: int) -> None:
    from komek.accounts.models import User
    from komek.employment.bin import make_bin
    from komek.employment.models import Employer, Jobseeker, JobseekerProfession, Occupation, Vacancy
    from komek.registry.models import Person

    rng = np.random.default_rng(2026)
    codes = list(Occupation.objects.values_list("code", flat=True))
    user = User.objects.get(username="bench_counsellor")
    if Employer.objects.count() < 2000:
        bins = [b for s in range(1, 2300) if (b := make_bin(15 + s % 10, 1 + s % 12, s))][:2000]
        Employer.objects.bulk_create(
            [
                Employer(bin=b, name=f"ТОО «Предприятие {i}»", size="small", kato_id=PLACES[i % len(PLACES)])
                for i, b in enumerate(bins)
            ],
            ignore_conflicts=True,
        )
    employer_ids = np.array(Employer.objects.values_list("id", flat=True))
    have = Vacancy.objects.filter(status="open").count()
    if have < vacancies:
        n = vacancies - have
        started = time.perf_counter()
        occ = skewed_codes(rng, codes, n)
        kato = rng.choice(PLACES, size=n, p=[0.6, 0.05, 0.05, 0.2, 0.1])
        wage = rng.integers(85_000, 600_000, size=n)
        edu = rng.choice(4, size=n, p=[0.35, 0.3, 0.2, 0.15])
        exp = rng.choice(6, size=n, p=[0.4, 0.2, 0.15, 0.1, 0.1, 0.05])
        emp = rng.choice(employer_ids, size=n)
        quota = rng.random(n)
        opened = dt.date(2026, 1, 10)
        for start in range(0, n, 10_000):
            Vacancy.objects.bulk_create(
                [
                    Vacancy(
                        employer_id=int(emp[i]),
                        occupation_id=occ[i],
                        minor_group=occ[i][:3],
                        sub_major_group=occ[i][:2],
                        title=occ[i],
                        wage=int(wage[i]),
                        schedule="full_time",
                        kato_id=kato[i],
                        education=int(edu[i]),
                        experience_years=int(exp[i]),
                        quota_disabled=bool(quota[i] < 0.03),
                        quota_released=bool(quota[i] > 0.99),
                        status="open",
                        opened_on=opened,
                    )
                    for i in range(start, min(n, start + 10_000))
                ]
            )
        print(f"  inserted {n:,} open vacancies in {time.perf_counter() - started:.1f} s", flush=True)
    have = Jobseeker.objects.exclude(status="deregistered").count()
    if have < jobseekers:
        n = jobseekers - have
        started = time.perf_counter()
        taken = Jobseeker.objects.values("person_id")
        people = list(Person.objects.exclude(pk__in=taken).values_list("id", "kato_id")[:n])
        if len(people) < n:
            raise SystemExit(f"only {len(people):,} persons without a registration; generate more persons")
        occ = skewed_codes(rng, codes, n * 2)
        second = rng.random(n) < 0.5
        edu = rng.choice(4, size=n, p=[0.2, 0.35, 0.25, 0.2])
        exp = rng.choice(10, size=n)
        wage = rng.integers(0, 400_000, size=n)
        day = dt.date(2026, 2, 2)
        for start in range(0, n, 10_000):
            stop = min(n, start + 10_000)
            rows = Jobseeker.objects.bulk_create(
                [
                    Jobseeker(
                        person_id=people[i][0],
                        person_territory=people[i][1],  # the person's address, read with them (ADR 0070)
                        kato_id=people[i][1],
                        status="unemployed",
                        registered_on=day,
                        unemployed_due=day,
                        unemployed_from=day,
                        reregistration_due=day,
                        education=int(edu[i]),
                        experience_years=int(exp[i]),
                        desired_wage=int(wage[i]),
                        created_by=user,
                        tg_disability=bool(i % 37 == 0),
                    )
                    for i in range(start, stop)
                ]
            )
            profs = []
            for k, js in enumerate(rows):
                i = start + k
                for code in {occ[2 * i], *([occ[2 * i + 1]] if second[i] else [])}:
                    profs.append(
                        JobseekerProfession(
                            jobseeker_id=js.pk,
                            occupation_id=code,
                            minor_group=code[:3],
                            sub_major_group=code[:2],
                        )
                    )
            JobseekerProfession.objects.bulk_create(profs)
        print(f"  registered {n:,} jobseekers in {time.perf_counter() - started:.1f} s", flush=True)


def percentiles(samples: list[float]) -> str:
    a = np.array(samples) * 1000
    return (
        f"p50 {np.percentile(a, 50):.1f} ms, p95 {np.percentile(a, 95):.1f} ms, "
        f"p99 {np.percentile(a, 99):.1f} ms, max {a.max():.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--jobseekers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ.setdefault("KOMEK_DEMO", "1")  # demo-data adds synthetic persons only on a demo installation
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "komek.settings"}
    komek(env, "migrate", "--verbosity", "0")
    komek(env, "load-reference")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from komek.accounts.models import User
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.employment.models import Jobseeker, Vacancy
    from komek.employment.selectors.matching import match_candidates, match_vacancies
    from komek.registry.models import Person

    persons = Person.objects.count()
    wanted = int(args.jobseekers * 1.25)
    if persons < wanted:
        print(f"registry has {persons:,} persons; generating {wanted - persons:,} more...", flush=True)
        komek(
            env,
            "demo-data",
            "--persons",
            str(wanted - persons),
            "--region",
            REGION,
            "--seed",
            str(persons + 1),
        )
    if not User.objects.filter(username="bench_counsellor").exists():
        user_create(
            actor=system("bench"),
            username="bench_counsellor",
            password="bench-password-2026",
            role="employment_counsellor",
            units=["350000000"],
            reach="region",
        )
    user = User.objects.get(username="bench_counsellor")
    fill(args.vacancies, args.jobseekers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    open_vacancies = Vacancy.objects.filter(status="open").count()
    active = Jobseeker.objects.exclude(status="deregistered").count()
    print(f"open vacancies: {open_vacancies:,}; registered jobseekers: {active:,}", flush=True)

    rng = np.random.default_rng(7)
    js_ids = rng.choice(
        np.array(Jobseeker.objects.exclude(status="deregistered").values_list("id", flat=True)),
        size=args.runs,
        replace=False,
    )
    vac_ids = rng.choice(
        np.array(Vacancy.objects.filter(status="open").values_list("id", flat=True)),
        size=args.runs,
        replace=False,
    )
    match_vacancies(user=user, jobseeker_id=int(js_ids[0]))  # warm-up: engine, numpy, caches
    times, found = [], []
    for pk in js_ids:
        started = time.perf_counter()
        result = match_vacancies(user=user, jobseeker_id=int(pk))
        times.append(time.perf_counter() - started)
        found.append(len(result))
    print(f"jobseeker → vacancies ({args.runs} runs): {percentiles(times)}  (target p95 ≤ 200 ms)")
    times = []
    for pk in vac_ids:
        started = time.perf_counter()
        match_candidates(user=user, vacancy_id=int(pk))
        times.append(time.perf_counter() - started)
    print(f"vacancy → jobseekers ({args.runs} runs): {percentiles(times)}  (target p95 ≤ 500 ms)")


if __name__ == "__main__":
    main()
