"""The demo's centres of the demo town (Balkhash), a year of each made through the services.

The departments' reports of Balkhash for 2017 and 2018 give no figures of these centres; the report
of the Almaty Social Welfare Department for 2020 gives the city's ("Всего в центрах зарегистрировано
33 848 чел. ...", "В ЦАДах зарегистрировано 21 397 чел. ... онлайн услуги получили – 4 706
пенсионеров", the crafts centre: "Обратилось 3 258 чел. ... услуги психолога получили – 1,5 тыс.
чел., юриста – 5,5 тыс. чел., социального работника – 3,9 тыс. чел."). The demo town's year keeps
the kinds of those reports at the scale of a small town: the numbers below are the demo's own
(ADR 0036), and a test checks that the records give them back.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from komek.centres.choices import CentreKind, EventKind, ServiceKind
from komek.centres.models import Centre
from komek.centres.services import centre_create, event_record, person_register, service_record
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create

TOWN = "351610000"
YEAR = 2020

#: kind, name, address, persons registered, services {kind: (in person, online)}, events
#: (title, kind, month, participants, online).
CENTRES: tuple[dict[str, Any], ...] = (
    {
        "kind": CentreKind.FAMILY,
        "name": "Центр «Бақытты отбасы» города Балхаш",
        "address": "ул. Ленина, 12",
        "registered": 40,
        "services": {
            ServiceKind.INFORMATION: (30, 10),
            ServiceKind.LEGAL: (12, 8),
            ServiceKind.PSYCHOLOGICAL: (10, 6),
            ServiceKind.SOCIAL_WORK: (14, 0),
            ServiceKind.TRAINING: (20, 5),
            ServiceKind.LARGE_FAMILY_COURSE: (16, 4),
            ServiceKind.HEALTH: (9, 0),
        },
        "events": (
            ("Мастер-класс для матерей и детей", EventKind.MASTER_CLASS, 3, 18, True),
            ("Тренинг «Счастливая семья»", EventKind.TRAINING, 6, 25, False),
            ("День семьи", EventKind.CULTURAL, 9, 60, False),
        ),
    },
    {
        "kind": CentreKind.CRAFTS,
        "name": "Центр развития традиционного ремесла",
        "address": "ул. Абая, 7",
        "registered": 20,
        "services": {
            ServiceKind.CRAFT_COURSE: (24, 6),
            ServiceKind.PSYCHOLOGICAL: (4, 0),
            ServiceKind.LEGAL: (6, 0),
            ServiceKind.SOCIAL_WORK: (5, 0),
        },
        "events": (("Ярмарка изделий народных промыслов", EventKind.CULTURAL, 11, 45, False),),
    },
    {
        "kind": CentreKind.LONGEVITY,
        "name": "Центр активного долголетия",
        "address": "пр. Республики, 20",
        "registered": 30,
        "services": {
            ServiceKind.MEDICAL: (10, 12),
            ServiceKind.PSYCHOLOGICAL: (4, 6),
            ServiceKind.HEALTH: (25, 10),
            ServiceKind.CULTURAL: (15, 5),
            ServiceKind.TRAINING: (8, 4),
        },
        "events": (
            ("Скандинавская ходьба", EventKind.SPORT, 2, 22, False),
            ("Месячник пожилого человека", EventKind.CULTURAL, 10, 80, False),
            ("Экскурсия по городу", EventKind.EXCURSION, 8, 20, False),
        ),
    },
)

SURNAMES = ("Ахметова", "Бекова", "Садыкова", "Иванова", "Касымова", "Жумабаева", "Петрова", "Нурланова")
NAMES = ("Айгуль", "Гульнара", "Сауле", "Мария", "Динара", "Асель", "Елена", "Жанар")
_serials = itertools.count(7001)


def _person(actor: Any, n: int, *, pensioner: bool) -> Person:
    birth = (
        dt.date(1948 + n % 10, 1 + n % 12, 1 + n % 27) if pensioner else dt.date(1980 + n % 15, 1 + n % 12, 5)
    )
    while True:
        iin = make_iin(birth, "female", next(_serials))
        if iin is not None and not Person.objects.filter(iin=iin).exists():
            break
    return person_create(
        actor=actor, iin=iin, surname=SURNAMES[n % len(SURNAMES)], name=NAMES[(n // 8) % len(NAMES)],
        kato=TOWN, street=f"ул. Сатпаева, {n + 1}",
    )  # fmt: skip


def demo_centre(actor: Any, spec: dict[str, Any], start: int, persons: list[Person] | None = None) -> Centre:
    """One centre and its year: the persons registered in January–March, services through the year
    (each to a registered person), the events. ``persons``: registry persons to register (else new
    ones are made)."""
    centre = centre_create(
        actor=actor, kato=TOWN, kind=spec["kind"], name=spec["name"], address=spec["address"]
    )
    pensioners = spec["kind"] == CentreKind.LONGEVITY
    if persons is None:
        persons = [_person(actor, start + i, pensioner=pensioners) for i in range(spec["registered"])]
    for i, person in enumerate(persons):
        person_register(actor=actor, centre_id=centre.pk, iin=person.iin, date=dt.date(YEAR, 1 + i % 3, 10))
    n = 0
    for kind, (in_person, online) in spec["services"].items():
        for k in range(in_person + online):
            person = persons[n % len(persons)]
            day = dt.date(YEAR, 4 + n % 9, 1 + n % 28)
            service_record(
                actor=actor, centre_id=centre.pk, iin=person.iin, date=day, kind=kind, online=k >= in_person
            )
            n += 1
    for title, kind, month, participants, online in spec["events"]:
        event_record(
            actor=actor, centre_id=centre.pk, date=dt.date(YEAR, month, 15), title=title, kind=kind,
            participants=participants, online=online,
        )  # fmt: skip
    return centre


def demo_centres(actor: Any) -> int:
    """The centres of the demo town with a year of records (idempotent: nothing when centres exist)."""
    if Centre.objects.exists():
        return 0
    start = 0
    for spec in CENTRES:
        demo_centre(actor, spec, start)
        start += spec["registered"]
    return len(CENTRES)


def demo_one_centre(actor: Any) -> Centre:
    """A single small family centre (three persons, a few services, one event): the walk of every page
    needs one centre, not the whole year of the demo."""
    spec = {
        **CENTRES[0],
        "registered": 3,
        "services": {ServiceKind.LEGAL: (2, 1)},
        "events": CENTRES[0]["events"][:1],
    }
    town = list(
        Person.objects.filter(kato__code__startswith=TOWN[:4], birth_date__lt=dt.date(2000, 1, 1)).order_by(
            "pk"
        )[:3]
    )
    return demo_centre(actor, spec, 500, persons=town or None)
