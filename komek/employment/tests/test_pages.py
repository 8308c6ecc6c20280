"""Pages of social contracts: signing with a plan, the contract page, monitoring and the sanction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from komek.employment.models import ActivationItem, Sanction, SocialContract
from komek.employment.tests.conftest import BALKHASH_TOWN

D = dt.date


@pytest.fixture
def client_of(db: Any) -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def family_of(registrar: Any, make_person: Callable[..., Any]) -> Callable[..., Any]:
    from komek.registry.services.families import MemberSpec, family_create

    def make() -> tuple[Any, Any, Any]:
        head, wife = make_person(), make_person(name="Айгерим", sex="female", birth_date=D(1988, 6, 1))
        family = family_create(
            actor=registrar,
            kato=BALKHASH_TOWN,
            members=[MemberSpec(head, "head"), MemberSpec(wife, "spouse")],
        )
        return family, head, wife

    return make


def _post_data(head: Any, wife: Any, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "family_id": "",
        "head_iin": head.iin,
        "number": "СК-101",
        "signed_on": today.isoformat(),
        "valid_to": (today + dt.timedelta(days=180)).isoformat(),
        "assignment_id": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-iin": head.iin,
        "items-0-measure": "public_works",
        "items-0-due_by": (today + dt.timedelta(days=30)).isoformat(),
        "items-1-iin": wife.iin,
        "items-1-measure": "training",
        "items-1-due_by": (today + dt.timedelta(days=60)).isoformat(),
    }
    return data | extra


def test_sign_a_contract_through_the_form(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    family_of: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """A social contract signed through the form shows on its page and in the list, in bounded queries."""
    family, head, wife = family_of()
    c = client_of(counsellor)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("employment:contract_create")).status_code == 200
    response = c.post(reverse("employment:contract_create"), _post_data(head, wife))
    contract = SocialContract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employment:contract_detail", args=[contract.pk])
    assert contract.family_id == family.pk and contract.number == "СК-101"
    assert [(i.person_id, i.measure) for i in contract.items.all()] == [
        (head.pk, "public_works"),
        (wife.pk, "training"),
    ]
    with django_assert_max_num_queries(14):
        page = c.get(reverse("employment:contract_detail", args=[contract.pk]))
    assert page.status_code == 200
    assert "СК-101" in page.content.decode()
    with django_assert_max_num_queries(12):
        listing = c.get(reverse("employment:contract_list"))
    assert reverse("employment:contract_detail", args=[contract.pk]) in listing.content.decode()


def test_bad_input_shows_the_field_error_and_writes_nothing(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    family_of: Callable[..., Any],
    make_person: Callable[..., Any],
) -> None:
    """Every bad input of the contract form lands on its field or plan row; nothing is written."""
    _family, head, wife = family_of()
    c = client_of(counsellor)
    today = timezone.localdate()
    # The end before the start: the service's refusal lands on the field.
    r = c.post(
        reverse("employment:contract_create"),
        _post_data(head, wife, valid_to=(today - dt.timedelta(days=1)).isoformat()),
    )
    assert r.status_code == 200
    assert "valid_to" in r.context["form"].errors
    # A stranger in the plan: the row's IIN field carries the error.
    stranger = make_person(name="Ерлан", birth_date=D(1990, 1, 2))
    r = c.post(reverse("employment:contract_create"), _post_data(head, stranger))
    assert r.status_code == 200
    assert r.context["form"].non_field_errors()
    # Neither family nor head given.
    r = c.post(reverse("employment:contract_create"), _post_data(head, wife, head_iin=""))
    assert "family_id" in r.context["form"].errors
    # An unknown IIN in a plan row.
    r = c.post(
        reverse("employment:contract_create"), _post_data(head, wife, **{"items-1-iin": "000000000000"})
    )
    assert r.context["formset"].forms[1].errors["iin"]
    assert not SocialContract.objects.exists() and not ActivationItem.objects.exists()


def test_a_registrar_gets_403(
    registrar: Any, counsellor: Any, client_of: Callable[[Any], Client], family_of: Callable[..., Any]
) -> None:
    """A registrar may neither open nor post the social-contract pages, and nothing changes."""
    from komek.employment.services.contracts import social_contract_create

    family, head, wife = family_of()
    contract = social_contract_create(
        actor=counsellor, family=family, number="СК-7", signed_on=D(2025, 2, 1), valid_to=D(2025, 12, 31),
        items=[(head, "job", D(2025, 3, 1))],
    )  # fmt: skip
    item = contract.items.get()
    c = client_of(registrar)
    assert c.get(reverse("employment:contract_create")).status_code == 403
    assert c.post(reverse("employment:contract_create"), _post_data(head, wife)).status_code == 403
    assert c.get(reverse("employment:contract_detail", args=[contract.pk])).status_code == 403
    assert (
        c.post(
            reverse("employment:obligation_refuse", args=[item.pk]), {"on": "2025-03-03", "note": "x"}
        ).status_code
        == 403
    )
    assert SocialContract.objects.count() == 1 and not Sanction.objects.exists()


def test_fulfilment_through_the_page(
    counsellor: Any,
    client_of: Callable[[Any], Client],
    family_of: Callable[..., Any],
    make_jobseeker: Callable[..., Any],
    make_employer: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """An obligation is fulfilled on its page only by a participation of that member."""
    from komek.employment.services.contracts import social_contract_create
    from komek.employment.services.measures import measure_enrol

    family, head, _wife = family_of()
    contract = social_contract_create(
        actor=counsellor, family=family, number="СК-8", signed_on=D(2025, 2, 1), valid_to=D(2025, 12, 31),
        items=[(head, "social_job", D(2025, 6, 1))],
    )  # fmt: skip
    item = contract.items.get()
    c = client_of(counsellor)
    url = reverse("employment:obligation_fulfil", args=[item.pk])
    with django_assert_max_num_queries(12):
        assert c.get(url).status_code == 200
    # Neither a participation nor past the due date: refused on the field, nothing changes.
    r = c.post(url, {"on": "2025-03-03", "note": ""})
    assert r.status_code == 200 and r.context["form"].errors["participation"]
    item.refresh_from_db()
    assert item.status == "planned"
    make_jobseeker(person=head, on=D(2025, 2, 3))
    p = measure_enrol(
        actor=counsellor, person=head, kind="social_job", employer=make_employer(),
        date_from=D(2025, 3, 1), date_to=D(2025, 12, 31), monthly_wage=200_000,
    )  # fmt: skip
    r = c.post(url, {"participation": p.pk, "on": "2025-03-03", "note": "Направлен"})
    assert r.status_code == 302
    item.refresh_from_db()
    contract.refresh_from_db()
    assert item.status == "fulfilled" and item.participation_id == p.pk
    assert contract.status == "fulfilled"


def test_the_refusal_page_suspends_the_family_tsa(
    counsellor: Any,
    registrar: Any,
    make_user: Callable[..., Any],
    client_of: Callable[[Any], Client],
    family_of: Callable[..., Any],
) -> None:
    """A refusal recorded on its page sanctions the contract and suspends the family's conditional TSA."""
    from komek.accounts.choices import Role
    from komek.benefits.banks import banks_load
    from komek.benefits.choices import AssignmentStatus
    from komek.benefits.models import Suspension
    from komek.benefits.services import assignment_create
    from komek.benefits.tests.fixtures import valid_iban
    from komek.employment.services.contracts import social_contract_create

    banks_load()
    family, head, _wife = family_of()
    tsa = assignment_create(
        actor=make_user(Role.CASEWORKER, username="tsa_caseworker"), programme="tsa", family_id=family.pk,
        person_id=None, recipient_id=head.pk, kind="tsa_conditional", monthly_amount=30_000,
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
        bank_bic="HSBKKZKX", iban=valid_iban(), basis="Решение 12", social_contract_ref="СК-9",
    )  # fmt: skip
    contract = social_contract_create(
        actor=counsellor, family=family, number="СК-9", signed_on=D(2025, 2, 1), valid_to=D(2025, 12, 31),
        items=[(head, "public_works", D(2025, 3, 1))], assignment_id=tsa.pk,
    )  # fmt: skip
    item = contract.items.get()
    c = client_of(counsellor)
    url = reverse("employment:obligation_refuse", args=[item.pk])
    page = c.get(url)
    assert page.status_code == 200
    # The warning states the legislation's sanction months, not a number of the template.
    assert page.context["sanction_months"] == 6
    assert "6 " in page.content.decode().split('class="warning"')[1].split("</p>")[0]
    # Without a note the refusal is not recorded.
    r = c.post(url, {"on": "2025-03-03", "note": ""})
    assert r.status_code == 200 and r.context["form"].errors["note"]
    assert not Sanction.objects.exists() and not Suspension.objects.exists()
    r = c.post(url, {"on": "2025-03-03", "note": "Отказ от общественных работ"})
    assert r.status_code == 302
    sanction = Sanction.objects.get()
    assert sanction.assignment_suspended
    suspension = Suspension.objects.get(assignment=tsa)
    assert (suspension.date_from, suspension.date_to) == (D(2025, 3, 3), D(2025, 9, 2))
    contract.refresh_from_db()
    assert contract.status == "sanctioned"
    tsa.refresh_from_db()
    assert tsa.status == AssignmentStatus.SUSPENDED


def test_add_an_agreement_on_the_employer_page(
    counsellor: Any,
    registrar: Any,
    client_of: Callable[[Any], Client],
    make_employer: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """An agreement is added on the employer's page; bad kinds, places and a registrar write nothing."""
    from komek.employment.models import Agreement

    employer = make_employer(staff=40)
    c = client_of(counsellor)
    url = reverse("employment:agreement_create", args=[employer.pk])
    with django_assert_max_num_queries(12):
        assert c.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert url in c.get(reverse("employment:employer_list")).content.decode()
    data = {
        "kind": "road_map",
        "number": "ДК-1",
        "signed_on": "2025-03-03",
        "valid_from": "2025-03-03",
        "valid_to": "2025-12-31",
        "places": "5",
        "note": "",
    }
    # A road map needs over 250 staff: the error lands on the kind, nothing is written.
    r = c.post(url, data)
    assert r.status_code == 200 and r.context["form"].errors["kind"]
    r = c.post(url, data | {"kind": "public_works", "places": "-1"})
    assert r.status_code == 200 and r.context["form"].errors["places"]
    assert not Agreement.objects.exists()
    assert client_of(registrar).post(url, data | {"kind": "public_works"}).status_code == 403
    assert not Agreement.objects.exists()
    r = c.post(url, data | {"kind": "public_works"})
    assert r.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.employer_id, agreement.kind, agreement.places) == (employer.pk, "public_works", 5)


def test_enter_and_update_the_annual_plan(
    counsellor: Any,
    registrar: Any,
    client_of: Callable[[Any], Client],
    django_assert_max_num_queries: Any,
) -> None:
    """The annual plan is entered, then changed, on its page; bad values and a registrar write nothing."""
    from komek.common.models import AuditLog
    from komek.employment.models import AnnualPlan
    from komek.employment.tests.conftest import BALKHASH

    c = client_of(counsellor)
    url = reverse("employment:plan_edit")
    with django_assert_max_num_queries(12):
        assert c.get(url).status_code == 200
    assert url in c.get(reverse("employment:figures")).content.decode()
    year = timezone.localdate().year
    data = {
        "year": year,
        "kato": BALKHASH,
        "indicator": "public_works",
        "target_group": "youth",
        "planned": 40,
    }
    # A negative number and a year out of range are refused on their fields; nothing is written.
    r = c.post(url, data | {"planned": -3})
    assert r.status_code == 200 and r.context["form"].errors["planned"]
    r = c.post(url, data | {"year": 1999})
    assert r.status_code == 200 and r.context["form"].errors["year"]
    assert client_of(registrar).post(url, data).status_code == 403
    assert not AnnualPlan.objects.exists()
    assert c.post(url, data).status_code == 302
    assert c.post(url, data | {"planned": 45}).status_code == 302
    plan = AnnualPlan.objects.get()
    assert (plan.year, plan.kato_id, plan.indicator, plan.target_group, plan.planned) == (
        year, BALKHASH, "public_works", "youth", 45
    )  # fmt: skip
    assert AuditLog.objects.filter(object_type="employment.annualplan", object_id=plan.pk).count() == 2
    with django_assert_max_num_queries(12):
        page = c.get(f"{url}?year={year}")
    assert "45" in page.content.decode()
