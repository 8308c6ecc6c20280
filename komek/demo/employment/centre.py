"""A year of the demo employment centre: employers, vacancies, registrations, then measures and plans."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from komek.common.periods import age_on
from komek.common.workdays import add_working_days
from komek.demo.employment.measures import _contracts, _measures, _open_market
from komek.demo.employment.town import (
    APPLIED,
    EMPLOYED,
    EMPLOYERS,
    PLAN,
    PROFESSIONS,
    TOWN,
    DemoResult,
    _day,
    _employers,
    _titles,
)
from komek.employment.models import (
    Agreement,
    AnnualPlan,
    Employer,
    JobFair,
    JobFairEmployer,
    Jobseeker,
    JobseekerProfession,
    Participation,
    Referral,
    Vacancy,
    VacancyEvent,
)
from komek.employment.selectors.targets import target_flags
from komek.registry.choices import NoSubtype, StatusKind
from komek.registry.models import Person, PersonStatus


@transaction.atomic
def demo_employment(*, year: int | None = None, seed: int = 2018) -> DemoResult:
    """Fill the demo town's employment centre for ``year`` (default: last year); idempotent."""
    today = timezone.localdate()
    year = year or today.year - 1
    if Employer.objects.filter(name=EMPLOYERS[0], kato__code__startswith="3516").exists():
        return DemoResult(created=False)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    people = [
        p
        for p in Person.objects.filter(kato__code__startswith="3516", death_date__isnull=True).values_list(
            "id", "birth_date", "kato_id"
        )
        if 18 <= age_on(p[1], dt.date(year, 7, 1)) <= 60
    ]
    if len(people) < 1000:  # noqa: PLR2004
        raise ValueError("The demo town needs persons first: run `komek demo-data` for Balkhash.")
    rng.shuffle(people)
    scale = min(1.0, len(people) * 0.9 / (APPLIED + 500))
    employers = _employers(rng)
    large = [e for e in employers if e.staff > 250]
    agreements = [
        Agreement(
            employer=e,
            kind="road_map",
            number=f"ДК-{i + 1}",
            signed_on=dt.date(year, 2, 1),
            valid_from=dt.date(year, 2, 1),
            places=0,
        )
        for i, e in enumerate(large[:9])
    ]
    agreements += [
        Agreement(
            employer=e,
            kind=k,
            number=f"{k[:2].upper()}-{i + 1}",
            signed_on=dt.date(year, 1, 15),
            valid_from=dt.date(year, 1, 15),
            valid_to=dt.date(year, 12, 31),
            places=60,
        )
        for i, e in enumerate(employers[11:21])
        for k in ("public_works", "social_jobs")
    ]
    agreements.append(
        Agreement(
            employer=large[0],
            kind="quota_disabled",
            number="КВ-1",
            signed_on=dt.date(year, 1, 20),
            valid_from=dt.date(year, 1, 20),
            places=4,
        )
    )
    Agreement.objects.bulk_create(agreements)
    public_works = {a.employer_id: a for a in agreements if a.kind == "public_works"}

    # Registrations of the year; most end in a hire on a referral to a vacancy opened for it.
    applied = int(APPLIED * scale)
    employed = int(EMPLOYED * scale)
    registrants = people[:applied]
    # Target groups as the registry shows them today (the demo registry's incomes are recent months).
    extra = people[applied : applied + int(500 * scale)]
    flags = target_flags([p[0] for p in registrants + extra], today)
    jobseekers, vacancies = [], []
    for i, (pid, birth, kato) in enumerate(registrants):
        on = _day(rng, year, dt.date(year, 11, 30))
        hired = i < employed
        end = min(add_working_days(on, rng.randint(3, 25)), dt.date(year, 12, 31)) if hired else None
        if not hired and i % 5:
            end = min(on + dt.timedelta(days=rng.randint(30, 200)), dt.date(year, 12, 31))
        code = rng.choice(PROFESSIONS)
        grad = rng.randint(year - 4, year) if age_on(birth, on) < 30 else None  # noqa: PLR2004
        jobseekers.append(
            Jobseeker(
                person_id=pid,
                kato_id=kato,
                registered_on=on,
                unemployed_due=add_working_days(on, 10),
                status="deregistered" if end else "unemployed",
                unemployed_from=None if end else add_working_days(on, 10),
                reregistration_due=on + dt.timedelta(days=30),
                deregistered_on=end,
                deregistration_ground=(
                    "employed" if hired else rng.choice(["moved", "failed_to_appear", "own_request"])
                )
                if end
                else "",
                education=rng.choice([1, 1, 2, 2, 3]),
                graduation_year=grad,
                experience_years=rng.randint(0, 15),
                desired_wage=rng.randrange(90_000, 260_000, 5_000),
                documents=["application", "education", "employment_record", "identity"],
                **flags[pid],
            )
        )
        if hired:
            vacancies.append(
                Vacancy(
                    employer=rng.choice(employers),
                    occupation_id=code,
                    minor_group=code[:3],
                    sub_major_group=code[:2],
                    title="",
                    wage=rng.randrange(95_000, 350_000, 5_000),
                    schedule="full_time",
                    kato_id=kato,
                    education=0,
                    status="filled",
                    opened_on=on - dt.timedelta(days=rng.randint(0, 20)),
                    closed_on=end,
                )
            )
    # Registered in the previous year and still on the register: they take measures this year
    # without counting among this year's applicants.
    for pid, birth, kato in extra:
        on = _day(rng, year - 1, dt.date(year - 1, 12, 20))
        jobseekers.append(
            Jobseeker(
                person_id=pid,
                kato_id=kato,
                registered_on=on,
                unemployed_due=add_working_days(on, 10),
                unemployed_from=add_working_days(on, 10),
                status="deregistered",
                reregistration_due=on,
                deregistered_on=dt.date(year, 12, 31),
                deregistration_ground="own_request",
                education=1,
                graduation_year=rng.randint(year - 3, year - 1) if age_on(birth, on) < 30 else None,  # noqa: PLR2004
                desired_wage=120_000,
                documents=["application", "education", "identity"],
                **flags[pid],
            )
        )
    return _finish(rng, year, today, employers, public_works, jobseekers, vacancies, scale)


def _finish(
    rng: random.Random,
    year: int,
    today: dt.date,
    employers: list[Employer],
    public_works: dict,
    jobseekers: list[Jobseeker],
    vacancies: list[Vacancy],
    scale: float,
) -> DemoResult:
    from komek.accounts.models import User

    creator = User.objects.order_by("id").first()
    if creator is None:
        raise ValueError("The demo needs a user: run `komek demo-users` first.")
    for js in jobseekers:
        js.created_by = creator
    for v in vacancies:
        v.title = _titles()[v.occupation_id]
    Jobseeker.objects.bulk_create(jobseekers, batch_size=2000)
    Vacancy.objects.bulk_create(vacancies, batch_size=2000)
    hired = [j for j in jobseekers if j.deregistration_ground == "employed"]
    JobseekerProfession.objects.bulk_create(
        [
            JobseekerProfession(
                jobseeker=j,
                occupation_id=v.occupation_id,
                minor_group=v.minor_group,
                sub_major_group=v.sub_major_group,
                active=False,
            )
            for j, v in zip(hired, vacancies, strict=False)
        ]
        + [
            JobseekerProfession(
                jobseeker=j,
                occupation_id=(c := rng.choice(PROFESSIONS)),
                minor_group=c[:3],
                sub_major_group=c[:2],
                active=j.status != "deregistered",
            )
            for j in jobseekers[len(hired) :]
        ],
        batch_size=2000,
    )
    Referral.objects.bulk_create(
        [
            Referral(
                jobseeker=j,
                vacancy=v,
                issued_on=max(j.registered_on, v.opened_on),
                follow_up_on=add_working_days(max(j.registered_on, v.opened_on), 5),
                outcome="hired",
                outcome_on=j.deregistered_on,
                issued_by=creator,
            )
            for j, v in zip(hired, vacancies, strict=False)
        ],
        batch_size=2000,
    )
    VacancyEvent.objects.bulk_create(
        [VacancyEvent(vacancy=v, status="filled", note="demo") for v in vacancies], batch_size=2000
    )
    PersonStatus.objects.bulk_create(
        [
            PersonStatus(
                person_id=j.person_id,
                kind=StatusKind.JOBSEEKER,
                subtype=NoSubtype.NONE,
                valid_from=j.registered_on,
                valid_to=j.deregistered_on,
            )
            for j in jobseekers
        ],
        batch_size=2000,
    )
    participations = _measures(rng, year, employers, public_works, jobseekers, scale)
    _open_market(rng, today, employers, creator)
    # The money allocated for short-term training is what the persons sent cost ("освоено 100%").
    spent = Participation.objects.filter(
        kind="training", kato__code__startswith="3516", date_from__year=year
    ).aggregate(total=Sum("amount"))["total"]
    for indicator, planned in PLAN.items():
        AnnualPlan.objects.create(
            year=year,
            kato_id=TOWN,
            indicator=indicator,
            planned=int(planned * scale),
            allocated=int(spent or 0) if indicator == "training" else None,
        )
    AnnualPlan.objects.create(
        year=year, kato_id=TOWN, indicator="captured", target_group="youth", planned=int(1300 * scale)
    )
    for n in range(5):
        fair = JobFair.objects.create(
            held_on=dt.date(year, 2 + 2 * n, 15),
            title=f"Ярмарка вакансий № {n + 1}",
            kato_id="351610000",
            visitors=rng.randint(150, 400),
            referrals_issued=rng.randint(20, 60),
        )
        JobFairEmployer.objects.bulk_create(
            [
                JobFairEmployer(fair=fair, employer=e, vacancies_offered=rng.randint(2, 15))
                for e in rng.sample(employers, 12)
            ]
        )
    _contracts(rng, year, jobseekers, creator)
    return DemoResult(
        created=True,
        employers=len(employers),
        vacancies=len(vacancies),
        jobseekers=len(jobseekers),
        participations=participations,
    )
