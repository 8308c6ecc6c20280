"""Active measures, the open labour market and social contracts of the demo employment centre."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from komek.demo.employment.town import COURSES, MEASURES, PLACES, PROFESSIONS, TOWN, _titles
from komek.employment.choices import MeasureKind
from komek.employment.models import (
    Course,
    Employer,
    Jobseeker,
    ListedCentre,
    ListedProfession,
    Participation,
    TrainingList,
    TrainingProvider,
    Vacancy,
    VacancyEvent,
)
from komek.employment.selectors.params import mci

#: The demo's cost of training one person: this many MCI of the year for each month of the course.
COST_MCI_A_MONTH = 20


def _approve(year: int, providers: list[TrainingProvider], courses: list[Course]) -> dict[str, int]:
    """The regional commission's decision of the year for the town (ADR 0062): the courses' centres
    and professions, each profession's cost from the course's length; returns the costs by code."""
    decision = TrainingList.objects.create(
        kato_id=TOWN, year=year, number=f"{year}/1", decided_on=dt.date(year, 1, 10)
    )
    ListedCentre.objects.bulk_create([ListedCentre(decision=decision, provider=p) for p in providers])
    costs = {
        c.occupation_id: round(float(c.months) * COST_MCI_A_MONTH * mci(dt.date(year, 1, 1))) for c in courses
    }
    ListedProfession.objects.bulk_create(
        [ListedProfession(decision=decision, occupation_id=code, cost=cost) for code, cost in costs.items()]
    )
    return costs


def _measures(
    rng: random.Random,
    year: int,
    employers: list[Employer],
    public_works: dict,
    jobseekers: list[Jobseeker],
    scale: float,
) -> int:
    providers = {}
    courses = []
    for provider, title, code, months in COURSES:
        if provider not in providers:
            providers[provider] = TrainingProvider.objects.create(name=provider, kato_id="351610000")
        courses.append(
            Course.objects.create(
                provider=providers[provider], title=title, occupation_id=code, months=months
            )
        )
    costs = _approve(year, list(providers.values()), courses)
    earlier = [j for j in jobseekers if j.registered_on.year < year]
    pool = earlier + [
        j for j in jobseekers if j.registered_on.year == year and j.deregistration_ground != "employed"
    ]
    pool += [j for j in jobseekers if j.deregistration_ground == "employed"]
    youth_pay = 30 * mci(dt.date(year, 1, 1))
    rows: list[Participation] = []
    pick = iter(pool * 2)
    pw_employers = [e for e in employers if e.pk in public_works]
    for kind, count in MEASURES.items():
        for _ in range(max(1, int(count * scale))):
            js = next(pick)
            start = max(js.registered_on, dt.date(year, 1, 15)) + dt.timedelta(days=rng.randint(0, 20))
            start = min(start, dt.date(year, 11, 1))
            fields: dict = {
                "kind": kind,
                "person_id": js.person_id,
                "jobseeker": js,
                "kato_id": js.kato_id,
                "date_from": start,
                "date_to": start,
                **{
                    f: getattr(js, f)
                    for f in (
                        "tg_youth",
                        "tg_women",
                        "tg_disability",
                        "tg_released",
                        "tg_low_income",
                        "tg_pre_retirement",
                        "tg_large_family",
                    )
                },
            }
            if kind == MeasureKind.PUBLIC_WORKS:
                e = rng.choice(pw_employers)
                fields |= {
                    "employer": e,
                    "agreement": public_works[e.pk],
                    "monthly_wage": 85_000,
                    "state_monthly": 85_000,
                    "date_to": start + dt.timedelta(days=rng.randint(30, 90)),
                    "outcome": "completed",
                    "days_worked": rng.randint(20, 60),
                }
                fields["paid_total"] = fields["days_worked"] * 85_000 // 21
                fields["completed_on"] = fields["date_to"]
            elif kind == MeasureKind.SOCIAL_JOB:
                fields |= {
                    "employer": rng.choice(employers),
                    "monthly_wage": 120_000,
                    "state_monthly": 42_000,
                    "date_to": start + dt.timedelta(days=180),
                }
            elif kind == MeasureKind.YOUTH_PRACTICE:
                fields |= {
                    "employer": rng.choice(employers),
                    "monthly_wage": youth_pay,
                    "state_monthly": youth_pay,
                    "date_to": start + dt.timedelta(days=180),
                }
            elif kind == MeasureKind.TRAINING:
                course = rng.choice(courses)
                end = start + dt.timedelta(days=int(float(course.months) * 30) - 1)
                fields |= {"course": course, "date_to": end, "amount": costs[course.occupation_id]}
            elif kind in (MeasureKind.MICROCREDIT, MeasureKind.GRANT):
                fields |= {
                    "amount": 8_400_000 if kind == MeasureKind.MICROCREDIT else 200 * mci(start),
                    "purpose": "Расширение животноводческого хозяйства"
                    if kind == MeasureKind.MICROCREDIT
                    else "Открытие швейного цеха",
                    "repayment": "current" if kind == MeasureKind.MICROCREDIT else "",
                }
            rows.append(Participation(**fields))
    training = [p for p in rows if p.kind == MeasureKind.TRAINING]
    finished, employed_after = int(210 * scale), int(121 * scale)
    for n, p in enumerate(training[:finished]):
        p.outcome, p.completed_on = "completed", min(p.date_to, dt.date(year, 12, 31))
        if n < employed_after:
            p.employed_after, p.employed_on = True, p.completed_on + dt.timedelta(days=rng.randint(3, 40))
    Participation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _open_market(rng: random.Random, today: dt.date, employers: list[Employer], creator: object) -> None:
    """Vacancies open today, so that matching has something to offer in the demo."""
    opened = today - dt.timedelta(days=20)
    rows = []
    for _ in range(150):
        code = rng.choice(PROFESSIONS)
        rows.append(
            Vacancy(
                employer=rng.choice(employers),
                occupation_id=code,
                minor_group=code[:3],
                sub_major_group=code[:2],
                title=_titles()[code],
                wage=rng.randrange(95_000, 400_000, 5_000),
                schedule=rng.choice(["full_time", "shifts", "rotation"]),
                kato_id=rng.choice(PLACES),
                education=rng.choice([0, 1, 2]),
                experience_years=rng.choice([0, 0, 1, 3]),
                quota_disabled=rng.random() < 0.05,
                status="open",
                opened_on=opened,
            )
        )
    Vacancy.objects.bulk_create(rows)
    VacancyEvent.objects.bulk_create([VacancyEvent(vacancy=v, status="open", note="demo") for v in rows])


def _contracts(rng: random.Random, year: int, jobseekers: list[Jobseeker], creator: Any) -> None:
    """Nine social contracts of conditional TSA with their activation plans (the report's nine)."""
    from komek.employment.models import ActivationItem, SocialContract
    from komek.registry.models import Membership

    candidates = [j.person_id for j in jobseekers if j.registered_on.year == year][:400]
    families = dict(
        Membership.objects.filter(person_id__in=candidates, valid_to__isnull=True).values_list(
            "family_id", "person_id"
        )
    )
    kato = dict(Membership.objects.filter(family_id__in=families).values_list("family_id", "family__kato_id"))
    measures = [
        "training",
        "job",
        "job",
        "job",
        "social_job",
        "social_job",
        "public_works",
        "public_works",
        "public_works",
    ]
    for n, (family_id, person_id) in enumerate(list(families.items())[:9]):
        signed = dt.date(year, 2 + n, 5)
        contract = SocialContract.objects.create(
            family_id=family_id,
            kato_id=kato[family_id],
            number=f"СК-{year}-{n + 1}",
            signed_on=signed,
            valid_to=dt.date(year, 12, 31),
            status="fulfilled",
            created_by=creator,
        )
        ActivationItem.objects.create(
            contract=contract,
            person_id=person_id,
            measure=measures[n],
            due_by=signed + dt.timedelta(days=60),
            status="fulfilled",
            checked_on=signed + dt.timedelta(days=rng.randint(20, 60)),
        )
