"""The employment centre of the demo town (Balkhash) over a year, modelled on its 2018 report.

The figures follow the report's employment section: about 2,486 people applied for labour
mediation and about 2,044 of them were employed; public works, social jobs, youth practice,
short-term courses at four colleges and the driving school of "Kaskad", entrepreneurship training,
microcredits and grants, five job fairs, nine social contracts, and an annual plan of 2,520 people
captured by measures. Counts are drawn with a fixed seed from the persons the registry holds, so
a run is repeatable; a second run finds the demo employers and does nothing.

This is generated reference data, written in bulk without per-row audit records (as the
registry's demo generator does).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from komek.common.workdays import add_working_days
from komek.employment.bin import make_bin
from komek.employment.codes import MeasureKind
from komek.employment.models import (
    Agreement,
    AnnualPlan,
    Course,
    Employer,
    JobFair,
    JobFairEmployer,
    Jobseeker,
    JobseekerProfession,
    Participation,
    Referral,
    TrainingProvider,
    Vacancy,
    VacancyEvent,
)
from komek.employment.params import mci
from komek.employment.targets import age_on, target_flags
from komek.registry.choices import NoSubtype, StatusKind
from komek.registry.models import Person, PersonStatus

TOWN = "351600000"
PLACES = ["351610000"] * 8 + ["351633100", "351635100"]
APPLIED, EMPLOYED = 2486, 2044
MEASURES = {
    MeasureKind.PUBLIC_WORKS: 525,
    MeasureKind.SOCIAL_JOB: 51,
    MeasureKind.YOUTH_PRACTICE: 65,
    MeasureKind.TRAINING: 238,
    MeasureKind.ENTREPRENEURSHIP: 14,
    MeasureKind.MICROCREDIT: 2,
    MeasureKind.GRANT: 5,
}
PLAN = {
    "captured": 2520,
    "applied": 2400,
    "employed": 1950,
    "public_works": 500,
    "social_job": 50,
    "youth_practice": 60,
    "training": 123,
    "entrepreneurship": 14,
    "microcredit": 2,
    "grant": 5,
}
PROFESSIONS = [
    "7212",
    "7223",
    "5120",
    "5141",
    "7512",
    "7533",
    "8322",
    "8332",
    "3313",
    "4132",
    "7411",
    "9313",
    "9112",
    "5223",
    "5414",
    "8111",
    "7233",
    "4110",
    "2330",
    "3221",
    "9622",
    "8343",
    "7126",
    "7115",
]
EMPLOYERS = [
    "ТОО «Корпорация Казахмыс»",
    "ТОО «Каскад»",
    "ТОО «Арыстан Vip Строй»",
    "ТОО «Балқаш Жібек жолы»",
    "АО «Балхашский завод цветных металлов»",
    "ТОО «Балхашская ТЭЦ»",
    "ГКП «Балхаш-Су»",
    "ТОО «Гульшат-Агро»",
    "ТОО «Саяк Сервис»",
    "ТОО «Балхаш Тепло»",
    "ИП «Нурлан»",
    "ТОО «Прибалхашье»",
]
COURSES = [
    ("Политехнический колледж корпорации «Казахмыс»", "Электрогазосварщик", "7212", 3),
    ("Политехнический колледж корпорации «Казахмыс»", "Токарь", "7223", 3),
    ("Балхашский колледж сервиса", "Повар", "5120", 3),
    ("Балхашский колледж сервиса", "Парикмахер", "5141", 3),
    ("Балхашский колледж сервиса", "Кондитер", "7512", 3),
    ("Балхашский колледж сервиса", "Швея", "7533", 3),
    ("ТОО «Каскад»", "Водитель категории «В»", "8322", 2.5),
    ("ТОО «Каскад»", "Водитель категории «С»", "8332", 2.5),
    ("Балхашский многопрофильный колледж", "Бухгалтер", "3313", 2),
    ("Балхашский многопрофильный колледж", "Компьютерные курсы", "4132", 2),
    ("Балхашский технический колледж им. Р. Кошкарбаева", "Электромонтер", "7411", 3),
]


def _titles() -> dict[str, str]:
    from komek.employment.models import Occupation

    if not _TITLES:
        _TITLES.update(Occupation.objects.values_list("code", "title_ru"))
    return _TITLES


_TITLES: dict[str, str] = {}


@dataclass
class DemoResult:
    created: bool
    employers: int = 0
    vacancies: int = 0
    jobseekers: int = 0
    participations: int = 0


def _day(rng: random.Random, year: int, last: dt.date | None = None) -> dt.date:
    end = min(dt.date(year, 12, 31), last) if last else dt.date(year, 12, 31)
    return dt.date(year, 1, 9) + dt.timedelta(days=rng.randrange((end - dt.date(year, 1, 9)).days + 1))


def _employers(rng: random.Random) -> list[Employer]:
    rows, serial = [], 1
    for i in range(60):
        name = EMPLOYERS[i] if i < len(EMPLOYERS) else f"ТОО «Балхаш-{i:02d}»"
        code = None
        while code is None:
            code = make_bin(10 + i % 9, 1 + i % 12, 50_000 + serial)
            serial += 1
        staff = rng.choice([400, 900, 1500]) if i < 11 else rng.randint(5, 240)
        size = "large" if staff > 250 else ("medium" if staff > 100 else ("small" if staff > 15 else "micro"))
        rows.append(
            Employer(
                bin=code,
                name=name,
                size=size,
                staff=staff,
                kato_id=PLACES[i % len(PLACES)],
                activity="",
                street="ул. Ленина",
            )
        )
    return Employer.objects.bulk_create(rows)


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
    for indicator, planned in PLAN.items():
        AnnualPlan.objects.create(year=year, kato_id=TOWN, indicator=indicator, planned=int(planned * scale))
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
                fields |= {"course": course, "date_to": end}
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
