"""The demo's special social services given by stays, Almaty 2020, made through the services (no
figure typed in). The report of the Almaty Social Welfare Department for 2020, section II «Оказание
специальных социальных услуг нуждающимся гражданам»:

- «ССУ в условиях временного пребывания в Центре социальной адаптации «Пана» (Алматинский городской
  Центр социальной адаптации), рассчитанном на 180 койко-мест, услуги получили 775 человека»;
- «в Кризисном центре «Жан Сая» для жертв бытового насилия услуги оказаны 311 чел.»;
- «102 чел. жертвам бытового насилия через ОФ «Институт равных прав и равных возможностей
  Казахстана» (план 17 чел. на сумму 22,4 млн. тенге)»; «16 чел. жертвам торговли людьми через ОФ
  «Арман АНК» (план 6 чел. на сумму 10 млн. тенге)»;
- «проекта «Раннее вмешательство» через общество инвалидов «Кенес» (план 150 чел. на сумму 24,2 млн.
  тенге) ... детям ... от рождения до 3 лет ... онлайн услуги получили 152 ребенка»;
- «40 чел. – через центры самостоятельного проживания (ОО «Союз молодежи «РУХ», ОО
  «Психоаналитическая ассоциация»)».

The persons are registered in the demo city district through the registry's services, each admitted
through ``stay_admit``, so the beds of «Пана» are checked on every day of every stay. What the report
does not give is the demo's own: the dates and lengths of the stays, the persons' names and birth
dates, the NGOs' BINs, the beds of «Жан Сая» (not stated), and the independent-living centres'
plan (20 persons each, amount not stated).

The queue of «Пана» is the demo's own too (the report has none, ADR 0045): every fourth person
applies 2 to 10 days before the admission and is admitted from the queue (``stay_apply``,
``stay_admit_waiting``, then ``stay_leave``), and 12 persons who applied in the last fortnight of
2020 still wait at its end, admitted in January 2021 in the order of the queue. The stays of the
caseload services have their responsible specialist (the district's demo social workers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from komek.demo.rehabilitation.care import social_workers
from komek.registry.choices import Sex
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create
from komek.rehabilitation.choices import CASELOAD_SERVICES
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import Institution, SocialOrderProject, SpecialStay
from komek.rehabilitation.services.care import project_create
from komek.rehabilitation.services.special import centre_create, stay_admit, stay_leave
from komek.rehabilitation.services.stay_queue import stay_admit_waiting, stay_apply

ALMATY_DISTRICT = "751110000"  # the demo city district (komek demo's DEMO_CITY_DISTRICT)
YEAR = 2020
START = dt.date(YEAR, 1, 1)
SURNAMES = ("Ахметов", "Серикбаев", "Жумабаев", "Омаров", "Касымов", "Нурланов", "Беков", "Ким", "Иванов")
MEN = ("Ерлан", "Нурлан", "Арман", "Бауыржан", "Сергей", "Данияр", "Марат")
WOMEN = ("Айгуль", "Гульнар", "Жанар", "Сауле", "Алия", "Ольга", "Динара", "Асель")

# (service, the state centre and its beds) — the report's state centres.
CENTRES = (
    (
        "temporary_stay",
        "Центр социальной адаптации «Пана» (Алматинский городской Центр социальной адаптации)",
        180,
    ),
    ("crisis", "Кризисный центр «Жан Сая» для жертв бытового насилия", None),
)
# (service, NGO, its demo BIN, plan persons, plan amount in tenge, persons served).
PROJECTS = (
    (
        "violence",
        "ОФ «Институт равных прав и равных возможностей Казахстана»",
        "070140000011",
        17,
        22_400_000,
        102,
    ),
    ("trafficking", "ОФ «Арман АНК»", "070140000022", 6, 10_000_000, 16),
    ("early_intervention", "Общество инвалидов «Кенес»", "070140000033", 150, 24_200_000, 152),
    ("independent_living", "ОО «Союз молодежи «РУХ»", "070140000044", 20, 0, 20),
    ("independent_living", "ОО «Психоаналитическая ассоциация»", "070140000055", 20, 0, 20),
)
TITLES = {
    "violence": "Специальные социальные услуги жертвам бытового насилия",
    "trafficking": "Специальные социальные услуги жертвам торговли людьми",
    "early_intervention": (
        "Раннее вмешательство: детям с патологиями развития и группы риска от рождения до 3 лет"
    ),
    "independent_living": "Центр самостоятельного проживания",
}
SERVED = {"temporary_stay": 775, "crisis": 311}
QUEUED_EVERY = 4  # every fourth person of «Пана» waits in the queue before the admission
WAITING_AT_YEAR_END = 12
REASONS = ("completed", "completed", "housed", "own_will", "transferred", "completed", "rules")


def _iin(born: dt.date, sex: str, start: int) -> str:
    for serial in range(start, 10_000):
        iin = make_iin(born, sex, serial)  # type: ignore[arg-type]
        if iin and not Person.objects.filter(iin=iin).exists():
            return iin
    raise RuntimeError(f"No free IIN for {born}.")  # pragma: no cover - 10 000 serials a day


def _persons(actor: Any, count: int, *, seed: int, born: Any, female: bool | None = None) -> Iterator[Person]:
    """``count`` new persons of the demo city district; ``born(n)`` gives the n-th one's birth date."""
    for n in range(count):
        is_female = (n % 3 != 0) if female is None else female
        birth = born(n)
        yield person_create(
            actor=actor,
            iin=_iin(birth, "female" if is_female else "male", 7000 + (seed + n) % 2500),
            surname=SURNAMES[(seed + n) % len(SURNAMES)] + ("а" if is_female and n % 9 != 7 else ""),
            name=(WOMEN if is_female else MEN)[(seed + n) % (len(WOMEN) if is_female else len(MEN))],
            birth_date=birth,
            sex=Sex.FEMALE if is_female else Sex.MALE,
            kato=ALMATY_DISTRICT,
        )


def _adult(n: int) -> dt.date:
    return dt.date(1955 + n % 45, 1 + n % 12, 1 + (n * 7) % 28)


def _spread(n: int, count: int) -> dt.date:
    """The n-th of ``count`` admissions spread over the year."""
    return START + dt.timedelta(days=n * 366 // count)


def _wait(n: int) -> int:
    """The days the n-th person of «Пана» waited in the queue (every fourth person)."""
    return 2 + n % 9


def _temporary_stay(actor: Any, centre: Institution) -> int:
    count = SERVED["temporary_stay"]
    for n, person in enumerate(_persons(actor, count, seed=1, born=_adult, female=False)):
        admitted = _spread(n, count)
        left = admitted + dt.timedelta(days=20 + (n * 37) % 80)
        reason = REASONS[n % len(REASONS)]
        if n % QUEUED_EVERY:
            stay_admit(actor=actor, iin=person.iin, service="temporary_stay", institution=centre,
                       admitted_on=admitted, left_on=left, leaving_reason=reason)  # fmt: skip
            continue
        waiting = stay_apply(actor=actor, iin=person.iin, service="temporary_stay", institution=centre,
                             applied_on=admitted - dt.timedelta(days=_wait(n)))  # fmt: skip
        stay_admit_waiting(actor=actor, stay_id=waiting.pk, admitted_on=admitted)
        stay_leave(actor=actor, stay_id=waiting.pk, left_on=left, reason=reason)
    _year_end_queue(actor, centre)
    return count


def _year_end_queue(actor: Any, centre: Institution) -> None:
    """Persons applying in the last fortnight of the year, admitted in January in the queue's order."""
    persons = list(_persons(actor, WAITING_AT_YEAR_END, seed=3, born=_adult, female=False))
    waiting = [
        stay_apply(
            actor=actor,
            iin=person.iin,
            service="temporary_stay",
            institution=centre,
            applied_on=dt.date(YEAR, 12, 18 + n),
        )  # fmt: skip
        for n, person in enumerate(persons)
    ]
    for n, stay in enumerate(waiting):
        admitted = dt.date(YEAR + 1, 1, 5 + n)
        stay_admit_waiting(actor=actor, stay_id=stay.pk, admitted_on=admitted)
        stay_leave(actor=actor, stay_id=stay.pk, left_on=admitted + dt.timedelta(days=30), reason="completed")


def _crisis(actor: Any, centre: Institution) -> int:
    count = SERVED["crisis"]
    workers = social_workers(ALMATY_DISTRICT)
    for n, person in enumerate(_persons(actor, count, seed=2, born=_adult, female=True)):
        admitted = _spread(n, count)
        stay_admit(actor=actor, iin=person.iin, service="crisis", institution=centre,
                   admitted_on=admitted, left_on=admitted + dt.timedelta(days=10 + n % 21),
                   specialist=workers[n % len(workers)],
                   leaving_reason=REASONS[n % len(REASONS)])  # fmt: skip
    return count


def _child(n: int) -> dt.date:
    """A child admitted on ``_spread(n, 152)`` at 2 to 34 months of age."""
    return _spread(n, 152) - dt.timedelta(days=60 + (n * 53) % 960)


def _project(actor: Any, row: tuple[str, str, str, int, int, int]) -> int:
    service, ngo, bin_, people, amount, count = row
    project = project_create(actor=actor, title=TITLES[service], provider=ngo, provider_bin=bin_, year=YEAR,
                             district=ALMATY_DISTRICT, planned_people=people, planned_amount=amount,
                             service=service)  # fmt: skip
    child = service == "early_intervention"
    persons = _persons(actor, count, seed=len(ngo), born=_child if child else _adult,
                       female=True if service == "violence" else None)  # fmt: skip
    workers = social_workers(ALMATY_DISTRICT) if service in CASELOAD_SERVICES else [None]
    for n, person in enumerate(persons):
        admitted = _spread(n, count)
        stay_admit(actor=actor, iin=person.iin, service=service, project=project, admitted_on=admitted,
                   left_on=min(admitted + dt.timedelta(days=30 + n % 60), dt.date(YEAR, 12, 31)),
                   specialist=workers[n % len(workers)], leaving_reason="completed")  # fmt: skip
    return count


def demo_special(actor: Any) -> int:
    """Almaty's 2020 of the special services given by stays (idempotent: nothing when any exist)."""
    if SpecialStay.objects.exists() or SocialOrderProject.objects.exclude(service="").exists():
        return 0
    centres = {
        service: centre_create(actor=actor, name=name, service=service, beds=beds, kato=ALMATY_DISTRICT)
        for service, name, beds in CENTRES
    }
    made = _temporary_stay(actor, centres["temporary_stay"]) + _crisis(actor, centres["crisis"])
    return made + sum(_project(actor, row) for row in PROJECTS)


def demo_few(actor: Any, kato: str = "351610000") -> int:
    """A few stays of the demo town this year: a social adaptation centre of 20 beds with three
    persons of the registry (one left) and one applying (waiting in its queue), and an NGO's
    project for victims of domestic violence."""
    on = timezone.localdate() - dt.timedelta(days=30)
    centre = centre_create(
        actor=actor,
        name="Центр социальной адаптации города Балхаш",
        service="temporary_stay",
        beds=20,
        kato=kato,
    )
    project = project_create(actor=actor, title=TITLES["violence"], provider="ОФ «Демеу Балхаш»",
                             provider_bin="070140000066", year=on.year, district=district_of(kato),
                             planned_people=5, planned_amount=3_000_000, service="violence")  # fmt: skip
    adults = Person.objects.filter(
        kato__code__startswith=kato[:4], death_date__isnull=True, birth_date__lte=dt.date(on.year - 20, 1, 1)
    ).order_by("pk")[:5]
    for n, person in enumerate(adults[:3]):
        stay_admit(actor=actor, iin=person.iin, service="temporary_stay", institution=centre, admitted_on=on,
                   left_on=on + dt.timedelta(days=10) if n == 0 else None,
                   leaving_reason="completed" if n == 0 else "")  # fmt: skip
    for person in adults[3:4]:
        stay_admit(actor=actor, iin=person.iin, service="violence", project=project, admitted_on=on)
    for person in adults[4:]:
        stay_apply(actor=actor, iin=person.iin, service="temporary_stay", institution=centre,
                   applied_on=on + dt.timedelta(days=20))  # fmt: skip
    return len(adults)
