"""The demo's Enbek programme's people in Almaty's 2020, made through the services (no figure typed in).

"В рамках первого направления техническим и профессиональным образованием (ТиПО) запланировано
охватить 2500 выпускников 9-11 классов ... Выделено 5 123,4 млн. тенге, освоено 100%. Продолжают
обучение с 2017 года 8 384 чел. (отчислено 464 чел., завершили обучение 1 358 чел., трудоустроено
913 чел., досажены 206 чел.)"; "Проведен республиканский конкурс «Еңбек жолы», приняли участие 10
претендентов. Путем онлайн голосования определены 3 победителя по каждой номинации. В рамках конкурса
«Парыз-2020» поданы заявки от 5 субъектов частного предпринимательства по двум номинациям"; "количество
граждан, не имеющих социальный статус, снизилось с 470 тыс. (апрель 2017 г.) до 14,3 тыс. чел.
Госорганами подтверждены статусы 455,7 тыс. чел. или 97%. С 2019 года вовлечено в госпрограмму «Еңбек»
15 221 чел. (постоянные рабочие места – 8 554 чел., временные – 5 443 чел., краткосрочное профобучение –
1 121 чел., поддержка предпринимательских инициатив – 55 чел., Бастау Бизнес – 48 чел.)" (the report of
the Almaty Social Welfare Department for 2020, section VII).

Scale (ADR 0046): each record is a person of the registry made through the registry's service, so the
report's thousands are recorded at a tenth (vocational education, the involvement in the programme)
and its hundreds of thousands at a hundredth (the lists of persons without a status), each count
rounded, at least one; the plan and its money, and the contests, are recorded as the report gives them.
Invented for the demo only: the colleges, specialities and categories, the dates, the split of the
10 participants of Еңбек жолы into two nominations of five (three winners each), the split of Парыз's
five applications (three and two) and their BINs, every name, and the youth projects' participants
(the report names the projects without a number).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from komek.employment.bin import make_bin
from komek.employment.models import TipoPlan
from komek.employment.services.contests import contest_entry_record, contest_record, winners_declare
from komek.employment.services.programme import tipo_enrol, tipo_plan_set, tipo_step, youth_record
from komek.employment.services.social_status import involvement_record, statuses_import
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create

ALMATY = "750000000"
HOME = "751110000"  # the demo's slice of Almaty: the Almaly district
YEAR = 2020
#: The report's figures (the test checks the records give them back at the demo's scale).
PLAN, ALLOCATED = 2500, 5_123_400_000
STUDYING, EXPELLED, FINISHED, EMPLOYED, VACANT = 8384, 464, 1358, 913, 206
WITHOUT_STATUS, CONFIRMED = 470_000, 455_700
INVOLVED = {"permanent": 8554, "temporary": 5443, "training": 1121, "entrepreneurship": 55, "bastau": 48}
TIPO_SCALE, STATUS_SCALE = 10, 100
COLLEGES = (
    ("Алматинский государственный политехнический колледж", "Электромонтёр"),
    ("Алматинский колледж строительства и менеджмента", "Каменщик"),
    ("Алматинский индустриально-технический колледж", "Сварщик"),
    ("Высший медицинский колледж", "Младшая медицинская сестра"),
    ("Алматинский колледж сервиса", "Повар"),
)
CATEGORIES = ("graduate", "low_income", "unemployed", "graduate", "other")
SURNAMES = ("Сейткали", "Омаров", "Касымова", "Тлеубаев", "Абенова", "Жаксылыков", "Нуржанова", "Бекмухамбет")
NAMES = ("Арман", "Дана", "Ержан", "Камила", "Мирас", "Аружан", "Санжар", "Томирис")
_serials = itertools.cycle(range(5000, 10000))  # the IIN's four serial digits


def scaled(count: int, scale: int) -> int:
    """A count of the report recorded at 1/``scale``, rounded, at least one."""
    return max(1, round(count / scale))


def _person(actor: Any, n: int, born: dt.date) -> Person:
    sex = "male" if n % 2 else "female"
    while True:
        iin = make_iin(born, sex, next(_serials))  # type: ignore[arg-type]
        if iin is not None and not Person.objects.filter(iin=iin).exists():
            break
    return person_create(
        actor=actor, iin=iin, surname=SURNAMES[n % len(SURNAMES)], name=NAMES[(n // 8) % len(NAMES)],
        birth_date=born, sex=sex, kato=HOME, street=f"ул. Жибек Жолы, {n % 150 + 1}",
    )  # fmt: skip


def _young(actor: Any, n: int) -> Person:
    return _person(actor, n, dt.date(2002 + n % 4, 1 + n % 12, 1 + n % 28))


def _tipo(actor: Any, scale: int) -> None:
    tipo_plan_set(actor=actor, kato=ALMATY, year=YEAR, persons=PLAN, allocated=ALLOCATED, spent=ALLOCATED)
    studying, vacant = scaled(STUDYING, scale), scaled(VACANT, scale)
    finished, employed, expelled = scaled(FINISHED, scale), scaled(EMPLOYED, scale), scaled(EXPELLED, scale)

    def enrol(n: int, started: dt.date, on_vacant: bool = False) -> Any:
        college, speciality = COLLEGES[n % len(COLLEGES)]
        return tipo_enrol(
            actor=actor, iin=_young(actor, n).iin, college=college, speciality=speciality, started=started,
            category=CATEGORIES[n % len(CATEGORIES)], vacant_place=on_vacant,
        )  # fmt: skip

    n = 0
    for i in range(studying):  # continuing at the end of 2020: enrolled from 2017 to 2020
        n += 1
        on_vacant = i < vacant
        enrol(n, dt.date(YEAR, 10, 1) if on_vacant else dt.date(2017 + i % 4, 9, 1), on_vacant)
    for i in range(expelled):
        n += 1
        found = enrol(n, dt.date(2018 + i % 2, 9, 1))
        tipo_step(actor=actor, enrolment_id=found.pk, status="expelled", date=dt.date(YEAR, 3 + i % 6, 15))
    for i in range(finished):
        n += 1
        found = enrol(n, dt.date(2017 + i % 2, 9, 1))
        tipo_step(actor=actor, enrolment_id=found.pk, status="finished", date=dt.date(YEAR, 6, 30))
        if i < employed:
            tipo_step(
                actor=actor, enrolment_id=found.pk, status="employed", date=dt.date(YEAR, 8, 1 + i % 28)
            )


def _youth(actor: Any) -> None:
    for i in range(20):
        ended = i < 12
        youth_record(
            actor=actor, iin=_young(actor, 9000 + i).iin, project="zhas_maman", started=dt.date(YEAR, 2, 1),
            ended=dt.date(YEAR, 8, 31) if ended else None, outcome="employed" if ended else "in_progress",
        )  # fmt: skip
    for i in range(10):
        ended = i < 4
        youth_record(
            actor=actor, iin=_young(actor, 9100 + i).iin, project="zhas_kasipker",
            started=dt.date(YEAR, 3, 1), ended=dt.date(YEAR, 11, 30) if ended else None,
            outcome="business" if ended else "in_progress",
        )  # fmt: skip


def _contests(actor: Any) -> None:
    enbek = contest_record(
        actor=actor, kind="enbek_zholy", year=YEAR, kato=ALMATY, title="Еңбек жолы — 2020",
        nominations=[("Лучший наставник", 3), ("Лучший по профессии", 3)],
    )  # fmt: skip
    for k, nomination in enumerate(enbek.nominations.order_by("id")):
        entries = [
            contest_entry_record(
                actor=actor,
                nomination_id=nomination.pk,
                applied=dt.date(YEAR, 3, 2 + i),
                iin=_person(actor, 9200 + 5 * k + i, dt.date(1975 + i, 5, 1)).iin,
            )  # fmt: skip
            for i in range(5)
        ]
        winners_declare(actor=actor, nomination_id=nomination.pk, entry_ids=[e.pk for e in entries[:3]])
    paryz = contest_record(
        actor=actor, kind="paryz", year=YEAR, kato=ALMATY, title="Парыз — 2020",
        nominations=[("Лучшее социально ответственное предприятие", 1), ("Лучший коллективный договор", 1)],
    )  # fmt: skip
    serial = 7000
    for k, nomination in enumerate(paryz.nominations.order_by("id")):
        for i in range(3 - k):
            code = None
            while code is None:
                serial += 1
                code = make_bin(2008 + i, 1 + k, serial)
            contest_entry_record(
                actor=actor, nomination_id=nomination.pk, applied=dt.date(YEAR, 6, 1 + i),
                enterprise=f"ТОО «Алматы Серіктестік {k + 1}-{i + 1}»", bin=code,
            )  # fmt: skip


def _confirmed_on(share: float) -> dt.date:
    """The statuses are confirmed over the years to the end of 2020, the most in the first (the report's
    "97%" by 2020): the demo's split, 60%, 20%, 12% and the rest."""
    year = 2017 if share < 0.6 else 2018 if share < 0.8 else 2019 if share < 0.92 else YEAR  # noqa: PLR2004
    return dt.date(year, 9 if year == 2017 else 6, 1)  # noqa: PLR2004


def _statuses(actor: Any, status_scale: int, involved_scale: int) -> None:
    listed, confirmed = scaled(WITHOUT_STATUS, status_scale), scaled(CONFIRMED, status_scale)
    persons = [
        _person(actor, 10000 + i, dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)) for i in range(listed)
    ]
    rows = ["iin,status_found,date"] + [f"{p.iin},no,2017-04-15" for p in persons]
    statuses_import(actor=actor, content="\n".join(rows).encode())
    confirms = [
        f"{p.iin},yes,{_confirmed_on(i / confirmed).isoformat()}" for i, p in enumerate(persons[:confirmed])
    ]
    statuses_import(actor=actor, content="\n".join(["iin,status_found,date", *confirms]).encode())
    from komek.employment.models import StatusCase

    cases = list(StatusCase.objects.filter(person__in=persons).order_by("id").values_list("pk", flat=True))
    n = 0
    for measure, count in INVOLVED.items():
        for i in range(scaled(count, involved_scale)):
            involvement_record(actor=actor, case_id=cases[n % len(cases)], measure=measure,
                               date=dt.date(YEAR, 1 + i % 12, 1 + i % 28))  # fmt: skip
            n += 1


def demo_programme_people(actor: Any, *, small: bool = False) -> int:
    """Almaty's 2020 (idempotent: nothing when the year's plan is there); ``small``: a hundredth of
    the demo's scale, for the tests walking every page. Returns the enrolments made."""
    from komek.demo.training import demo_training  # it reuses this module's persons and scale

    if TipoPlan.objects.filter(kato_id=ALMATY, year=YEAR).exists():
        demo_training(actor, small=small)  # a demo made before short-term training's lists had them
        return 0
    tipo_scale = TIPO_SCALE * (10 if small else 1)
    _tipo(actor, tipo_scale)
    _youth(actor)
    _contests(actor)
    _statuses(actor, STATUS_SCALE * (100 if small else 1), TIPO_SCALE * (100 if small else 1))
    demo_training(actor, small=small)
    return scaled(STUDYING, tipo_scale) + scaled(EXPELLED, tipo_scale) + scaled(FINISHED, tipo_scale)
