"""The demo town's 2018 of the other commissions, made through the services (no figure typed in).

"Commission work": "the commission on establishing work experience for persons who worked at least
6 months between 22.06.1941 and 09.05.1945 held 10 meetings, 15 people whose documents were
examined; the commission on registering citizens affected by the nuclear tests at the Semipalatinsk
test site held 8 meetings, the documents of 11 citizens were reviewed, a positive decision for all;
3 meetings of the town tripartite commission (the regulation of labour relations, the wage arrears
at 3 enterprises of 25.6 million tenge); 2 meetings of the Council for the Disabled (a barrier-free
environment, participation in cultural and sports life, the inclusion of children with
disabilities)" (the Balkhash department's report for 2018). The special commission's 15 meetings and
94 positive opinions are the demo's year (``komek demo-year 2018``).

The tripartite commission's questions and "amendments were made to the town agreement between the
akim of Balkhash town, associations of trade unions (workers), associations of entrepreneurs and
employers of the city for 2018-2020" are the report's. It gives neither the persons, their documents
and periods, nor the outcome of the 15 cases of work experience, nor the commission's members nor
the agreement's number and dates: the demo's 13 established and 2 refused (a period under six
months), the names, the documents, the zones, the members and the agreement's number are its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from komek.accounts.models import User
from komek.commissions.choices import CaseDecision, DocumentKind, Kind, Side, Zone
from komek.commissions.models import Case, Meeting
from komek.commissions.services.cases import case_decide, case_open, certificate_issue
from komek.commissions.services.held import meeting_record, question_add
from komek.commissions.services.partnership import agreement_record, amendment_record, party_member_add
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.services.persons import person_create

BALKHASH = "351600000"  # the town administration: the commissions of the town
BALKHASH_TOWN = "351610000"
YEAR = 2018
#: The report's figures for 2018 (the test checks the records give them back).
WORK_MEETINGS, WORK_PERSONS, WORK_REFUSED = 10, 15, 2
NUCLEAR_MEETINGS, NUCLEAR_PERSONS = 8, 11
TRIPARTITE_MEETINGS, COUNCIL_MEETINGS = 3, 2
SECRETARY = "demo_commission_member"
SURNAMES = ("Абдрахманова", "Бекмуханова", "Ворошилова", "Гусейнова", "Досмагамбетова", "Ермекова")
NAMES = ("Айгуль", "Бибигуль", "Галина", "Зинаида", "Кулянда", "Мария", "Раиса", "Сауле")
_serials = iter(range(3000, 10**4))

TRIPARTITE = (
    (
        "О регулировании трудовых отношений на предприятиях и в организациях города",
        "Руководитель отдела занятости и социальных программ; председатель профсоюзного объединения",
        "Принять к сведению; рекомендовать работодателям заключить коллективные договоры.",
    ),
    (
        "О погашении задолженности по заработной плате работникам 3 предприятий города на общую сумму "
        "25,6 млн тенге (ТОО «Взрывпром 2001» – 1,1 млн тенге, ТОО «BAS-Балхаш 2004» – 23,7 млн тенге, "
        "ТОО «Монополия-ССА» – 0,8 млн тенге)",
        "Главный государственный инспектор труда; руководители предприятий",
        "Руководителям предприятий погасить задолженность по заработной плате; инспекции труда "
        "проверить исполнение.",
    ),
    (
        "О состоянии соблюдения санитарно-эпидемиологического законодательства на промышленных "
        "предприятиях города Балхаш",
        "Руководитель управления санитарно-эпидемиологического контроля",
        "Принять к сведению; руководителям предприятий устранить выявленные нарушения.",
    ),
    (
        "О снижении объёмов перечисления обязательных пенсионных и социальных взносов работодателями города",
        "Представители сторон социального партнёрства",
        "Рекомендовать работодателям обеспечить перечисление взносов в полном объёме.",
    ),
    (
        "Об участии субъектов частного предпринимательства в республиканском конкурсе «Парыз» и о "
        "республиканской акции «Заключи трудовой договор!»",
        "Представитель палаты предпринимателей",
        "Принять к сведению; провести разъяснительную работу среди работодателей.",
    ),
)
COUNCIL = (
    (
        "О создании безбарьерной среды для лиц с инвалидностью на объектах города",
        "Руководитель отдела занятости и социальных программ; представители общественных объединений",
        "Провести паспортизацию объектов; рекомендовать владельцам объектов устранить замечания.",
    ),
    (
        "Об участии лиц с инвалидностью в культурной и спортивной жизни города",
        "Руководители отделов культуры и физической культуры и спорта",
        "Включить соревнования и мероприятия для лиц с инвалидностью в план города на год.",
    ),
    (
        "Об инклюзии детей с инвалидностью в образовательных организациях",
        "Руководитель отдела образования",
        "Принять к сведению; обеспечить условия инклюзивного образования.",
    ),
)


def _person(actor: Any, n: int, born: dt.date) -> Person:
    while True:
        iin = make_iin(born, "female", next(_serials))  # type: ignore[arg-type]
        if iin is not None and not Person.objects.filter(iin=iin).exists():
            break
    return person_create(
        actor=actor, iin=iin, surname=SURNAMES[n % len(SURNAMES)], name=NAMES[n % len(NAMES)],
        birth_date=born, sex="female", kato=BALKHASH_TOWN, street=f"ул. Сейфуллина, {n % 40 + 1}",
    )  # fmt: skip


def _meetings(secretary: User, kind: str, count: int) -> list[Meeting]:
    """The year's meetings of a commission, a month apart from February."""
    days = [dt.date(YEAR, 2 + i * 10 // count, 10 + i % 3) for i in range(count)]
    return [meeting_record(actor=secretary, kind=kind, kato=BALKHASH, date=day) for day in days]


def _work_experience(actor: Any, secretary: User) -> None:
    meetings = _meetings(secretary, Kind.WORK_EXPERIENCE, WORK_MEETINGS)
    for n in range(WORK_PERSONS):
        person = _person(actor, n, dt.date(1927 + n % 3, 1 + n % 12, 1 + n % 27))
        meeting = meetings[n * WORK_MEETINGS // WORK_PERSONS]
        start = dt.date(1941 + n % 3, 7, 1)
        refused = n >= WORK_PERSONS - WORK_REFUSED
        end = start + dt.timedelta(days=100) if refused else dt.date(1945, 5, 9)
        case = case_open(
            actor=actor, kind=Kind.WORK_EXPERIENCE, iin=person.iin,
            opened_on=meeting.date - dt.timedelta(days=7),
            period_from=start, period_to=end, place="Балхашский медеплавильный завод (Прибалхашстрой)",
            documents=[
                {"kind": DocumentKind.ARCHIVE_CERTIFICATE, "reference": f"Архивная справка № {100 + n}",
                 "issued": dt.date(YEAR, 1, 15)},
                {"kind": DocumentKind.WITNESS_STATEMENT,
                 "reference": "Показания свидетеля, работавшего с заявителем"},
            ],
        )  # fmt: skip
        if refused:
            case_decide(
                actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision=CaseDecision.REFUSED,
                reason="Период работы в годы войны менее шести месяцев",
            )  # fmt: skip
        else:
            case_decide(
                actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision=CaseDecision.POSITIVE,
                established_from=start, established_to=end,
            )  # fmt: skip


def _semipalatinsk(actor: Any, secretary: User) -> None:
    meetings = _meetings(secretary, Kind.SEMIPALATINSK, NUCLEAR_MEETINGS)
    zones = (Zone.INCREASED, Zone.MINIMAL, Zone.MAXIMUM)
    for n in range(NUCLEAR_PERSONS):
        person = _person(actor, 100 + n, dt.date(1950 + n, 3, 1 + n))
        meeting = meetings[n * NUCLEAR_MEETINGS // NUCLEAR_PERSONS]
        case = case_open(
            actor=actor, kind=Kind.SEMIPALATINSK, iin=person.iin,
            opened_on=meeting.date - dt.timedelta(days=5),
            period_from=person.birth_date, period_to=dt.date(1975, 12, 31), zone=zones[n % len(zones)],
            place="Абайский район Семипалатинской области",
            documents=[
                {"kind": DocumentKind.RESIDENCE_CERTIFICATE,
                 "reference": f"Архивная справка о проживании № {200 + n}"},
                {"kind": DocumentKind.IDENTITY, "reference": "Удостоверение личности"},
            ],
        )  # fmt: skip
        case_decide(actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision=CaseDecision.POSITIVE)
        certificate_issue(actor=secretary, case_id=case.pk, issued_on=meeting.date + dt.timedelta(days=3))


def _agendas(secretary: User) -> None:
    for kind, count, questions in (
        (Kind.TRIPARTITE, TRIPARTITE_MEETINGS, TRIPARTITE),
        (Kind.DISABILITY_COUNCIL, COUNCIL_MEETINGS, COUNCIL),
    ):
        for n, meeting in enumerate(_meetings(secretary, kind, count)):
            for title, speakers, decision in questions[n::count]:
                question_add(
                    actor=secretary, meeting_id=meeting.pk, title=title, speakers=speakers, decision=decision
                )


def _partnership(secretary: User) -> None:
    for side, name, organisation in (
        (Side.GOVERNMENT, "Заместитель акима города", "Аппарат акима города Балхаш"),
        (Side.GOVERNMENT, "Руководитель отдела занятости", "Отдел занятости и социальных программ"),
        (Side.EMPLOYERS, "Представитель работодателей", "Палата предпринимателей города Балхаш"),
        (Side.EMPLOYERS, "Представитель работодателей", "ТОО «Казахмыс Смелтинг»"),
        (Side.WORKERS, "Председатель профсоюза", "Профсоюзный центр города Балхаш"),
        (Side.WORKERS, "Председатель профкома", "Профсоюз работников горно-металлургической отрасли"),
    ):
        party_member_add(
            actor=secretary, kato=BALKHASH, side=side, full_name=name, organisation=organisation,
            since=dt.date(YEAR, 1, 10),
        )  # fmt: skip
    agreement = agreement_record(
        actor=secretary, kato=BALKHASH, level="regional", number="1/2018", signed_on=dt.date(YEAR, 1, 25),
        valid_from=dt.date(YEAR, 1, 1), valid_to=dt.date(2020, 12, 31),
        parties="Аким города Балхаш; объединения профсоюзов (работников); объединения предпринимателей и "
        "работодателей города",
    )  # fmt: skip
    amendment_record(
        actor=secretary, agreement_id=agreement.pk, number="1", signed_on=dt.date(YEAR, 9, 20),
        summary="Обязательства сторон по погашению задолженности по заработной плате",
    )  # fmt: skip


def demo_commissions(actor: Any) -> int:
    """The demo town's 2018 of the other commissions (idempotent: nothing when a case is recorded);
    returns the number of meetings recorded."""
    if Case.objects.exists():
        return 0
    secretary = User.objects.filter(username=SECRETARY, is_active=True).first()
    if secretary is None:
        raise RuntimeError(
            f"The demo's commission member {SECRETARY} is missing: run `komek demo-users` first."
        )
    _partnership(secretary)
    _work_experience(actor, secretary)
    _semipalatinsk(actor, secretary)
    _agendas(secretary)
    return Meeting.objects.exclude(kind=Kind.SOCIAL_ASSISTANCE).count()
