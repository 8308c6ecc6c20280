"""The rules of an award case: the pendant's number of children (from the registry's families plus
those entered with a reason), mothers only, one open case per pendant, and the steps in order. A
refused step keeps nothing and leaves a refusal in the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.awards.choices import Status
from komek.awards.models import AwardCase
from komek.awards.selectors import registered_children
from komek.awards.services import award_present, case_open, decision_record, documents_send
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
Make = Callable[..., Any]


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse", object_type="awards.awardcase").count()


def test_the_children_come_from_the_registry_and_the_entered_ones(mother_of: Make, registrar: Any) -> None:
    mother = mother_of(5)
    assert registered_children(mother.pk) == 5
    with pytest.raises(DomainError, match="needs 6 children born and raised; 5 are counted"):
        case_open(actor=registrar, person_id=mother.pk, grade="kumis")
    with pytest.raises(DomainError, match="Say why"):
        case_open(actor=registrar, person_id=mother.pk, grade="kumis", children_other=1)
    assert not AwardCase.objects.exists() and _refusals() == 2
    found = case_open(
        actor=registrar, person_id=mother.pk, grade="kumis", children_other=1,
        children_other_reason="Grown up, lives in Astana",
    )  # fmt: skip
    assert (found.children_registered, found.children_other, found.children) == (5, 1, 6)
    assert found.status == Status.PREPARED and found.kato_id == mother.kato_id
    with pytest.raises(DomainError, match="needs 7 children"):
        case_open(
            actor=registrar, person_id=mother.pk, grade="altyn", children_other=1, children_other_reason="x"
        )
    assert AuditLog.objects.filter(
        action="create", object_type="awards.awardcase", person_id=mother.pk
    ).exists()


def test_a_man_and_a_second_open_case_are_refused(mother_of: Make, registrar: Any) -> None:
    father = mother_of(7, sex="male")
    with pytest.raises(DomainError, match="mothers only"):
        case_open(actor=registrar, person_id=father.pk, grade="altyn")
    mother = mother_of(7)
    case_open(actor=registrar, person_id=mother.pk, grade="altyn")
    with pytest.raises(DomainError, match="already has an open case"):
        case_open(actor=registrar, person_id=mother.pk, grade="altyn")
    assert AwardCase.objects.count() == 1 and _refusals() == 2


def test_the_steps_go_in_order(mother_of: Make, registrar: Any) -> None:
    today = timezone.localdate()
    day = today - dt.timedelta(days=30)
    found = case_open(actor=registrar, person_id=mother_of(7).pk, grade="altyn", opened_on=day)
    with pytest.raises(DomainError, match="not sent yet"):
        decision_record(actor=registrar, case_id=found.pk, decision_on=day, decision="granted", decree="1")
    with pytest.raises(DomainError, match="not granted"):
        award_present(actor=registrar, case_id=found.pk, presented_on=day)
    with pytest.raises(DomainError, match="before they were prepared"):
        documents_send(
            actor=registrar, case_id=found.pk, sent_on=day - dt.timedelta(days=1), addressee="president"
        )
    with pytest.raises(DomainError, match="in the future"):
        documents_send(
            actor=registrar, case_id=found.pk, sent_on=today + dt.timedelta(days=1), addressee="president"
        )
    found.refresh_from_db()
    assert found.status == Status.PREPARED and found.sent_on is None  # nothing half-written
    documents_send(actor=registrar, case_id=found.pk, sent_on=day, addressee="president")
    with pytest.raises(DomainError, match="sent already"):
        documents_send(actor=registrar, case_id=found.pk, sent_on=day, addressee="akimat")
    with pytest.raises(DomainError, match="number of the decree"):
        decision_record(actor=registrar, case_id=found.pk, decision_on=day, decision="granted")
    decision_record(actor=registrar, case_id=found.pk, decision_on=day, decision="granted", decree="1234")
    award_present(actor=registrar, case_id=found.pk, presented_on=today)
    found.refresh_from_db()
    assert (found.status, found.decree, found.presented_on) == (Status.PRESENTED, "1234", today)
    with pytest.raises(DomainError, match="presented already"):
        award_present(actor=registrar, case_id=found.pk, presented_on=today)
    assert _refusals() == 7
    assert AuditLog.objects.filter(action="update", object_type="awards.awardcase").count() == 3


def test_a_refused_award_is_never_presented_and_frees_the_pendant(mother_of: Make, registrar: Any) -> None:
    day = timezone.localdate() - dt.timedelta(days=10)
    mother = mother_of(6)
    found = case_open(actor=registrar, person_id=mother.pk, grade="kumis", opened_on=day)
    documents_send(actor=registrar, case_id=found.pk, sent_on=day, addressee="akimat")
    decision_record(actor=registrar, case_id=found.pk, decision_on=day, decision="refused")
    with pytest.raises(DomainError, match="not granted"):
        award_present(actor=registrar, case_id=found.pk, presented_on=day)
    assert case_open(actor=registrar, person_id=mother.pk, grade="kumis").status == Status.PREPARED


def test_roles_and_territory(mother_of: Make, registrar: Any, almaty_registrar: Any, head_user: Any) -> None:
    mother = mother_of(7)
    with pytest.raises(PermissionDenied):
        case_open(actor=head_user, person_id=mother.pk, grade="altyn")
    with pytest.raises(NotFound):
        case_open(actor=almaty_registrar, person_id=mother.pk, grade="altyn")
    found = case_open(actor=registrar, person_id=mother.pk, grade="altyn")
    with pytest.raises(NotFound):
        documents_send(
            actor=almaty_registrar, case_id=found.pk, sent_on=timezone.localdate(), addressee="akimat"
        )
    assert AwardCase.objects.get().status == Status.PREPARED
