"""Registry pages of families: registering with members, member rows, joining and leaving, the card."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.common.models import AuditLog
from komek.registry.models import Family, Membership
from komek.registry.tests.views.conftest import (
    BALKHASH_TOWN,
    field_errors,
    head_of,
    valid_iin,
)

# --- Families -----------------------------------------------------------------------------------


def family_form_data(members: list[tuple[str, str]], **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member_iin": [iin for iin, _rel in members],
        "member_relation": [rel for _iin, rel in members],
        "kato": BALKHASH_TOWN,
        "street": "ул. Абая, 3",
        "tenure": "rented_private",
        "dwellings_owned": "0",
        "living_area": "42.5",
        "cars_owned": "0",
        "valid_from": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_register_a_family_with_three_members(reg_client: Client, person_factory: Any) -> None:
    """Head, spouse and child by IIN make a family; the card lists them with the head first."""
    head, spouse, child = (
        person_factory(),
        person_factory(name="Сауле", sex="female"),
        person_factory(name="Айдос", birth=dt.date(2016, 2, 2)),
    )
    response = reg_client.post(
        reverse("registry:family_create"),
        family_form_data([(head.iin, "head"), (spouse.iin, "spouse"), (child.iin, "child")]),
    )
    assert response.status_code == 302
    fam = Family.objects.get()
    assert Membership.objects.filter(family=fam, valid_to__isnull=True).count() == 3
    card = reg_client.get(response["Location"]).content.decode()
    assert "Сауле" in card and "Айдос" in card
    assert "42,5" in card or "42.5" in card  # the living area, in either locale's decimal mark


@pytest.mark.django_db
def test_family_without_a_head_is_refused_with_a_clear_error(reg_client: Client, person_factory: Any) -> None:
    """No member marked as head: the member list shows why, and no family is created."""
    a, b = person_factory(), person_factory(name="Сауле", sex="female")
    response = reg_client.post(
        reverse("registry:family_create"), family_form_data([(a.iin, "spouse"), (b.iin, "spouse")])
    )
    assert response.status_code == 200
    errors = field_errors(response, "members")
    assert errors and errors[0] in response.content.decode()
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_family_member_rows_carry_their_own_errors(reg_client: Client, person_factory: Any) -> None:
    """An unknown IIN and a missing relation are reported on their own rows; valid rows keep their values."""
    head = person_factory()
    unknown = valid_iin(dt.date(1970, 1, 1), "male")
    response = reg_client.post(
        reverse("registry:family_create"),
        family_form_data([(head.iin, "head"), (unknown, "spouse"), (head.iin[:5], "")]),
    )
    rows = response.context["rows"]
    assert not rows[0].errors and rows[0].person == head
    assert "iin" in rows[1].errors
    assert "iin" in rows[2].errors and "relation" in rows[2].errors
    html = response.content.decode()
    assert head.full_name in html and unknown in html
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_add_member_row_button_returns_one_row(reg_client: Client) -> None:
    """The HTMX "add a member row" button receives a single empty table row."""
    response = reg_client.get(reverse("registry:family_create"), {"row": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode().strip()
    assert body.startswith("<tr") and body.count("<tr") == 1 and 'name="member_iin"' in body
    page = reg_client.get(reverse("registry:family_create")).content.decode()
    assert 'hx-get="/families/new/?row=1"' in page and 'hx-target="#member-rows"' in page


@pytest.mark.django_db
def test_add_and_remove_a_member(reg_client: Client, family: Family, person_factory: Any) -> None:
    """A grandparent joins; the child leaves with a reason that goes into the audit log."""
    grandma = person_factory(name="Бибигуль", birth=dt.date(1950, 4, 4), sex="female")
    url = reverse("registry:family_add_member", args=[family.pk])
    response = reg_client.post(url, {"iin": grandma.iin, "relation": "grandparent", "valid_from": ""})
    assert response.status_code == 302
    assert Membership.objects.filter(family=family, person=grandma, valid_to__isnull=True).exists()
    again = reg_client.post(url, {"iin": grandma.iin, "relation": "grandparent", "valid_from": ""})
    assert field_errors(again, "iin")
    head_try = reg_client.post(url, {"iin": grandma.iin, "relation": "head", "valid_from": ""})
    assert field_errors(head_try, "relation")

    child = Membership.objects.get(family=family, relation="child").person
    remove = reverse("registry:family_remove_member", args=[family.pk, child.pk])
    assert field_errors(reg_client.post(remove, {"reason": "", "valid_to": ""}), "reason")
    response = reg_client.post(remove, {"reason": "Переехал к отцу", "valid_to": ""})
    assert response.status_code == 302
    assert not Membership.objects.filter(family=family, person=child, valid_to__isnull=True).exists()
    assert AuditLog.objects.filter(object_type="registry.membership", reason="Переехал к отцу").exists()


@pytest.mark.django_db
def test_the_head_cannot_be_removed(reg_client: Client, family: Family) -> None:
    """Removing the head is refused with an explanation on the form."""
    head = head_of(family)
    response = reg_client.post(
        reverse("registry:family_remove_member", args=[family.pk, head.pk]),
        {"reason": "ошибка", "valid_to": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Membership.objects.filter(family=family, person=head, valid_to__isnull=True).exists()


@pytest.mark.django_db
def test_family_card_query_budget(
    reg_client: Client, family: Family, django_assert_max_num_queries: Any
) -> None:
    """The family card costs a fixed number of queries, whatever the family holds: the card's own
    reads, one query per panel of the 360° card the registrar may see (applications, commission
    cases), and the one read row of the audit log with its chain."""
    with django_assert_max_num_queries(14):
        response = reg_client.get(reverse("registry:family_detail", args=[family.pk]))
    assert response.status_code == 200 and "185\u202f000\u00a0₸" in response.content.decode()
