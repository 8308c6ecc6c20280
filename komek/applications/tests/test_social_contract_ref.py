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


def test_the_contract_is_linked_back_and_its_sanction_suspends_the_assignment(
    household, calculated, caseworker, social_contract, client
):
    """The decision links the contract it rests on back to the assignment it created (audited); the
    assignment's page shows the contract; a member's refusal then suspends that assignment (before
    the link, the contract named no assignment and the sanction suspended nothing)."""
    from django.urls import reverse

    from komek.common.models import AuditLog
    from komek.employment.services.contracts import social_contract_sanction

    app = _assign(calculated(household.head), caseworker, social_contract.number)
    social_contract.refresh_from_db()
    assert social_contract.assignment_id == app.assignment_id
    linked = AuditLog.objects.get(object_type="employment.socialcontract", action="update")
    assert linked.changes == {"assignment": [None, app.assignment_id]}
    assert linked.actor_username == caseworker.username

    client.force_login(caseworker)
    page = client.get(
        reverse("benefits:assignment_detail", args=[app.assignment_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    fragment = reverse("employment:assignment_contract", args=[app.assignment_id])
    assert fragment in page.content.decode()
    shown = client.get(fragment, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In force" in shown and f"{social_contract.valid_to:%d.%m.%Y}" in shown

    counsellor = social_contract.created_by
    item = social_contract.items.get()
    sanction = social_contract_sanction(
        actor=counsellor, item=item, on=household.on, note="Refused the training"
    )
    assert sanction.assignment_suspended
    assert Assignment.objects.get(pk=app.assignment_id).suspensions.get().date_from == household.on


def test_an_unlinked_assignment_says_so_on_its_page(
    household, calculated, caseworker, social_contract, client
):
    """An assignment no contract names (the link removed by hand) shows that on its page, not a
    contract of another assignment."""
    from django.urls import reverse

    from komek.employment.models import SocialContract

    app = _assign(calculated(household.head), caseworker, social_contract.number)
    SocialContract.objects.filter(pk=social_contract.pk).update(assignment_id=None)
    client.force_login(caseworker)
    url = reverse("employment:assignment_contract", args=[app.assignment_id])
    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content
    assert b"no contract of the employment centre names this assignment" in shown
