"""The demo's work with veterans in the demo town's 2018, made through the services (no figure typed in).

"There are 5 veterans of the Great Patriotic War in the city including. - PGPW - 4 people., IGPW –1,
workers of the rear and other categories of citizens, equated to them –742 people. To provide attention
on birthdays, on holidays ... the participants of the Great Patriotic War are for life assigned to the
enterprises of the town. ... a Memorandum was concluded with the municipal enterprises of the town on
exemption from paying utility expenses. From the beginning of the year, 14 dates of commemoration of
veterans of PGPW, workers of the rear and long-livers of the town at home with the presentation of a
memorable gift and a grocery basket were organized ... 22 events have been held, attracting sponsorship
in the amount of 1.0 million tenge, covering 878 people" (the Balkhash department's report for 2018).

The report does not split the 742 between home-front workers and equated persons, nor give the gifts'
value, the sponsors or the events' titles: the demo's split (700 and 42), the gift of 20 000 tenge,
the sponsorship spread over the 22 events (45 455 tenge each, the last 45 445) by the five enterprises
in turn (the charity register names them as partners, ``komek.demo.charity``) and the names are the
demo's own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create
from komek.veterans.choices import Category, Occasion
from komek.veterans.models import Veteran
from komek.veterans.services import (
    event_record,
    exemption_grant,
    memorandum_record,
    patronage_assign,
    veteran_record,
    visit_record,
)

BALKHASH_TOWN = "351610000"
YEAR = 2018
RECORDED = dt.date(YEAR, 1, 9)
#: The report's figures for 2018 (the test checks the records give them back).
PARTICIPANTS, DISABLED, HOME_FRONT, EQUATED = 4, 1, 700, 42
VISITS, EVENTS, COVERED, SPONSORSHIP = 14, 22, 878, 1_000_000
SURNAMES = ("Ахметов", "Жумабаев", "Иванов", "Серікбаев", "Петров", "Касымов", "Нурпеисов", "Ким")
NAMES = ("Асхат", "Бекет", "Василий", "Ерлан", "Жаксылык", "Кайрат", "Николай", "Талгат")
ENTERPRISES = (
    ("ТОО «Казахмыс Смелтинг»", ""),
    ("ГКП «Балқаш су»", ""),
    ("АО «Балхашская ТЭЦ»", ""),
    ("ТОО «Балхашское автотранспортное предприятие»", ""),
    ("ГКП «Балқаш жылу»", ""),
)
TERMS = "Освобождение участников и инвалидов ВОВ от оплаты коммунальных услуг (вода, тепло, электричество)."
_serials = iter(range(7000, 10**4))


def _person(actor: Any, n: int, born: dt.date) -> Person:
    while True:
        iin = make_iin(born, "male", next(_serials))  # type: ignore[arg-type]
        if iin is not None and not Person.objects.filter(iin=iin).exists():
            break
    return person_create(
        actor=actor, iin=iin, surname=SURNAMES[n % len(SURNAMES)], name=NAMES[(n // 8) % len(NAMES)],
        birth_date=born, sex="male", kato=BALKHASH_TOWN, street=f"ул. Ленина, {n % 90 + 1}",
    )  # fmt: skip


def _veterans(actor: Any, home_front: int, equated: int) -> list[Veteran]:
    plan = [
        *[(Category.WWII_PARTICIPANT, dt.date(1922 + i, 3, 1 + i)) for i in range(PARTICIPANTS)],
        *[(Category.WWII_DISABLED, dt.date(1924, 11, 7)) for _i in range(DISABLED)],
        *[(Category.HOME_FRONT, dt.date(1927 + i % 4, 1 + i % 12, 1 + i % 28)) for i in range(home_front)],
        *[(Category.EQUATED, dt.date(1926 + i % 6, 1 + i % 12, 1 + i % 28)) for i in range(equated)],
    ]
    made = []
    for n, (category, born) in enumerate(plan):
        person = _person(actor, n, born)
        made.append(veteran_record(actor=actor, iin=person.iin, category=category, recorded_on=RECORDED))
    return made


def demo_veterans(actor: Any, *, small: bool = False) -> int:
    """The demo town's 2018 (idempotent: nothing when veterans are recorded); ``small``: only ten
    home-front workers and equated persons instead of the 742, for the tests walking every page."""
    if Veteran.objects.exists():
        return 0
    made = _veterans(actor, 8 if small else HOME_FRONT, 2 if small else EQUATED)
    war = made[: PARTICIPANTS + DISABLED]
    for veteran, (patron, bin_) in zip(war, ENTERPRISES, strict=True):
        patronage_assign(actor=actor, veteran_id=veteran.pk, patron=patron, patron_bin=bin_, started=RECORDED)
    memo = memorandum_record(
        actor=actor, kato=BALKHASH_TOWN, supplier="Коммунальные предприятия города Балхаш",
        signed=dt.date(YEAR, 2, 1), valid_from=dt.date(YEAR, 2, 1), valid_to=dt.date(YEAR, 12, 31),
        terms=TERMS,
    )  # fmt: skip
    for veteran in war:
        exemption_grant(
            actor=actor, veteran_id=veteran.pk, memorandum_id=memo.pk, started=dt.date(YEAR, 2, 1),
            ended=dt.date(YEAR, 12, 31),
        )  # fmt: skip
    visited = [*war, *made[PARTICIPANTS + DISABLED : PARTICIPANTS + DISABLED + VISITS - len(war)]]
    for n, veteran in enumerate(visited):
        visit_record(
            actor=actor, veteran_id=veteran.pk,
            date=dt.date(YEAR, 5, 7) if n < len(war) else dt.date(YEAR, 10, 1),
            occasion=Occasion.VICTORY_DAY if n < len(war) else Occasion.ELDERLY_DAY,
            visitors="Аким города, отдел занятости и социальных программ",
            gift="Памятный подарок и продуктовая корзина", gift_value=20_000,
        )  # fmt: skip
    per_event, share = COVERED // EVENTS, round(SPONSORSHIP / EVENTS)
    for n in range(EVENTS):
        covered = per_event + (COVERED - per_event * EVENTS if n == EVENTS - 1 else 0)
        money = share if n < EVENTS - 1 else SPONSORSHIP - share * (EVENTS - 1)
        event_record(
            actor=actor, kato=BALKHASH_TOWN, date=dt.date(YEAR, 1 + n % 12, 5 + n // 12),
            title=f"Встреча ветеранов № {n + 1}",
            occasion=Occasion.VICTORY_DAY if n % 12 == 4 else Occasion.OTHER, covered=covered,
            veterans=[v.pk for v in war] if n % 12 == 4 else (),
            sponsor=ENTERPRISES[n % len(ENTERPRISES)][0], sponsorship=money,
        )  # fmt: skip
    return len(made)
