"""A conditional TSA decision names a signed social contract of the family in force (issue 10):
a made-up number or another family's contract is refused at the reference, nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from komek.accounts.choices import Role
from komek.applications.choices import Status
from komek.applications.models import Application
from komek.applications.services.decisions import application_decide, default_period
from komek.benefits.models import Assignment
from komek.common.errors import DomainError

from .conftest import BALKHASH_TOWN

pytestmark = pytest.mark.django_db


def _assign(app, caseworker, ref):
    start, end = default_period(app)
    return application_decide(
        actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
        amount=app.calculated_amount, period_start=start, period_end=end, social_contract_ref=ref,
    )  # fmt: skip


def test_a_made_up_contract_number_is_refused(household, calculated, caseworker):
    """A conditional TSA decision naming a contract that was never signed is refused at the
    reference and the case stays undecided."""
    app = calculated(household.head)
    assert app.programme_kind == "conditional"
    with translation.override("en"), pytest.raises(DomainError) as exc:
        _assign(app, caseworker, "SK-0000-1")
    assert exc.value.field == "social_contract_ref" and "SK-0000-1" in str(exc.value.message)
    assert Application.objects.get(pk=app.pk).status == Status.IN_REVIEW
    assert not Assignment.objects.exists()


def test_another_familys_contract_is_refused(
    household, calculated, caseworker, registrar, make_person, make_user
):
    """The number of a contract signed with another family is refused, saying so."""
    from komek.employment.services.contracts import social_contract_create
    from komek.registry.services.families import MemberSpec, family_create

    neighbour = make_person(name="Ерлан", birth_date=dt.date(1980, 5, 1), sex="male")
    other = family_create(
        actor=registrar, members=[MemberSpec(neighbour, "head")], kato=BALKHASH_TOWN, dwellings_owned=1,
        living_area=Decimal(30), valid_from=household.on.replace(year=household.on.year - 1),
    )  # fmt: skip
    social_contract_create(
        actor=make_user(Role.EMPLOYMENT_COUNSELLOR), family=other, number="SK-3516-99",
        signed_on=household.on, valid_to=household.on + dt.timedelta(days=90),
        items=[(neighbour, "training", household.on)],
    )  # fmt: skip
    app = calculated(household.head)
    with translation.override("en"), pytest.raises(DomainError) as exc:
        _assign(app, caseworker, "SK-3516-99")
    assert exc.value.field == "social_contract_ref" and "another family" in str(exc.value.message)
    assert not Assignment.objects.exists()


def test_the_familys_signed_contract_is_accepted(household, calculated, caseworker, social_contract):
    """The family's signed contract in force is accepted and carried onto the assignment."""
    app = _assign(calculated(household.head), caseworker, f" {social_contract.number} ")
    assert app.status == Status.ASSIGNED
    assert Assignment.objects.get(pk=app.assignment_id).social_contract_ref == social_contract.number
