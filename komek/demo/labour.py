"""The demo's labour market and labour relations in the demo town's 2018, made through the services
(no figure typed in).

"One of the main issues of the commission is the settlement of wage arrears to employees at 3 town
enterprises in the total amount of 25.6 million tenge. (Vzryvprom 2001 LLP - 1.1 million tenge,
BAS-Balkhash 2004 LLP - 23.7 million tenge, Monopoly-SSA LLP - 0.8 million tenge) ... the amount of
wage arrears was reduced by 5.0 million tenge" (the Balkhash department's report for 2018).

These are the report's figures; the report does not give the workers owed, the dates, nor how the
5.0 million were repaid by enterprise: the demo's are its own (ADR 0041). The Balkhash report gives
no figures of surveys, memoranda, inspections, accidents or collective agreements: the demo's year
of them is invented at the scale of a small town, in the kinds of the report of the Almaty Social
Welfare Department for 2020, and a test checks that the records give back the numbers below.

Almaty's labour force of the third quarter of 2020 and of 2019 and its single aggregate payment of
2020 are recorded as published (ADR 0050), so that the annual report of Almaty for 2020 prints the
report's figures: 1 008,5 thousand (21,5 more than in 2019), 954,8 employed (18,1 more), 82
self-employed (8,6 %), 53,8 unemployed (5,3 %), 31 626 payers of the ЕСП with 458 970 payments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from komek.employment.bin import make_bin
from komek.labour.choices import InspectionKind
from komek.labour.models import Enterprise, EspPayments, LabourForceStatistics
from komek.labour.services import (
    accident_record,
    agreement_register,
    arrear_record,
    enterprise_register,
    esp_record,
    fine_execute,
    inspection_record,
    labour_force_record,
    memorandum_record,
    repayment_record,
    road_map_record,
    survey_record,
)

TOWN = "351610000"
YEAR = 2018

#: name, staff, (arrear: recorded on, workers owed, tenge, bankrupt), repayments (date, tenge).
ARREARS: tuple[tuple[str, int, tuple[dt.date, int, int, bool], tuple[tuple[dt.date, int], ...]], ...] = (
    (
        "ТОО «Взрывпром 2001»",
        40,
        (dt.date(YEAR, 2, 12), 14, 1_100_000, False),
        ((dt.date(YEAR, 5, 25), 600_000),),
    ),
    (
        "ТОО «БАС-Балхаш 2004»",
        180,
        (dt.date(YEAR, 2, 12), 96, 23_700_000, False),
        ((dt.date(YEAR, 6, 20), 2_000_000), (dt.date(YEAR, 10, 18), 2_000_000)),
    ),
    ("ТОО «Монополия-ССА»", 25, (dt.date(YEAR, 3, 5), 9, 800_000, False), ((dt.date(YEAR, 9, 14), 400_000),)),
)
ARREARS_TOTAL, REPAID = 25_600_000, 5_000_000

#: The other surveyed enterprises of the town: name, staff in January.
SURVEYED: tuple[tuple[str, int], ...] = (
    ("ТОО «Казахмыс Смелтинг»", 4800),
    ("АО «Балхашская ТЭЦ»", 620),
    ("ГКП «Балқаш су»", 210),
    ("ГКП «Балқаш жылу»", 340),
    ("ТОО «Балхашское автотранспортное предприятие»", 95),
    ("ТОО «Балхашский хлебокомбинат»", 60),
    ("ТОО «Сары-Шаган Строй»", 45),
)

#: enterprise index (in SURVEYED), month, kind, violations (articles of the Labour Code), orders,
#: fines (article of the Code of Administrative Offences, tenge, paid).
INSPECTIONS: tuple[tuple[int, int, str, tuple[str, ...], int, tuple[tuple[str, int, bool], ...]], ...] = (
    (1, 3, InspectionKind.PLANNED, ("ст. 113",), 1, ()),
    (4, 4, InspectionKind.UNPLANNED, ("ст. 113", "ст. 33"), 2, (("ст. 87 ч. 1", 240_500, True),)),
    (5, 6, InspectionKind.UNPLANNED, ("ст. 182",), 1, (("ст. 86 ч. 1", 120_250, False),)),
    (6, 9, InspectionKind.UNPLANNED, (), 0, ()),
    (2, 11, InspectionKind.PLANNED, ("ст. 23",), 1, ()),
)
#: enterprise index, month, light, severe, fatal.
ACCIDENTS = ((0, 4, 1, 1, 0), (0, 8, 0, 0, 1), (3, 11, 2, 0, 0))
#: enterprise index, number, month, workers.
AGREEMENTS = ((0, "КД-12/2018", 1, 4700), (1, "КД-15/2018", 3, 600), (3, "КД-21/2018", 4, 330))
#: enterprise index, month, workers whose jobs the memorandum keeps.
MEMORANDA = ((0, 4, 4500), (2, 5, 200))

_MONTHS = range(1, 13)


def _flows(staff: int, n: int, month: int) -> dict[str, int]:
    """A month of a surveyed enterprise: a few hired and leaving, a release in two months."""
    released = 3 if (n, month) in {(1, 6), (4, 9)} else 0
    return {
        "staff": staff,
        "hired": max(1, staff // 100),
        "quit": max(1, staff // 120),
        "released": released,
        "unpaid_leave": 4 if n == 6 and month >= 10 else 0,
        "part_time": 8 if n == 5 else 0,
        "downtime": 12 if n == 4 and month == 12 else 0,
        "stoppage": 5 if n == 3 and month == 12 else 0,
        "forecast": 2 if n == 4 and month == 12 else 0,
    }


class _Register:
    """Registers the demo's enterprises with BINs of the demo's own series."""

    def __init__(self, actor: Any) -> None:
        self.actor, self.serial, self.made = actor, 61000, 0

    def __call__(self, name: str, staff: int) -> Enterprise:
        code = None
        while code is None or Enterprise.objects.filter(bin=code).exists():
            self.serial += 1
            code = make_bin(2004, 3, self.serial)
        self.made += 1
        return enterprise_register(actor=self.actor, bin=code, name=name, kato=TOWN, staff=staff)


def _arrears(actor: Any, register: _Register) -> None:
    for name, staff, (day, workers, amount, bankrupt), repayments in ARREARS:
        arrear = arrear_record(
            actor=actor,
            enterprise_id=register(name, staff).pk,
            recorded_on=day,
            workers=workers,
            amount=amount,
            bankrupt=bankrupt,
        )
        for when, paid in repayments:
            repayment_record(actor=actor, arrear_id=arrear.pk, date=when, amount=paid)


def _market(actor: Any, surveyed: list[Enterprise]) -> None:
    for n, enterprise in enumerate(surveyed):
        staff = enterprise.staff
        for month in _MONTHS:
            values = _flows(staff, n, month)
            survey_record(actor=actor, enterprise_id=enterprise.pk, month=dt.date(YEAR, month, 1), **values)
            staff = staff + values["hired"] - values["quit"] - values["released"]
    for n, month, workers in MEMORANDA:
        memorandum_record(
            actor=actor, enterprise_id=surveyed[n].pk, signed=dt.date(YEAR, month, 10), workers=workers
        )
    road_map_record(actor=actor, enterprise_id=surveyed[0].pk, number="ДК-3", signed=dt.date(YEAR, 2, 20))


def _inspections(actor: Any, surveyed: list[Enterprise]) -> None:
    for n, month, kind, violations, orders, fines in INSPECTIONS:
        done = inspection_record(
            actor=actor,
            enterprise_id=surveyed[n].pk,
            date=dt.date(YEAR, month, 14),
            kind=kind,
            orders=orders,
            violations=violations,
            fines=[{"violation": violations[0], "article": a, "amount": t} for a, t, _p in fines],
        )
        imposed = [f for v in done.violations.all() for f in v.fines.all()]
        for fine, (_a, _t, paid) in zip(imposed, fines, strict=True):
            if paid:
                fine_execute(actor=actor, fine_id=fine.pk, status="paid", on=dt.date(YEAR, month, 28))


def _relations(actor: Any, surveyed: list[Enterprise]) -> None:
    _inspections(actor, surveyed)
    for n, month, light, severe, fatal in ACCIDENTS:
        accident_record(
            actor=actor,
            enterprise_id=surveyed[n].pk,
            date=dt.date(YEAR, month, 7),
            light=light,
            severe=severe,
            fatal=fatal,
        )
    for n, number, month, workers in AGREEMENTS:
        agreement_register(
            actor=actor,
            enterprise_id=surveyed[n].pk,
            number=number,
            registered_on=dt.date(YEAR, month, 20),
            valid_until=dt.date(YEAR + 2, month, 19),
            workers=workers,
        )


#: Almaty's labour force of the third quarter as the report of the Almaty Social Welfare Department
#: for 2020 quotes the statistics, in thousands of persons: "численность рабочей силы за 3 квартал
#: 2020 года составила 1 008,5 тыс. чел., что на 21,5 тыс. чел. больше, чем в 2019 году, в т.ч.
#: занятое население – 954,8 тыс. чел. (рост на 18,1 тыс. чел.). ... самостоятельно занятые
#: составляют 82 тыс. чел. ... Численность безработных – 53,8 тыс. чел." 2019's labour force and
#: employed are the report's 2020 figures less its changes (987,0 and 936,7); its unemployed are the
#: difference (50,3); the self-employed of 2019 are not given, so they are left unpublished. The
#: publications' titles, numbers and dates are the demo's own.
ALMATY = "750000000"
ALMATY_YEAR = 2020
LABOUR_FORCE = {
    2020: {"labour_force": "1 008,5", "employed": "954,8", "self_employed": "82", "unemployed": "53,8"},
    2019: {"labour_force": "987,0", "employed": "936,7", "self_employed": "", "unemployed": "50,3"},
}
LABOUR_FORCE_QUARTER = 3
#: "Всего лица, оплатившие ЕСП – 31 626 чел., которыми произведено 458 970 платежей" (the same
#: report); the amount paid is not given, the letter's number and date are the demo's.
ESP_PAYERS, ESP_PAYMENTS = 31_626, 458_970


def demo_almaty_statistics(actor: Any) -> int:
    """Almaty's published labour force of the third quarters of 2019 and 2020 and the single
    aggregate payment of 2020 (idempotent); the number of records made."""
    made = 0
    for year, values in LABOUR_FORCE.items():
        if LabourForceStatistics.objects.filter(
            kato_id=ALMATY, year=year, quarter=LABOUR_FORCE_QUARTER
        ).exists():
            continue
        labour_force_record(
            actor=actor,
            kato=ALMATY,
            year=year,
            quarter=LABOUR_FORCE_QUARTER,
            source_title=f"Бюро национальной статистики: основные индикаторы рынка труда г. Алматы, "
            f"{LABOUR_FORCE_QUARTER} квартал {year} года",
            source_number=f"Б-12-{year % 100}-{LABOUR_FORCE_QUARTER}",
            published_on=dt.date(year, 11, 13),
            **values,
        )
        made += 1
    if not EspPayments.objects.filter(kato_id=ALMATY, year=ALMATY_YEAR, month=0).exists():
        esp_record(
            actor=actor,
            kato=ALMATY,
            year=ALMATY_YEAR,
            payers=ESP_PAYERS,
            payments=ESP_PAYMENTS,
            source_title="Департамент государственных доходов по городу Алматы: сведения об уплате ЕСП",
            source_number="ДГД-ЕСП-2020",
            received_on=dt.date(ALMATY_YEAR, 12, 31),
        )
        made += 1
    return made


def demo_labour(actor: Any) -> int:
    """The demo town's 2018 (idempotent: nothing when enterprises are registered) and Almaty's
    published labour force and single aggregate payment (ADR 0050); the number of enterprises made."""
    demo_almaty_statistics(actor)
    if Enterprise.objects.filter(kato__code__startswith=TOWN[:4]).exists():
        return 0
    register = _Register(actor)
    _arrears(actor, register)
    surveyed = [register(name, staff) for name, staff in SURVEYED]
    _market(actor, surveyed)
    _relations(actor, surveyed)
    return register.made
