"""The demo's special social services: social workers and their home-care clients with visits,
day care for children, institutions with a placement queue and residents, social-order projects."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from komek.accounts.choices import Role
from komek.accounts.models import User
from komek.accounts.services import user_create
from komek.demo.guard import demo_actor
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import (
    CareEnrolment,
    CareVisit,
    Institution,
    Placement,
    ProjectBeneficiary,
    SocialOrderProject,
)

INSTITUTIONS = [
    ("Карагандинский психоневрологический медико-социальный центр", "psychoneurological", 300, "351010000"),
    ("Жезказганский центр оказания специальных социальных услуг", "elderly_disabled", 150, "351610000"),
    ("Центр социальных услуг «Демеу»", "psychoneurological", 710, "751110000"),
    ("Центр социальных услуг «Шапағат»", "children_psychoneurological", 80, "751110000"),
]
PROJECTS = {
    "351600000": [
        (
            "Транспортные услуги для лиц с инвалидностью 1, 2 групп и детей с инвалидностью до 16 лет",
            60,
            4_900_000,
        ),
        ("Социальное обслуживание на дому одиноких лиц с инвалидностью 1–2 групп", 40, 5_200_000),
        ("Компьютерный класс для досуга детей и молодёжи с инвалидностью", 25, 2_100_000),
    ],
    # Almaty's early intervention («Кенес») is a stay service of its 2020 (demo.rehabilitation.special).
}


def social_workers(district: str) -> list[User]:
    workers = []
    for n in (1, 2, 3):
        username = f"demo_social_worker_{district[:4]}_{n}"
        user = User.objects.filter(username=username).first() or user_create(
            actor=demo_actor(),  # type: ignore[arg-type]  # accounts is moving to policy.Actor
            username=username,
            password=secrets.token_urlsafe(24),
            role=Role.REHABILITATION_SPECIALIST,
            units=[district],
            first_name="Социальный работник",
            last_name=str(n),
        )
        workers.append(user)
    return workers


def care(district: str, disabled: list[Person], on: dt.date, rng: random.Random) -> None:
    """Home-care clients (lonely elderly and disabled of groups I–II) with weekly visits, day care for
    children, the placement queue by profile, residents, and the district's social-order projects."""
    workers = social_workers(district)
    elderly = list(
        Person.objects.filter(
            kato__code__startswith=district[:4],
            birth_date__lte=dt.date(on.year - 75, 1, 1),
            death_date__isnull=True,
        ).exclude(pk__in=[p.pk for p in disabled])[:38]
    )
    adults = [p for p in disabled if p.birth_date <= dt.date(on.year - 18, 1, 1)]
    children = [p for p in disabled if p.birth_date > dt.date(on.year - 18, 1, 1)]
    waiting, elderly = elderly[30:], elderly[:30]
    home = [(p, choices.CareCategory.LONELY_ELDERLY) for p in elderly] + [
        (p, choices.CareCategory.DISABLED) for p in adults[:30]
    ]
    started = on - dt.timedelta(days=200)
    enrolments = CareEnrolment.objects.bulk_create(
        [
            CareEnrolment(
                person=p,
                setting=choices.CareSetting.HOME,
                category=cat,
                provider="Отделение социальной помощи на дому",
                social_worker=workers[i % len(workers)],
                applied_on=started - dt.timedelta(days=20),
                started_on=started,
            )
            for i, (p, cat) in enumerate(home)
        ]
        + [
            CareEnrolment(
                person=p,
                setting=choices.CareSetting.HOME,
                category=choices.CareCategory.LONELY_ELDERLY,
                provider="Отделение социальной помощи на дому",
                applied_on=on - dt.timedelta(days=12 * (i + 1)),
            )
            for i, p in enumerate(waiting)
        ]
        + [
            CareEnrolment(
                person=p,
                setting=choices.CareSetting.DAY,
                category=choices.CareCategory.DISABLED_CHILD,
                provider="Отделение дневного пребывания",
                applied_on=started - dt.timedelta(days=20),
                started_on=started,
            )
            for p in children[:12]
        ]
    )
    visits = [
        CareVisit(
            enrolment=e,
            visited_on=on - dt.timedelta(days=7 * w + rng.randint(0, 4)),
            minutes=rng.choice([45, 60, 90]),
            services="Покупка продуктов, уборка, сопровождение в поликлинику",
            social_worker=e.social_worker,
        )
        for e in enrolments
        if e.social_worker is not None
        for w in range(1, 5)
    ]
    CareVisit.objects.bulk_create(visits)
    institutions = {}
    for name, profile, beds, kato in INSTITUTIONS:
        institutions[name], _ = Institution.objects.get_or_create(
            name=name, defaults={"profile": profile, "beds": beds, "kato": kato}
        )
    local = [
        i for i in institutions.values() if i.profile == "psychoneurological" and i.kato[:2] == district[:2]
    ]
    rest = adults[30:]
    placements = [
        Placement(
            person=p,
            profile="psychoneurological",
            district=district,
            applied_on=on - dt.timedelta(days=30 + 9 * i),
            priority=choices.Priority.GENERAL,
        )
        for i, p in enumerate(rest[:21])
    ]
    for p in placements[:4]:
        if local:
            p.status, p.institution, p.admitted_on = (
                choices.PlacementStatus.ADMITTED,
                local[0],
                p.applied_on + dt.timedelta(days=20),
            )
    Placement.objects.bulk_create(placements)
    for title, people, amount in PROJECTS.get(district, []):
        project = SocialOrderProject.objects.create(
            title=title,
            provider="ОО «Общество инвалидов»",
            provider_bin="050140001234",
            year=on.year,
            district=district,
            planned_people=people,
            planned_amount=amount,
            spent_amount=amount * 3 // 4,
        )
        served = {p.pk: p for p in (disabled[: people // 2])}
        ProjectBeneficiary.objects.bulk_create(
            [
                ProjectBeneficiary(
                    project=project,
                    person=p,
                    served_on=max(dt.date(on.year, 1, 15), on - dt.timedelta(days=20)),
                )
                for p in served.values()
            ]
        )
