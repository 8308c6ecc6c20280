"""The contract of assignments: create, the refusals, suspend, resume, terminate, reassign."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.benefits.choices import AssignmentStatus
from komek.benefits.iban import make_iban, validate_iban
from komek.benefits.models import Assignment, Bank
from komek.benefits.selectors import assignments_for_application, assignments_for_family
from komek.benefits.services import (
    assignment_reassign,
    assignment_resume,
    assignment_suspend,
    assignment_terminate,
)
from komek.benefits.tests.fixtures import valid_iban
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def test_iban_rules() -> None:
    """A computed KZ IBAN passes; a wrong length, a typo or a foreign country is refused."""
    iban = make_iban("722", "S000054326792")
    assert validate_iban(iban) == iban
    assert validate_iban("KZ45722S000054326792") == "KZ45722S000054326792"  # a published Kaspi account
    assert validate_iban(" kz45 722S 0000 5432 6792 ") == "KZ45722S000054326792"
    for bad in (
        "KZ45722S00005432679",
        "KZ46722S000054326792",
        "DE45722S000054326792",
        "KZ45722S00005432679!",
    ):
        with pytest.raises(DomainError) as info:
            validate_iban(bad)
        assert info.value.field == "iban"


def test_banks_reference_loaded() -> None:
    """The migration loads Kazakhstan's banks with their IBAN bank codes."""
    assert Bank.objects.get(bic="HSBKKZKX").iban_code == "601"
    assert Bank.objects.get(bic="CASPKZKA").iban_code == "722"
    assert Bank.objects.count() >= 10


def test_create_writes_amount_and_audit(make_assignment: Any) -> None:
    """An assignment is created with its first dated amount and one audit row naming the recipient."""
    a = make_assignment(application_id=42)
    assert a.status == AssignmentStatus.ACTIVE
    assert a.kato_code == "351610000"
    assert list(a.amounts.values_list("valid_from", "monthly_amount")) == [(dt.date(2020, 1, 1), 26510)]
    log = AuditLog.objects.get(object_type="benefits.assignment", object_id=str(a.pk))
    assert log.person_id == a.recipient_id
    assert log.changes["monthly_amount"] == [None, 26510]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"monthly_amount": 50000, "amount_limit": 40000}, "monthly_amount", "above_limit"),
        ({"iban": "KZ00601000000000000001"}, "iban", "iban"),
        ({"iban": "KZ12345"}, "iban", "iban"),
        ({"bank_bic": "NOSUCHKZ"}, "bank_bic", "unknown_bank"),
        ({"period_end": dt.date(2019, 12, 31)}, "period_end", "invalid"),
        ({"kind": "tsa_conditional"}, "social_contract_ref", "social_contract"),
    ],
)
def test_refusals(make_assignment: Any, overrides: dict[str, Any], field: str, code: str) -> None:
    """Each bad input is refused naming its field, and nothing is written."""
    before = Assignment.objects.count()
    with pytest.raises(DomainError) as info:
        make_assignment(**overrides)
    assert (info.value.field, info.value.code) == (field, code)
    assert Assignment.objects.count() == before


def test_iban_of_another_bank_refused(make_assignment: Any) -> None:
    """A Kaspi IBAN paid through Halyk is refused on the IBAN."""
    with pytest.raises(DomainError) as info:
        make_assignment(iban=valid_iban("722"), bank_bic="HSBKKZKX")
    assert info.value.field == "iban"


def test_overlap_refused(make_assignment: Any, make_family: Any) -> None:
    """A second assignment of the same programme overlapping an active one is refused; another
    programme or a later period is fine."""
    family = make_family()
    make_assignment(family=family)
    with pytest.raises(DomainError) as info:
        make_assignment(family=family, period_start=dt.date(2020, 6, 1), period_end=dt.date(2020, 9, 30))
    assert info.value.code == "overlap"
    make_assignment(family=family, programme="housing")
    make_assignment(family=family, period_start=dt.date(2020, 7, 1), period_end=dt.date(2020, 9, 30))
    assert Assignment.objects.filter(family=family).count() == 3


def test_conditional_with_contract(make_assignment: Any) -> None:
    """Conditional assistance is assigned with its social contract's reference."""
    a = make_assignment(kind="tsa_conditional", social_contract_ref="SC-2020-17")
    assert a.social_contract_ref == "SC-2020-17"


def test_territory_and_role(make_assignment: Any, make_user: Any, make_family: Any) -> None:
    """A caseworker of Almaty cannot assign to a Balkhash family; an accountant cannot assign."""
    almaty = make_user(Role.CASEWORKER, units=("751110000",), username="cw_almaty")
    with pytest.raises(PermissionDenied):
        make_assignment(actor=almaty)
    with pytest.raises(PermissionDenied):
        make_assignment(actor=make_user(Role.ACCOUNTANT, username="acc"))


def test_suspend_resume_terminate(make_assignment: Any, caseworker: Any) -> None:
    """Suspension, resumption and termination change the status, keep dated records and are audited."""
    a = make_assignment()
    a = assignment_suspend(
        actor=caseworker,
        assignment_id=a.pk,
        date_from=dt.date(2020, 3, 1),
        date_to=None,
        reason="documents_pending",
    )
    assert a.status == AssignmentStatus.SUSPENDED
    with pytest.raises(DomainError):
        assignment_suspend(
            actor=caseworker, assignment_id=a.pk, date_from=dt.date(2020, 3, 1), date_to=None, reason="moved"
        )
    a = assignment_resume(actor=caseworker, assignment_id=a.pk, date_from=dt.date(2020, 5, 1))
    assert a.status == AssignmentStatus.ACTIVE
    assert list(a.suspensions.values_list("date_from", "date_to")) == [
        (dt.date(2020, 3, 1), dt.date(2020, 4, 30))
    ]
    with pytest.raises(DomainError) as info:
        assignment_terminate(
            actor=caseworker, assignment_id=a.pk, date_from=dt.date(2021, 1, 1), reason="death"
        )
    assert info.value.field == "date_from"
    a = assignment_terminate(
        actor=caseworker, assignment_id=a.pk, date_from=dt.date(2020, 6, 1), reason="death"
    )
    assert (a.status, a.terminated_on) == (AssignmentStatus.TERMINATED, dt.date(2020, 6, 1))
    logs = AuditLog.objects.filter(object_type="benefits.assignment", object_id=str(a.pk))
    assert logs.count() == 6  # create, suspend, resume, terminate and the two refusals
    assert logs.filter(changes__has_key="refused").count() == 2


def test_employment_counsellor_suspends_for_refused_contract(make_assignment: Any, make_user: Any) -> None:
    """The employment centre may suspend for a refused social contract, and only for that."""
    counsellor = make_user(Role.EMPLOYMENT_COUNSELLOR, username="counsellor")
    a = make_assignment(kind="tsa_conditional", social_contract_ref="SC-1")
    with pytest.raises(PermissionDenied):
        assignment_suspend(
            actor=counsellor, assignment_id=a.pk, date_from=dt.date(2020, 2, 1), date_to=None, reason="moved"
        )
    a = assignment_suspend(
        actor=counsellor, assignment_id=a.pk, date_from=dt.date(2020, 2, 1), date_to=dt.date(2020, 7, 31),
        reason="social_contract_refusal",
    )  # fmt: skip
    assert a.status == AssignmentStatus.SUSPENDED


def test_reassign_next_quarter(make_assignment: Any, caseworker: Any) -> None:
    """A new quarter continues the assignment with the same details; the old one ends."""
    a = make_assignment(
        period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 3, 31), amount_mci=Decimal(10)
    )
    b = assignment_reassign(
        actor=caseworker,
        assignment_id=a.pk,
        period_start=dt.date(2020, 4, 1),
        period_end=dt.date(2020, 6, 30),
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.ENDED
    assert (b.previous_id, b.iban, b.family_id, b.amount_mci) == (a.pk, a.iban, a.family_id, Decimal(10))


def test_selectors_scope(make_assignment: Any, caseworker: Any, make_user: Any) -> None:
    """Family and application lists show what the user's territory allows."""
    a = make_assignment(application_id=7)
    assert list(assignments_for_family(user=caseworker, family_id=a.family_id)) == [a]
    assert list(assignments_for_application(user=caseworker, application_id=7)) == [a]
    almaty = make_user(Role.CASEWORKER, units=("751110000",), username="cw_almaty")
    assert not assignments_for_family(user=almaty, family_id=a.family_id).exists()


def test_refusal_is_audited(make_assignment: Any) -> None:
    """A refused assignment leaves no assignment but an audit row with the reason."""
    with pytest.raises(DomainError):
        make_assignment(monthly_amount=50000, amount_limit=40000)
    log = AuditLog.objects.filter(object_type="benefits.assignment").latest("id")
    assert log.changes == {"refused": ["above_limit", "monthly_amount"]}
    assert log.action == "refuse"
    assert "limit" in log.reason
