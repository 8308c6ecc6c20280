"""A year of the microfinance organisations' work for the demo's Almaty (its Almaly district) and
Balkhash, generated through the services: the organisations, the money provided (the year's plans),
the centre's referrals and the organisations' decisions, imported from their files as they would
send them. No figure is typed in: a seeded generator draws each referral's outcome and amount, and
the money provided is what the drawn microcredits and guarantees come to, as the report of the
Almaty Social Welfare Department for 2020 shows it (section VII: "предусмотрено ... 2 002,6 млн.
тенге ... Профинансировано 154 проекта на 2 032,3 млн. тенге ... ЦЗН выдано направлений – 330 чел.").

Each town's volumes are its shares of what the report tells (Almaty: ~330 referrals, ~47% of them
financed, ~1% approved and awaiting the money, ~6% with a guarantee); Balkhash's a smaller town's.
Invented for the demo: the organisations and their BINs, the projects, the dates and the amounts.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from komek.employment.bin import make_bin
from komek.employment.choices import Indicator, MicrocreditDecision
from komek.employment.models import AnnualPlan, MicrofinanceOrganisation
from komek.employment.services.microfinance import (
    DECISION_COLUMNS,
    microcredit_decisions_import,
    microcredit_referral_issue,
    microfinance_organisation_register,
)
from komek.employment.services.plans import plan_set
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create

YEAR = 2020


@dataclass(frozen=True)
class Town:
    """A town's year: where, how many referrals about, the shares of the outcomes, the average
    microcredit (tenge) and the organisations."""

    name: str
    plan_kato: str
    home: str
    referrals: int
    financed: float
    awaiting: float
    guarantee: float
    refused: float
    average: int
    organisations: tuple[str, ...]
    seed: int


TOWNS = (
    Town(
        "Almaty", "750000000", "751110000", 330, 0.47, 0.01, 0.064, 0.30, 13_200_000,
        ("МФО «Шинхан Финанс»", "МФО «КМФ»", "МФО «Арнур Кредит»"), 2020,
    ),
    Town(
        "Balkhash", "351600000", "351610000", 64, 0.45, 0.03, 0.08, 0.30, 4_800_000,
        ("МФО «Береке Балқаш»",), 2018,
    ),
)  # fmt: skip
SURNAMES = ("Ахметов", "Ким", "Садыкова", "Иванова", "Жумабеков", "Оспанова", "Нургалиев")
NAMES = ("Асель", "Бахыт", "Гульнара", "Данияр", "Еркебулан", "Жанна", "Нурлан", "Айгерим", "Тимур")
PROJECTS = (
    "Кондитерский цех",
    "Швейная мастерская",
    "Автомойка",
    "Разведение КРС",
    "Парикмахерская",
    "Теплица",
    "Столярная мастерская",
    "Пункт шиномонтажа",
)


def _adults(actor: Any, town: Town, count: int) -> list[Person]:
    """Adults of the town's registry, the demo's own persons made through the registry when the
    registry holds fewer."""
    prefix = town.home.rstrip("0")[:4]
    found = list(
        Person.objects.filter(Q(kato__code__startswith=prefix), birth_date__year__range=(1962, 2000))
        .exclude(iin="")
        .order_by("id")[:count]
    )
    serial = 1000
    while len(found) < count:
        n = len(found)
        born, sex = dt.date(1970 + n % 28, 1 + n % 12, 1 + n % 28), ("male", "female")[n % 2]
        iin = None
        while iin is None or Person.objects.filter(iin=iin).exists():
            serial += 1
            iin = make_iin(born, sex, serial)  # type: ignore[arg-type]
        found.append(
            person_create(
                actor=actor,
                iin=iin,
                surname=SURNAMES[n % len(SURNAMES)],
                name=NAMES[n % len(NAMES)],
                birth_date=born,
                sex=sex,
                kato=town.home,
                street=f"ул. Абая, {n % 90 + 1}",
            )  # fmt: skip
        )
    return found


def _rounded(amount: float, step: int) -> int:
    """Whole tenge rounded to ``step``."""
    return round(amount / step) * step


def _day(rng: random.Random, after: dt.date, days: int) -> dt.date:
    return min(after + dt.timedelta(days=rng.randint(1, days)), dt.date(YEAR, 12, 31))


def _town(actor: Any, town: Town, scale: int) -> int:
    rng = random.Random(town.seed)  # noqa: S311 (demo data, not security)
    organisations = []
    for i, name in enumerate(town.organisations):
        code = None
        serial = 3000 + 10 * i + town.seed % 97
        while code is None:
            serial += 1
            code = make_bin(2010 + i, 3 + i, serial)
        organisations.append(
            microfinance_organisation_register(actor=actor, bin=code, name=name, kato=town.plan_kato)
        )
    count = max(3, round(rng.gauss(town.referrals, town.referrals * 0.03) / scale))
    persons = _adults(actor, town, count)
    rows: dict[int, list[str]] = {o.pk: [] for o in organisations}
    lent = guaranteed = 0
    for i, person in enumerate(persons):
        organisation = organisations[i % len(organisations)]
        referred = dt.date(YEAR, 1, 10) + dt.timedelta(days=rng.randint(0, 330))
        referral = microcredit_referral_issue(
            actor=actor, organisation_id=organisation.pk, iin=person.iin, referred_on=referred,
            project=PROJECTS[rng.randrange(len(PROJECTS))],
        )  # fmt: skip
        amount = max(500_000, _rounded(rng.lognormvariate(0, 0.35) * town.average, 10_000))
        draw = rng.random()
        decisions: list[tuple[str, dt.date, int]] = []
        if draw < town.financed + town.awaiting:
            approved = _day(rng, referred, 20)
            decisions.append((MicrocreditDecision.APPROVED, approved, amount))
            if draw < town.financed:
                decisions.append((MicrocreditDecision.FINANCED, _day(rng, approved, 25), amount))
                lent += amount
            if rng.random() < town.guarantee / (town.financed + town.awaiting):
                share = _rounded(amount * rng.choice((0.5, 0.6, 0.7)), 10_000)
                decisions.append((MicrocreditDecision.GUARANTEE, _day(rng, approved, 10), share))
                guaranteed += share
        elif draw < town.financed + town.awaiting + town.refused:
            decisions.append((MicrocreditDecision.REFUSED, _day(rng, referred, 30), 0))
        rows[organisation.pk] += [
            f"{referral.pk},{person.iin},{kind},{day.isoformat()},{money}" for kind, day, money in decisions
        ]
    for organisation in organisations:
        if rows[organisation.pk]:
            content = "\n".join([",".join(DECISION_COLUMNS), *rows[organisation.pk]]).encode()
            microcredit_decisions_import(
                actor=actor, organisation_id=organisation.pk, content=content,
                filename=f"decisions-{organisation.bin}-{YEAR}.csv",
            )  # fmt: skip
    # The money provided: what was lent and guaranteed, with the carried-over funds the report
    # speaks of ("с учетом переходящих средств") drawn as a few per cent either way.
    provided = _rounded(lent * rng.uniform(0.97, 1.02), 100_000)
    plan_set(
        actor=actor, year=YEAR, kato=town.plan_kato, indicator=Indicator.MICROCREDIT_FUND, planned=provided
    )
    plan_set(
        actor=actor, year=YEAR, kato=town.plan_kato, indicator=Indicator.GUARANTEE_FUND,
        planned=_rounded(guaranteed * rng.uniform(0.8, 0.95), 100_000),
    )  # fmt: skip
    return len(persons)


def demo_microfinance(actor: Any, *, small: bool = False) -> int:
    """Almaty's and Balkhash's year (idempotent: nothing when an organisation is there); ``small``:
    a tenth of the volumes, for the tests. Returns the referrals made."""
    if (
        MicrofinanceOrganisation.objects.exists()
        or AnnualPlan.objects.filter(year=YEAR, indicator=Indicator.MICROCREDIT_FUND).exists()
    ):
        return 0
    return sum(_town(actor, town, 10 if small else 1) for town in TOWNS)
