"""The demo's job creation in Almaty's 2020, made through the services (no figure typed in).

"В текущем году планировалось создание 48 282 новых рабочих мест, в т.ч. 28 тыс. – постоянных. На
31.12.2020 г. создано 76 301 новые рабочее место, в т.ч. 35 406 постоянных. Создано новых рабочих мест:
субъектами предпринимательства – 30 032, по госпрограммам «Еңбек» - 18 648, развития регионов – 824,
«ДКБ-2020» - 3 540, ДКЗ – 21 863, «Нұрлы жер» - 455, развития образования и науки – 70, ГПИИР – 869. В
рамках реализации в 2020-2021 годах Дорожной карты занятости предусмотрено 228 инфраструктурных
проектов по видам работ и объектов с созданием 26 тыс. новых рабочих мест, где 50% найма для
работников по направлению Центра занятости населения. Выделено 104 млрд. тенге. Всего по ДКЗ создано
21 818 ... новых рабочих мест (84% от плана), через Центр занятости населения трудоустроено 10 958 чел.
(84,3% от плана). Средний размер заработной платы работников составляет 92 тыс. тенге. Доля
трудоустроенной молодежи составила 37%. Численность граждан, обратившихся за трудовым посредничеством в
частные агентства занятости (по данным 2-х агентств) составила 3 631 чел., из которых трудоустроено 17
чел. ... С начала года проведено 3 ярмарки вакансий, в которых приняли участие 96 работодателей,
представлено 630 вакансий. Обратилось 635 чел., выдано направлений на работу – 45 чел." (the report of
the Almaty Social Welfare Department for 2020).

Recorded honestly as aggregates: the jobs of a source are rows of enterprises each carrying a number
of jobs; a road map project's jobs and its hires through the centre are its contractor's reports
(the number hired, the young among them, their wages' total), not invented persons. Invented for the
demo only: the objects and kinds of work of the projects and the even split of the money, the jobs
and the hires among them; the split of the permanent jobs among the sources; the enterprises, their
BINs and names; the agencies' names and the split of their figures into half-years; the fairs' dates
and the split of the employers, vacancies, visitors and referrals among the three fairs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from komek.employment.bin import make_bin
from komek.employment.choices import WorkKind
from komek.employment.models import Employer, RoadMapProject
from komek.employment.services.creation import (
    agency_register,
    agency_report_record,
    job_creation_record,
    job_plan_set,
    road_map_hire_record,
    road_map_jobs_record,
    road_map_project_create,
)
from komek.employment.services.employers import employer_create
from komek.employment.services.fairs import job_fair_record

ALMATY = "750000000"
YEAR = 2020
#: The report's figures for 2020 (the test checks the records give them back).
PLAN, PLAN_PERMANENT, CREATED, PERMANENT = 48_282, 28_000, 76_301, 35_406
BY_SOURCE = {
    "business": 30_032, "enbek": 18_648, "regions": 824, "dkb2020": 3_540, "dkz": 21_863,
    "nurly_zher": 455, "education": 70, "gpiir": 869,
}  # fmt: skip
PROJECTS, ALLOCATED, JOBS_PLANNED, SHARE = 228, 104_000_000_000, 26_000, 50
ROADMAP_JOBS, HIRED, YOUTH, WAGE = 21_818, 10_958, 4_054, 92_000  # 4 054 of 10 958 is 37.0%
AGENCIES = (("ТОО «Кадровое агентство Алатау»", 2_105, 11), ("ТОО «HR Партнёр Алматы»", 1_526, 6))
FAIRS = ((dt.date(YEAR, 2, 14), 40, 262, 301, 21), (dt.date(YEAR, 3, 6), 36, 236, 214, 16))
LAST_FAIR = (dt.date(YEAR, 10, 16), 20, 132, 120, 8)  # 96 employers, 630 vacancies, 635 came, 45 referred
OBJECTS = (
    "Школа на 1200 мест", "Улица", "Детский сад на 280 мест", "Сквер", "Поликлиника", "Водопровод",
    "Инженерные сети микрорайона", "Дом культуры", "Спортивный комплекс", "Дорога",
)  # fmt: skip
KINDS = list(WorkKind.values)
ENTERPRISES = (
    "ТОО «Алатау Строй»",
    "ТОО «Медеу Сервис»",
    "ИП «Жетісу»",
    "ТОО «Наурыз Маркет»",
    "АО «Алматы Тех»",
)
_serials = itertools.count(500)


def _bin() -> str:
    while True:
        code = make_bin(2010, 6, next(_serials))
        if code is not None and not Employer.objects.filter(bin=code).exists():
            return code


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole shares differing by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _day(n: int, of: int) -> dt.date:
    return dt.date(YEAR, 2, 1) + dt.timedelta(days=(n * 300) // max(of, 1))


def _road_map(actor: Any, small: bool) -> None:
    n = 2 if small else PROJECTS
    # Even numbers of jobs, so that half of each is a whole number of hires: 13 000 of 26 000.
    halves = _spread(JOBS_PLANNED // 2, n) if not small else [60, 40]
    money = _spread(ALLOCATED, n) if not small else [500_000_000, 300_000_000]
    jobs = _spread(ROADMAP_JOBS, n) if not small else [90, 40]
    hired = _spread(HIRED, n) if not small else [50, 20]
    youth = _spread(YOUTH, n) if not small else [20, 6]
    for i in range(n):
        project = road_map_project_create(
            actor=actor, title=f"{OBJECTS[i % len(OBJECTS)]} № {i + 1}", work_kind=KINDS[i % len(KINDS)],
            kato=ALMATY, year_from=YEAR, year_to=YEAR + 1, allocated=money[i], jobs_planned=2 * halves[i],
            centre_share=SHARE,
        )  # fmt: skip
        road_map_jobs_record(actor=actor, project_id=project.pk, reported_on=_day(i, n), jobs=jobs[i])
        road_map_hire_record(
            actor=actor, project_id=project.pk, hired_on=_day(i, n) + dt.timedelta(days=10),
            persons=hired[i], youth=youth[i], wage_total=hired[i] * WAGE,
        )  # fmt: skip


def _jobs_by_source(actor: Any, small: bool) -> None:
    job_plan_set(actor=actor, year=YEAR, kato=ALMATY, indicator="jobs", planned=PLAN)
    job_plan_set(actor=actor, year=YEAR, kato=ALMATY, indicator="jobs_permanent", planned=PLAN_PERMANENT)
    sources = dict(list(BY_SOURCE.items())[:2]) if small else BY_SOURCE
    remaining = PERMANENT
    for s, (source, jobs) in enumerate(sources.items()):
        jobs = min(jobs, 30) if small else jobs
        permanent = jobs * PERMANENT // CREATED if s < len(sources) - 1 or small else remaining
        remaining -= permanent
        for kind, count in (("permanent", permanent), ("temporary", jobs - permanent)):
            rows = min(count, 2 if small else 6)
            for r, part in enumerate(_spread(count, rows) if rows else []):
                job_creation_record(
                    actor=actor, bin=_bin(), enterprise=ENTERPRISES[r % len(ENTERPRISES)], source=source,
                    kind=kind, kato=ALMATY, created_on=_day(s * 7 + r, 60), jobs=part,
                )  # fmt: skip


def _agencies(actor: Any, small: bool) -> None:
    for name, applied, employed in AGENCIES[:1] if small else AGENCIES:
        agency = agency_register(
            actor=actor, bin=_bin(), name=name, kato=ALMATY, registered_on=dt.date(YEAR - 2, 4, 2)
        )
        halves = ((dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30)), (dt.date(YEAR, 7, 1), dt.date(YEAR, 12, 31)))
        for (start, end), a, e in zip(halves, _spread(applied, 2), _spread(employed, 2), strict=True):
            agency_report_record(
                actor=actor, agency_id=agency.pk, period_from=start, period_to=end, applied=a, employed=e
            )


def _fairs(actor: Any, small: bool) -> None:
    for n, (held_on, employers, vacancies, visitors, referrals) in enumerate(
        FAIRS[:0] + (LAST_FAIR,) if small else (*FAIRS, LAST_FAIR)
    ):
        count = 2 if small else employers
        taking_part = [
            employer_create(
                actor=actor, bin=_bin(), name=f"ТОО «Работодатель {n + 1}-{i + 1}»", kato=ALMATY, size="small"
            )
            for i in range(count)
        ]
        job_fair_record(
            actor=actor, held_on=held_on, title=f"Ярмарка вакансий № {n + 1}", kato=ALMATY, visitors=visitors,
            referrals_issued=referrals,
            employers=list(zip(taking_part, _spread(vacancies, count), strict=True)),
        )  # fmt: skip


def demo_job_creation(actor: Any, *, small: bool = False) -> int:
    """Almaty's 2020 (idempotent: nothing when road map projects are recorded); ``small``: a few
    records of each register, for the tests walking every page. Returns the projects made."""
    if RoadMapProject.objects.exists():
        return 0
    _road_map(actor, small)
    _jobs_by_source(actor, small)
    _agencies(actor, small)
    _fairs(actor, small)
    return RoadMapProject.objects.count()
