"""The other commissions: a case opened with its documents and decided at a meeting of its own
commission; the refusals (no documents, another commission's meeting, a period outside the war or
shorter than six months) write nothing but their audit row; certificates numbered per territory and
year; questions only at the council's and the tripartite commission's meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from komek.accounts.choices import Role
from komek.commissions.choices import CaseDecision, Kind, MeetingStatus
from komek.commissions.models import Agreement, Case, CaseDocument, Meeting, Question
from komek.commissions.services.cases import case_decide, case_open, certificate_issue, war_period
from komek.commissions.services.held import meeting_record, question_add
from komek.commissions.services.meetings import agenda_build
from komek.commissions.services.partnership import agreement_record, amendment_record, party_member_add
from komek.common.errors import DomainError
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"
ARCHIVE = [{"kind": "archive", "reference": "Архивная справка № 12", "issued": "2018-01-15"}]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def secretary(make_user: Any) -> Any:
    return make_user(Role.COMMISSION_MEMBER, username="secretary")


@pytest.fixture
def worker(make_person: Any) -> Any:
    """A woman of Balkhash born in 1927 who worked at the copper smelter during the war."""
    return make_person(surname="Абдрахманова", name="Айгуль", birth_date=dt.date(1927, 3, 1), sex="female")


def _open(secretary: Any, worker: Any, **kw: Any) -> Case:
    data = {
        "actor": secretary, "kind": Kind.WORK_EXPERIENCE, "iin": worker.iin,
        "opened_on": timezone.localdate(), "period_from": "1941-09-01", "period_to": "1945-05-09",
        "place": "Прибалхашстрой", "documents": ARCHIVE,
        **kw,
    }  # fmt: skip
    return case_open(**data)


def _refusals(object_type: str) -> int:
    return AuditLog.objects.filter(action="refuse", object_type=object_type).count()


def test_a_case_decided_at_a_meeting_of_its_commission(secretary: Any, worker: Any) -> None:
    """The case, its documents, the decision within the war period, all audited with the person."""
    case = _open(secretary, worker)
    assert case.number.endswith("-001") and case.decision == CaseDecision.PENDING
    assert list(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == ["archive"]
    meeting = meeting_record(
        actor=secretary, kind=Kind.WORK_EXPERIENCE, kato=BALKHASH, date=timezone.localdate()
    )
    assert meeting.status == MeetingStatus.HELD and meeting.kind == Kind.WORK_EXPERIENCE
    case_decide(
        actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision="positive",
        established_from="1942-01-01", established_to="1945-05-09",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.decision == CaseDecision.POSITIVE and case.established_from == dt.date(1942, 1, 1)
    assert AuditLog.objects.filter(object_type="commissions.case", person_id=worker.pk).count() == 2
    with pytest.raises(DomainError, match="decided already"):
        case_decide(actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision="refused", reason="x")


def test_a_case_without_documents_is_refused_and_nothing_written(secretary: Any, worker: Any) -> None:
    """No documents: a clear error naming them, no case, one refusal in the audit log."""
    before = _refusals("commissions.case")
    with pytest.raises(DomainError, match="no documents") as refused:
        _open(secretary, worker, documents=[{"kind": "", "reference": ""}])
    assert refused.value.field == "documents"
    with pytest.raises(DomainError, match="Document 1"):
        _open(secretary, worker, documents=[{"kind": "residence", "reference": "Справка"}])  # not this one's
    assert not Case.objects.exists()
    assert _refusals("commissions.case") == before + 2


def test_a_meeting_of_one_kind_takes_no_case_of_another(secretary: Any, worker: Any) -> None:
    """A Semipalatinsk meeting, a council meeting or the special commission's refuse the case."""
    case = _open(secretary, worker)
    today = timezone.localdate()
    for kind in (Kind.SEMIPALATINSK, Kind.DISABILITY_COUNCIL):
        other = meeting_record(actor=secretary, kind=kind, kato=BALKHASH, date=today)
        with pytest.raises(DomainError, match="cannot take") as refused:
            case_decide(
                actor=secretary, case_id=case.pk, meeting_id=other.pk, decision="positive",
                established_from="1942-01-01", established_to="1945-05-09",
            )  # fmt: skip
        assert refused.value.field == "meeting"
    special = Meeting.objects.create(
        kato_id=BALKHASH, number="x-1", date=today, quorum=1, secretary=secretary
    )
    with pytest.raises(DomainError, match="cannot take"):
        case_decide(actor=secretary, case_id=case.pk, meeting_id=special.pk, decision="refused", reason="x")
    assert Case.objects.get(pk=case.pk).decision == CaseDecision.PENDING
    # and the special commission's steps refuse a held meeting
    held = Meeting.objects.filter(kind=Kind.SEMIPALATINSK).get()
    with pytest.raises(DomainError, match="takes no applications"):
        agenda_build(actor=secretary, meeting_id=held.pk)


def test_the_period_established_lies_in_the_war_and_lasts_six_months(secretary: Any, worker: Any) -> None:
    """22.06.1941–09.05.1945 and six months, read from the legislation with its reference."""
    assert war_period(dt.date(2018, 5, 1)) == (dt.date(1941, 6, 22), dt.date(1945, 5, 9), 6)
    case = _open(secretary, worker)
    meeting = meeting_record(
        actor=secretary, kind=Kind.WORK_EXPERIENCE, kato=BALKHASH, date=timezone.localdate()
    )
    for start, end, field in (
        ("1941-06-01", "1942-01-01", "established_from"),  # before the war
        ("1944-12-01", "1945-06-30", "established_to"),  # after the victory
        ("1942-01-01", "1942-06-29", "established_to"),  # under six months
    ):
        with pytest.raises(DomainError) as refused:
            case_decide(
                actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision="positive",
                established_from=start, established_to=end,
            )  # fmt: skip
        assert refused.value.field == field
    case_decide(
        actor=secretary,
        case_id=case.pk,
        meeting_id=meeting.pk,
        decision="positive",
        established_from="1942-01-01",
        established_to="1942-06-30",
    )  # fmt: skip  (six months exactly)
    with pytest.raises(DomainError, match="outside the war period"):
        _open(secretary, worker, period_from="1946-01-01", period_to="1947-01-01")


def test_certificates_numbered_per_territory_and_year(secretary: Any, make_person: Any) -> None:
    """On a positive decision of the Semipalatinsk commission; the next number of the year."""
    today = timezone.localdate()
    meeting = meeting_record(actor=secretary, kind=Kind.SEMIPALATINSK, kato=BALKHASH, date=today)
    numbers = []
    for n in range(2):
        person = make_person(
            surname="Ким", name=("Ирина", "Ольга")[n], birth_date=dt.date(1955, 1, 1 + n), sex="female"
        )
        case = case_open(
            actor=secretary, kind=Kind.SEMIPALATINSK, iin=person.iin, opened_on=today, zone="increased",
            period_from="1956-01-01", period_to="1970-01-01", place="Абайский район",
            documents=[{"kind": "residence", "reference": "Справка о проживании"}],
        )  # fmt: skip
        with pytest.raises(DomainError, match="positive decision"):
            certificate_issue(actor=secretary, case_id=case.pk, issued_on=today)
        case_decide(actor=secretary, case_id=case.pk, meeting_id=meeting.pk, decision="positive")
        numbers.append(
            certificate_issue(actor=secretary, case_id=case.pk, issued_on=today).certificate_number
        )
    assert numbers == [f"{today.year}-0001", f"{today.year}-0002"]
    with pytest.raises(DomainError, match="issued already"):
        certificate_issue(actor=secretary, case_id=case.pk, issued_on=today)
    with pytest.raises(DomainError, match="zone"):
        case_open(
            actor=secretary, kind=Kind.SEMIPALATINSK, iin=person.iin, opened_on=today, zone="",
            period_from="1955-01-01", period_to="1970-01-01", place="Абайский район",
            documents=[{"kind": "residence", "reference": "Справка"}],
        )  # fmt: skip


def test_questions_and_the_tripartite_agreement(secretary: Any) -> None:
    """Questions only at the council's and the tripartite commission's meetings; members by side,
    the agreement and an amendment within its term."""
    today = timezone.localdate()
    council = meeting_record(actor=secretary, kind=Kind.DISABILITY_COUNCIL, kato=BALKHASH, date=today)
    question_add(
        actor=secretary, meeting_id=council.pk, title="О безбарьерной среде", decision="Принять к сведению"
    )
    work = meeting_record(actor=secretary, kind=Kind.WORK_EXPERIENCE, kato=BALKHASH, date=today)
    with pytest.raises(DomainError, match="cannot take"):
        question_add(actor=secretary, meeting_id=work.pk, title="x", decision="y")
    with pytest.raises(DomainError) as refused:
        question_add(actor=secretary, meeting_id=council.pk, title="x", decision="")
    assert refused.value.field == "decision"
    assert Question.objects.count() == 1
    with pytest.raises(DomainError, match="future"):
        meeting_record(
            actor=secretary, kind=Kind.TRIPARTITE, kato=BALKHASH, date=today + dt.timedelta(days=1)
        )
    party_member_add(
        actor=secretary, kato=BALKHASH, side="workers", full_name="Председатель профсоюза",
        organisation="Профсоюзный центр", since=today,
    )  # fmt: skip
    agreement = agreement_record(
        actor=secretary, kato=BALKHASH, level="regional", number="1/2026", signed_on=today,
        valid_from=today, valid_to=today + dt.timedelta(days=700), parties="Акимат; работодатели; профсоюзы",
    )  # fmt: skip
    with pytest.raises(DomainError, match="signed between"):
        amendment_record(
            actor=secretary, agreement_id=agreement.pk, number="1", signed_on=today - dt.timedelta(days=1),
            summary="x",
        )  # fmt: skip
    amendment_record(actor=secretary, agreement_id=agreement.pk, number="1", signed_on=today, summary="Сроки")
    assert Agreement.objects.get().amendments.count() == 1
