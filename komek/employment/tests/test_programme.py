"""The Enbek programme's people: vocational education, youth projects, contests and social status —
each figure of the section ``programme_people`` on constructed data, and the refusals of bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.models import ContestEntry, StatusCase, TipoEnrolment, TipoEvent, TipoPlan
from komek.employment.programme_report import programme_figures, programme_records
from komek.employment.services.contests import contest_entry_record, contest_record, winners_declare
from komek.employment.services.programme import tipo_enrol, tipo_plan_set, tipo_step, youth_record
from komek.employment.services.social_status import (
    StatusImportRefused,
    involvement_record,
    status_confirm,
    statuses_import,
)
from komek.employment.tests.conftest import BALKHASH, BALKHASH_TOWN, new_bin

D = dt.date
Y = 2020


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


def figures(actor: Any, year: int = Y) -> dict[str, Any]:
    return {f.code: f.value for f in programme_figures(actor=actor, year=year, prefix="3516")}


@pytest.fixture
def persons(make_person: Callable[..., Any]) -> Callable[[int], list[Any]]:
    def make(n: int) -> list[Any]:
        names = ("Ерлан", "Айгерим", "Данияр", "Асель", "Бауыржан", "Жанар")
        return [make_person(name=names[i % 6], birth_date=D(2003, 1, 1 + i % 28)) for i in range(n)]

    return make


def _records_total(actor: Any, code: str) -> Any:
    found = programme_records(actor=actor, year=Y, prefix="3516", code=code)
    assert found is not None, code
    return found.total()


def test_vocational_education_figures(counsellor: Any, persons: Callable[[int], list[Any]]) -> None:
    """Plan, enrolled, onto vacant places, continuing, expelled, finished, employed and the money
    come out of the plan and the enrolments' steps of the year."""
    tipo_plan_set(actor=counsellor, kato=BALKHASH, year=Y, persons=10, allocated=2_000_000, spent=1_500_000)
    a, b, c, d, e = persons(5)
    old = tipo_enrol(
        actor=counsellor,
        iin=a.iin,
        college="Балқаш колледжі",
        speciality="Сварщик",
        started=D(2019, 9, 1),
        category="graduate",
    )
    made = [
        tipo_enrol(
            actor=counsellor,
            iin=p.iin,
            college="Политехнический колледж",
            speciality="Электрик",
            started=D(Y, 9, 1),
            category="low_income",
            vacant_place=p is e,
        )
        for p in (b, c, d, e)
    ]
    tipo_step(actor=counsellor, enrolment_id=old.pk, status="finished", date=D(Y, 6, 30))
    tipo_step(actor=counsellor, enrolment_id=old.pk, status="employed", date=D(Y, 8, 1))
    tipo_step(actor=counsellor, enrolment_id=made[0].pk, status="expelled", date=D(Y, 11, 1))
    got = figures(counsellor)
    assert got["programme.tipo.plan"] == 10
    assert got["programme.tipo.enrolled"] == 4
    assert got["programme.tipo.vacant_place"] == 1
    assert got["programme.tipo.studying"] == 3
    assert got["programme.tipo.expelled"] == 1
    assert got["programme.tipo.finished"] == 1
    assert got["programme.tipo.employed"] == 1
    assert got["programme.tipo.allocated"] == 2_000_000
    assert got["programme.tipo.spent"] == 1_500_000
    assert got["programme.tipo.spent_percent"] == Decimal("75.0")
    assert figures(counsellor, Y - 1)["programme.tipo.studying"] == 1
    for code in ("plan", "enrolled", "vacant_place", "studying", "expelled", "finished", "employed", "spent"):
        assert _records_total(counsellor, f"programme.tipo.{code}") == got[f"programme.tipo.{code}"]


def test_a_step_out_of_order_is_refused(counsellor: Any, persons: Callable[[int], list[Any]]) -> None:
    """Employed while studying, a step dated before the last one and a second enrolment while
    studying are refused on their field, nothing written, the refusal audited."""
    (a,) = persons(1)
    found = tipo_enrol(
        actor=counsellor, iin=a.iin, college="К", speciality="С", started=D(Y, 9, 1), category="other"
    )
    with pytest.raises(DomainError) as exc:
        tipo_step(actor=counsellor, enrolment_id=found.pk, status="employed", date=D(Y, 10, 1))
    assert exc.value.field == "status"
    with pytest.raises(DomainError) as exc:
        tipo_step(actor=counsellor, enrolment_id=found.pk, status="finished", date=D(Y, 8, 1))
    assert exc.value.field == "date"
    with pytest.raises(DomainError) as exc:
        tipo_enrol(
            actor=counsellor, iin=a.iin, college="К", speciality="С", started=D(Y, 9, 2), category="other"
        )
    assert exc.value.field == "iin"
    assert TipoEvent.objects.filter(enrolment=found).count() == 1
    assert TipoEnrolment.objects.get(pk=found.pk).status == "studying"
    assert AuditLog.objects.filter(action="refuse", object_type="employment.tipoenrolment").count() == 3


def test_a_plan_spending_more_than_allocated_is_refused(counsellor: Any) -> None:
    with pytest.raises(DomainError) as exc:
        tipo_plan_set(actor=counsellor, kato=BALKHASH, year=Y, persons=5, allocated=100, spent=101)
    assert exc.value.field == "spent"
    assert not TipoPlan.objects.exists()


def test_youth_projects(counsellor: Any, persons: Callable[[int], list[Any]]) -> None:
    """Participants of each project some time in the year, and those who ended employed or in business."""
    a, b, c = persons(3)
    youth_record(
        actor=counsellor,
        iin=a.iin,
        project="zhas_maman",
        started=D(Y, 2, 1),
        ended=D(Y, 8, 1),
        outcome="employed",
    )
    youth_record(actor=counsellor, iin=b.iin, project="zhas_maman", started=D(Y - 1, 2, 1))
    youth_record(
        actor=counsellor,
        iin=c.iin,
        project="zhas_kasipker",
        started=D(Y, 3, 1),
        ended=D(Y, 12, 1),
        outcome="business",
    )
    got = figures(counsellor)
    assert got["programme.youth.zhas_maman"] == 2
    assert got["programme.youth.zhas_kasipker"] == 1
    assert got["programme.youth.employed"] == 2
    with pytest.raises(DomainError) as exc:
        youth_record(
            actor=counsellor, iin=c.iin, project="zhas_maman", started=D(Y, 3, 1), outcome="employed"
        )
    assert exc.value.field == "outcome"


def test_contests_and_their_winners(counsellor: Any, persons: Callable[[int], list[Any]]) -> None:
    """Participants by IIN, applications by BIN; a winner must be a participant of the nomination and
    a nomination has no more winners than it allows; a bad BIN is refused on its field."""
    a, b, c = persons(3)
    enbek = contest_record(
        actor=counsellor,
        kind="enbek_zholy",
        year=Y,
        kato=BALKHASH,
        title="Еңбек жолы-2020",
        nominations=[("Лучший рабочий", 2), ("Лучший мастер", 1)],
    )
    first, second = enbek.nominations.order_by("id")
    ea = contest_entry_record(actor=counsellor, nomination_id=first.pk, iin=a.iin, applied=D(Y, 4, 1))
    eb = contest_entry_record(actor=counsellor, nomination_id=first.pk, iin=b.iin, applied=D(Y, 4, 1))
    ec = contest_entry_record(actor=counsellor, nomination_id=second.pk, iin=c.iin, applied=D(Y, 4, 2))
    with pytest.raises(DomainError) as exc:
        winners_declare(actor=counsellor, nomination_id=first.pk, entry_ids=[ea.pk, ec.pk])
    assert exc.value.field == "entry_ids"
    assert "Not a participant" in str(exc.value.message)
    with pytest.raises(DomainError) as exc:
        winners_declare(actor=counsellor, nomination_id=second.pk, entry_ids=[ec.pk, ea.pk])
    assert exc.value.field == "entry_ids"
    assert not ContestEntry.objects.filter(winner=True).exists()
    winners_declare(actor=counsellor, nomination_id=first.pk, entry_ids=[ea.pk, eb.pk])
    paryz = contest_record(
        actor=counsellor,
        kind="paryz",
        year=Y,
        kato=BALKHASH,
        title="Парыз-2020",
        nominations=[("Лучшее социально ответственное предприятие", 1)],
    )
    nomination = paryz.nominations.get()
    with pytest.raises(DomainError) as exc:
        contest_entry_record(
            actor=counsellor,
            nomination_id=nomination.pk,
            enterprise="ТОО «А»",
            bin="123456789012",
            applied=D(Y, 5, 1),
        )
    assert exc.value.field == "bin"
    contest_entry_record(
        actor=counsellor, nomination_id=nomination.pk, enterprise="ТОО «А»", bin=new_bin(), applied=D(Y, 5, 1)
    )
    got = figures(counsellor)
    assert got["programme.contest.enbek_zholy"] == 3
    assert got["programme.contest.enbek_zholy.winners"] == 2
    assert got["programme.contest.paryz"] == 1
    assert got["programme.contest.paryz.winners"] == 0
    assert _records_total(counsellor, "programme.contest.enbek_zholy.winners") == 2


def _csv(*rows: tuple[str, str, str]) -> bytes:
    return ("iin,status_found,date\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)).encode()


def test_social_status_import_and_figures(counsellor: Any, persons: Callable[[int], list[Any]]) -> None:
    """The imported list gives the persons without a status at the start and the end of the year,
    the statuses confirmed (in the year, in all, as a share) and the involvement by measure."""
    a, b, c, d = persons(4)
    assert statuses_import(actor=counsellor, content=_csv(
        (a.iin, "no", "2017-04-01"), (b.iin, "no", "2017-04-01"), (c.iin, "no", "2019-04-01"),
        (d.iin, "yes", "2019-05-01"),
    )) == 4  # fmt: skip
    assert statuses_import(actor=counsellor, content=_csv((a.iin, "yes", f"{Y}-03-01"))) == 1
    case_b = StatusCase.objects.get(person=b)
    status_confirm(actor=counsellor, case_id=case_b.pk, date=D(Y + 1, 1, 10))
    case_c = StatusCase.objects.get(person=c)
    involvement_record(actor=counsellor, case_id=case_c.pk, measure="permanent", date=D(Y, 4, 1))
    involvement_record(actor=counsellor, case_id=case_b.pk, measure="training", date=D(Y, 5, 1))
    with pytest.raises(DomainError) as exc:
        involvement_record(actor=counsellor, case_id=case_c.pk, measure="permanent", date=D(Y, 6, 1))
    assert exc.value.field == "measure"
    got = figures(counsellor)
    assert got["programme.status.start"] == 3  # a, b, c
    assert got["programme.status.end"] == 2  # b (confirmed the next year), c
    assert got["programme.status.confirmed"] == 1  # a
    assert got["programme.status.confirmed_total"] == 2  # a, d
    assert got["programme.status.confirmed_percent"] == Decimal("50.0")
    assert got["programme.involved"] == 2
    assert got["programme.involved.permanent"] == 1
    assert got["programme.involved.training"] == 1
    assert got["programme.involved.bastau"] == 0
    for code in ("status.start", "status.end", "status.confirmed", "status.confirmed_total", "involved"):
        assert _records_total(counsellor, f"programme.{code}") == got[f"programme.{code}"]


def test_a_bad_import_writes_nothing_and_names_each_row(
    counsellor: Any, persons: Callable[[int], list[Any]]
) -> None:
    (a,) = persons(1)
    content = _csv(
        (a.iin, "no", "2020-01-01"),
        ("123", "no", "2020-01-01"),
        ("030101500012", "maybe", "x"),
        ("990101300019", "no", "2020-01-01"),
    )
    with pytest.raises(StatusImportRefused) as exc:
        statuses_import(actor=counsellor, content=content)
    assert [(e.line, e.field) for e in exc.value.errors] == [(3, "iin"), (4, "status_found"), (5, "iin")]
    assert not StatusCase.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="employment.statuscase").count() == 1
    with pytest.raises(DomainError) as header:
        statuses_import(actor=counsellor, content=b"iin;date\n")
    assert header.value.field == "file"


def test_another_territory_is_out_of_reach(
    make_user: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    """A counsellor of Almaty cannot enrol a person of Balkhash."""
    from komek.accounts.choices import Role

    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=("750000000",), username="almaty_counsellor")
    person = make_person(kato=BALKHASH_TOWN)
    with pytest.raises(DomainError) as exc:
        tipo_enrol(
            actor=almaty, iin=person.iin, college="К", speciality="С", started=D(Y, 9, 1), category="other"
        )
    assert exc.value.field == "iin"


def test_every_label_is_text(counsellor: Any) -> None:
    """The section goes into the report's JSON: every label is a plain string, not a lazy one."""
    import json

    rows = programme_figures(actor=counsellor, year=Y, prefix="3516")
    assert all(type(f.label) is str for f in rows)
    json.dumps([f.label for f in rows])


def test_the_figures_take_seven_queries_whatever_the_records(
    counsellor: Any, persons: Callable[[int], list[Any]]
) -> None:
    """Set-based: more students and more persons without a status leave the number of queries as it was."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures(counsellor)
    with CaptureQueriesContext(connection) as before:
        figures(counsellor)
    people = persons(3)
    for p in people:
        tipo_enrol(
            actor=counsellor, iin=p.iin, college="К", speciality="С", started=D(Y, 9, 1), category="other"
        )
    statuses_import(actor=counsellor, content=_csv(*((p.iin, "no", "2019-01-01") for p in people)))
    with CaptureQueriesContext(connection) as after:
        got = figures(counsellor)
    assert got["programme.tipo.studying"] == 3
    assert len(after.captured_queries) == len(before.captured_queries) <= 7  # noqa: PLR2004
