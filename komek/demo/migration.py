"""The demo's migration in Almaty's 2020, made through the services (no figure typed in).

"По вопросам разъяснения миграционного законодательства обратилось 2 400 этнических казахов, присвоен
статус оралмана – 516 чел., выдано приглашений для переселения в РК родственников из числа этнических
казахов проживающих за рубежом – 82 (28 заявлений от граждан РК). Странами исхода прибывших оралманов
являются: КНР – 579 чел., Узбекистан – 106 чел., Монголия – 40 чел., Кыргызстан – 18 чел., Афганистан –
5 чел., Туркменистан – 6 чел., Турция – 2 чел., Россия – 2 чел., Иран – 1 чел. Для привлечения
иностранной рабочей силы (ИРС) выделена квота в размере 1 897 ед. (I категория – 304, II категория – 884,
III категория – 660, IV категория – 49). Всего выдано 1 153 разрешения (I категория – 146, II категория –
572, III категория – 408, IV категория – 27). Работодателями, привлекающими ИРС, уплачен налоговый сбор в
бюджет города в размере 522 млн. тенге. Основными странами исхода ИРС являются Китай – 45%, Украина –
12%, Турция – 9%, Индия – 4%" (the report of the Almaty Social Welfare Department for 2020).

Read so: the 759 persons of the countries of origin are the 516 given the status and the 243 family
members their statuses include; of the 82 invitations, 28 were applied for by citizens of Kazakhstan
and the others by kandas. The quota is the legislation's (``foreign_labour_quota``). Invented for the
demo only: the split of each country's arrivals between status holders and family members, one
foreign worker a permit, the other countries of origin of foreign labour (the report gives the four
main ones as shares: 519 of 1 153 workers from China is 45%, 138 from Ukraine 12%, 104 from Turkey 9%,
46 from India 4%), the fee of each permit (522 million in all), the employers and their BINs, every
name, the 24 checks of employers and their violations, and the support of resettlement paid (the
report gives none of these).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from komek.employment.bin import make_bin
from komek.migration.choices import SupportKind, Topic
from komek.migration.models import Consultation
from komek.migration.services import (
    check_record,
    consultation_record,
    invitation_issue,
    kandas_assign,
    permit_issue,
    support_pay,
)
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create

ALMATY = "750000000"
HOME = "751110000"  # the demo's slice of Almaty: the Almaly district
YEAR = 2020
#: The report's figures for 2020 (the test checks the records give them back).
CONSULTED, ASSIGNED, PERSONS, INVITATIONS, BY_CITIZENS = 2400, 516, 759, 82, 28
#: Persons arrived by country of origin: (status holders, family members) — the split is the demo's.
ARRIVED = {
    "CN": (394, 185), "UZ": (72, 34), "MN": (27, 13), "KG": (12, 6), "AF": (3, 2), "TM": (4, 2),
    "TR": (2, 0), "RU": (1, 1), "IR": (1, 0),
}  # fmt: skip
PERMITS = {"1": 146, "2": 572, "3": 408, "4": 27}
FEE = 522_000_000
#: Foreign workers by country: the four the report names (45%, 12%, 9%, 4% of 1 153) and the rest.
WORKERS_FROM = {
    "CN": 519, "UA": 138, "TR": 104, "IN": 46, "UZ": 90, "RU": 70, "KR": 50, "DE": 30, "GB": 26,
    "IT": 22, "US": 20, "FR": 18, "PH": 10, "VN": 10,
}  # fmt: skip
CHECKS, CHECKS_WITH_VIOLATIONS = 24, 9
FINDINGS = "Иностранные работники заняты не по специальности, указанной в разрешении"
SURNAMES = ("Нурланов", "Бекболат", "Жумагали", "Ерденов", "Амангелди", "Сансызбай", "Турсын", "Мырзахмет")
NAMES = ("Нурлан", "Айгерим", "Бауыржан", "Гульнар", "Ерлан", "Жанар", "Максат", "Сауле")
EMPLOYERS = (
    "ТОО «Алматы Курылыс Инвест»", "ТОО «Жетысу Энерго Сервис»", "АО «Алатау Девелопмент»",
    "ТОО «Тянь-Шань Строй»", "ТОО «Медеу Технолоджи»", "ТОО «Сункар Инжиниринг»",
    "ТОО «Казахстан Петролеум Консалтинг»", "ТОО «Наурыз Фудс»", "ТОО «Алмалы Трейд»",
    "ТОО «Достык Билдинг»", "ТОО «Кок-Тобе Ресорт»", "ТОО «Алатау Логистик»",
)  # fmt: skip
_serials = itertools.count(3000)


def _person(actor: Any, n: int, born: dt.date, sex: str, citizenship: str) -> Person:
    while True:
        iin = make_iin(born, sex, next(_serials))  # type: ignore[arg-type]
        if iin is not None and not Person.objects.filter(iin=iin).exists():
            break
    return person_create(
        actor=actor, iin=iin, surname=SURNAMES[n % len(SURNAMES)], name=NAMES[(n // 8) % len(NAMES)],
        birth_date=born, sex=sex, kato=HOME, citizenship=citizenship, street=f"ул. Толе би, {n % 200 + 1}",
    )  # fmt: skip


def _day(n: int, of: int) -> dt.date:
    """The n-th of ``of`` records spread over the working year."""
    return dt.date(YEAR, 1, 10) + dt.timedelta(days=(n * 340) // max(of, 1))


def _employer(n: int) -> tuple[str, str]:
    bin_ = None
    serial = 100 + n
    while bin_ is None:
        bin_ = make_bin(2005 + n % 12, 1 + n % 12, serial)
        serial += 1000
    return EMPLOYERS[n % len(EMPLOYERS)], bin_


def _scaled(plan: dict[str, Any], small: bool) -> dict[str, Any]:
    if not small:
        return plan
    return {k: (1 if isinstance(v, int) else (1, min(1, v[1]))) for k, v in list(plan.items())[:3]}


def _kandas(actor: Any, small: bool) -> list[Any]:
    arrived = _scaled(ARRIVED, small)
    made, n = [], 0
    for country, (holders, members) in arrived.items():
        for h in range(holders):
            n += 1
            holder = _person(actor, n, dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28), "male", "kandas")
            family = []
            if h < members:
                n += 1
                family.append(
                    _person(actor, n, dt.date(1972 + n % 30, 1 + n % 12, 1 + n % 28), "female", "kandas")
                )
            made.append(
                kandas_assign(
                    actor=actor,
                    iin=holder.iin,
                    assigned_on=_day(n, PERSONS),
                    kato=ALMATY,
                    country=country,
                    members=[p.iin for p in family],
                )  # fmt: skip
            )
    return made


def demo_migration(actor: Any, *, small: bool = False) -> int:
    """Almaty's 2020 (idempotent: nothing when consultations are recorded); ``small``: a few records
    of each register instead of the report's thousands, for the tests walking every page."""
    if Consultation.objects.exists():
        return 0
    consulted = 6 if small else CONSULTED
    topics = list(Topic.values)
    for n in range(consulted):
        consultation_record(
            actor=actor, kato=ALMATY, date=_day(n, consulted),
            full_name=f"{SURNAMES[n % 8]} {NAMES[n // 8 % 8]}", topic=topics[n % len(topics)],
            country="CN" if n % 3 else "UZ",
        )  # fmt: skip
    statuses = _kandas(actor, small)
    invitations, citizens = (3, 1) if small else (INVITATIONS, BY_CITIZENS)
    for n in range(invitations):
        if n < citizens:
            inviter = _person(actor, 1000 + n, dt.date(1965 + n % 20, 2, 1 + n % 28), "male", "citizen")
        else:
            inviter = statuses[n % len(statuses)].person
        invitation_issue(
            actor=actor, kato=ALMATY, inviter=inviter.iin, issued=_day(n, invitations),
            relative=f"{SURNAMES[(n + 3) % 8]} {NAMES[(n + 5) % 8]}", country="CN" if n % 4 else "MN",
        )  # fmt: skip
    supported = statuses[: 2 if small else 40]
    for n, status in enumerate(supported):
        paid = max(status.assigned_on, dt.date(YEAR, 3, 1)) + dt.timedelta(days=20)
        kind = SupportKind.RELOCATION if n % 2 == 0 else SupportKind.RENT
        support_pay(
            actor=actor, status_id=status.pk, kind=kind, paid_on=min(paid, dt.date(YEAR, 12, 28)),
            amount=194_460 if kind == SupportKind.RELOCATION else 90_000,
        )  # fmt: skip
    _foreign_labour(actor, small)
    return len(statuses)


def _foreign_labour(actor: Any, small: bool) -> None:
    plan = [c for c, k in PERMITS.items() for _i in range(1 if small else k)]
    countries = [c for c, k in WORKERS_FROM.items() for _i in range(k)]
    total = len(plan)
    share = FEE // total
    for n, category in enumerate(plan):
        name, bin_ = _employer(n % 40)
        issued = _day(n, total)
        permit_issue(
            actor=actor, kato=ALMATY, employer=name, employer_bin=bin_, category=category,
            country=countries[(n * 7) % len(countries)] if small else countries[n], workers=1, issued=issued,
            term_from=issued, term_to=issued + dt.timedelta(days=364),
            fee=share + (FEE - share * total if n == total - 1 and not small else 0),
        )  # fmt: skip
    checks = 3 if small else CHECKS
    for n in range(checks):
        name, bin_ = _employer(n)
        found = 1 + n % 3 if n < (1 if small else CHECKS_WITH_VIOLATIONS) else 0
        check_record(
            actor=actor, kato=ALMATY, date=_day(n, checks), employer=name, employer_bin=bin_,
            violations=found, findings=FINDINGS if found else "",
        )  # fmt: skip
