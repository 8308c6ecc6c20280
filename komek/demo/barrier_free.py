"""The demo's barrier-free environment, made through the services (no figure typed in).

Balkhash: "certification of 66 social infrastructure facilities. Of the 45 objects to be adapted, 33
objects were adapted (including in 2018 6 objects). In 2019, it is planned to adapt 6 ... (plan-80%,
actual 81.8%)" (the Balkhash department's report for 2018). The report for 2017 says "6 are adapted"
that year too; its count for 2014–2016 (19) does not add up with the report for 2018, whose figures
the demo keeps: 21 adapted in 2014–2016, 6 in 2017 and 6 in 2018.

Almaty: "planned to certify 392 objects, adapt 275 objects. The work ... is done at 100%" (the report
of the Almaty Social Welfare Department for 2020), spread over the city's districts.

And the current year of the demo town: a few objects registered, certified and adapted, so that the
register shows every state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from komek.barrier_free.choices import Finding, ObjectKind
from komek.barrier_free.models import SocialObject
from komek.barrier_free.services import adaptation_record, object_certify, object_register, plan_set

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
ALMATY = "750000000"
ALMATY_DISTRICTS = (
    "751110000", "751210000", "751310000", "751410000", "751510000", "751710000", "751810000", "751910000",
)  # fmt: skip

KINDS = (
    (ObjectKind.EDUCATION, "Школа № {n}", "КГУ «Школа № {n}»"),
    (ObjectKind.HEALTH, "Поликлиника № {n}", "КГП «Поликлиника № {n}»"),
    (ObjectKind.CULTURE, "Библиотека № {n}", "ГУ «Централизованная библиотечная система»"),
    (ObjectKind.SPORT, "Спортивный комплекс № {n}", "ГККП «Спорткомплекс»"),
    (ObjectKind.SOCIAL, "Отделение социальной помощи № {n}", "ГУ «Отдел занятости и социальных программ»"),
    (ObjectKind.TRADE, "Торговый дом № {n}", "ТОО «Торговый дом № {n}»"),
    (ObjectKind.ADMINISTRATION, "ЦОН № {n}", "НАО «Государственная корпорация «Правительство для граждан»"),
    (ObjectKind.TRANSPORT, "Автовокзал № {n}", "ТОО «Автовокзал»"),
)
STREETS = ("ул. Ленина", "ул. Абая", "ул. Бокейханова", "пр. Республики", "ул. Сатпаева", "ул. Агыбай батыра")
WORKS = "Пандус, поручни, тактильная плитка, расширение дверных проёмов, санузел для маломобильных граждан."


def _object(actor: Any, kato: str, n: int) -> SocialObject:
    kind, name, owner = KINDS[n % len(KINDS)]
    return object_register(
        actor=actor, kato=kato, name=name.format(n=n), kind=kind, owner=owner.format(n=n),
        address=f"{STREETS[n % len(STREETS)]}, {n + 1}",
    )  # fmt: skip


def _certify(actor: Any, found: SocialObject, day: dt.date, to_adapt: bool) -> None:
    finding = Finding.PARTIAL if to_adapt else Finding.ACCESSIBLE
    findings = "Нет пандуса у входа, узкие дверные проёмы, нет тактильных указателей." if to_adapt else ""
    object_certify(actor=actor, object_id=found.pk, date=day, finding=finding, findings=findings)


def _adapt(actor: Any, found: SocialObject, finished: dt.date, cost: int) -> None:
    adaptation_record(
        actor=actor, object_id=found.pk, works=WORKS, started=finished - dt.timedelta(days=60),
        finished=finished, cost=cost,
    )  # fmt: skip


def demo_balkhash(actor: Any) -> int:
    """66 objects certified in 2012–2016, 45 of them to adapt; 21 adapted in 2014–2016, 6 in 2017,
    6 in 2018; the plans of 2018 (80 %) and 2019 (6 to adapt)."""
    objects = [_object(actor, BALKHASH_TOWN, n) for n in range(1, 67)]
    for i, found in enumerate(objects):
        year = 2012 + (i % 2 if i < 45 else i % 5)  # those to adapt certified before the works (2014 on)
        _certify(actor, found, dt.date(year, 3 + i % 9, 10), to_adapt=i < 45)
    for i, found in enumerate(objects[:33]):
        year = 2014 + i % 3 if i < 21 else (2017 if i < 27 else 2018)
        _adapt(actor, found, dt.date(year, 9, 1 + i % 25), 1_500_000 + 50_000 * i)
    basis = "Программа развития города Балхаш"
    plan_set(actor=actor, kato=BALKHASH, year=2018, to_certify=0, to_adapt=6, indicator="80", basis=basis)
    plan_set(actor=actor, kato=BALKHASH, year=2019, to_certify=0, to_adapt=6, indicator="82", basis=basis)
    return len(objects)


def demo_almaty(actor: Any) -> int:
    """392 objects certified in 2020, 300 of them to adapt, 275 adapted that year, as planned."""
    objects = [_object(actor, ALMATY_DISTRICTS[n % len(ALMATY_DISTRICTS)], n) for n in range(1, 393)]
    for i, found in enumerate(objects):
        _certify(actor, found, dt.date(2020, 2 + i % 4, 1 + i % 27), to_adapt=i < 300)
    for i, found in enumerate(objects[:275]):
        _adapt(actor, found, dt.date(2020, 8 + i % 4, 1 + i % 27), 2_000_000 + 10_000 * (i % 50))
    plan_set(
        actor=actor, kato=ALMATY, year=2020, to_certify=392, to_adapt=275,
        basis="План мероприятий по обеспечению прав и улучшению качества жизни лиц с инвалидностью",
    )  # fmt: skip
    return len(objects)


def demo_this_year(actor: Any) -> int:
    """Objects of the demo town in the current year: new ones, one certified, one adapted."""
    today = timezone.localdate()
    start = max(today.replace(month=1, day=1), today - dt.timedelta(days=120))
    objects = [_object(actor, BALKHASH_TOWN, n) for n in range(101, 106)]
    _certify(actor, objects[0], start, to_adapt=True)
    _certify(actor, objects[1], start, to_adapt=True)
    if (today - start).days >= 60:
        _adapt(actor, objects[1], today, 2_400_000)
    _certify(actor, objects[2], start, to_adapt=False)
    return len(objects)


def demo_barrier_free(actor: Any) -> int:
    """The whole demo of the context (idempotent: nothing when the register holds objects)."""
    if SocialObject.objects.exists():
        return 0
    return demo_balkhash(actor) + demo_almaty(actor) + demo_this_year(actor)
