"""The demo town's employment centre: its places, employers, professions, courses and plan."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from komek.employment.bin import make_bin
from komek.employment.choices import MeasureKind
from komek.employment.models import (
    Employer,
)

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
