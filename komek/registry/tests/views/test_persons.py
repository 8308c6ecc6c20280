"""Registry pages of persons: registering, correcting with a reason, the card, search, query budgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.registry.models import Family, Membership, Person
from komek.registry.tests.views.conftest import (
    ALMALY,
    field_errors,
    head_of,
    person_form_data,
    valid_iin,
)

# --- Persons ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_a_person_and_open_the_card(reg_client: Client) -> None:
    """A valid form registers the person (birth date and sex from the IIN) and opens the card."""
    data = person_form_data()
    response = reg_client.post(reverse("registry:person_create"), data)
    person = Person.objects.get(iin=data["iin"])
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.birth_date == dt.date(1990, 5, 20) and person.sex == "female"
    assert person.phone == "+77011234567"
    card = reg_client.get(response["Location"]).content.decode()
    assert "Омарова Дана" in card and "20.05.1990" in card


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"iin": "123456789012"}, "iin"),
        ({"iin": "12345"}, "iin"),
        ({"birth_date": "1991-05-20"}, "birth_date"),
        ({"sex": "male"}, "sex"),
        ({"surname": "Омар0ва"}, "surname"),
        ({"kato": ALMALY}, "kato"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_person_form_shows_errors_next_to_the_field(
    reg_client: Client, override: dict[str, str], field: str
) -> None:
    """Wrong input comes back as an error on the field concerned, and nothing is registered."""
    response = reg_client.post(reverse("registry:person_create"), person_form_data(**override))
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors, response.context["form"].errors
    html = response.content.decode()
    assert 'class="field has-error' in html
    assert str(errors[0]).replace("'", "&#x27;") in html
    assert not Person.objects.filter(surname="Омарова").exists()


@pytest.mark.django_db
def test_birth_date_contradicting_the_iin_names_the_date_the_iin_says(reg_client: Client) -> None:
    """The error explains what the IIN encodes, so the registrar can tell which one is wrong."""
    data = person_form_data(iin=valid_iin(dt.date(1990, 5, 20), "female"), birth_date="1990-05-21")
    response = reg_client.post(reverse("registry:person_create"), data)
    assert "20.05.1990" in field_errors(response, "birth_date")[0]


@pytest.mark.django_db
def test_duplicate_iin_is_an_iin_field_error(reg_client: Client, person_factory: Any) -> None:
    """Registering an IIN twice points at the IIN field."""
    existing = person_factory()
    response = reg_client.post(reverse("registry:person_create"), person_form_data(iin=existing.iin))
    assert field_errors(response, "iin")


@pytest.mark.django_db
def test_editing_identity_needs_a_reason(reg_client: Client, person_factory: Any) -> None:
    """A surname changed without a reason is refused at the reason field; with one it is saved, audited."""
    person = person_factory()
    url = reverse("registry:person_edit", args=[person.pk])
    data = {
        "iin": person.iin,
        "surname": "Ахметова",
        "name": person.name,
        "patronymic": "",
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "citizenship": person.citizenship,
        "kato": person.kato_id,
        "street": "",
        "phone": "",
        "email": "",
        "death_date": "",
        "reason": "",
    }
    response = reg_client.post(url, data)
    assert field_errors(response, "reason")
    person.refresh_from_db()
    assert person.surname == "Ахметов"
    response = reg_client.post(url, {**data, "reason": "Свидетельство о браке"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.surname == "Ахметова"
    row = AuditLog.objects.filter(object_type="registry.person", action=AuditAction.UPDATE).get()
    assert row.changes["surname"] == ["Ахметов", "Ахметова"] and row.reason == "Свидетельство о браке"


@pytest.mark.django_db
def test_person_card_shows_family_incomes_statuses_documents(reg_client: Client, family: Family) -> None:
    """The card gathers identity, current family, statuses, incomes (in tenge) and documents."""
    person = head_of(family)
    response = reg_client.get(reverse("registry:person_detail", args=[person.pk]))
    html = response.content.decode()
    assert person.iin in html and "14.03.1985" in html
    assert reverse("registry:family_detail", args=[family.pk]) in html
    assert "Гульнар" in html and "Арман" in html
    assert "185\u202f000\u00a0₸" in html
    assert "id.pdf" in html
    child = Membership.objects.get(family=family, relation="child").person
    child_html = reg_client.get(reverse("registry:person_detail", args=[child.pk])).content.decode()
    assert "01.01.2020" in child_html
    assert AuditLog.objects.filter(
        action=AuditAction.READ, object_type="registry.person", person_id=person.pk
    ).exists()


@pytest.mark.django_db
def test_search_page_and_htmx_partial(reg_client: Client, person_factory: Any) -> None:
    """The full page has the live-search input; an HTMX request gets only the results table."""
    person = person_factory(surname="Жумабаев")
    url = reverse("registry:person_search")
    full = reg_client.get(url, {"q": "жума"})
    html = full.content.decode()
    assert "<html" in html and 'hx-trigger="keyup changed delay:250ms, search"' in html
    assert person.iin in html
    partial = reg_client.get(url, {"q": "zhuma"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "<table" in body and person.iin in body
    assert [t.name for t in partial.templates][0] == "registry/_person_results.html"
    by_iin = reg_client.get(url, {"q": person.iin[:6]}, HTTP_HX_REQUEST="true").content.decode()
    assert person.iin in by_iin
    nothing = reg_client.get(url, {"q": "Қасымов"}, HTTP_HX_REQUEST="true").content.decode()
    assert person.iin not in nothing


@pytest.mark.django_db
def test_search_page_query_budget(
    reg_client: Client, person_factory: Any, django_assert_max_num_queries: Any
) -> None:
    """A page of 25 results costs a fixed handful of queries, not one per row (the audited read of
    the persons listed included: a savepoint, its insert and its release)."""
    for i in range(30):
        person_factory(surname="Серикбаев", name=f"Ерлан{'а' * (i % 5)}")
    with django_assert_max_num_queries(9):
        response = reg_client.get(reverse("registry:person_search"), {"q": "серикбаев"})
    assert response.content.decode().count("/persons/") >= settings.KOMEK_SEARCH_PAGE_SIZE


@pytest.mark.django_db
def test_person_card_query_budget(
    reg_client: Client, family: Family, django_assert_max_num_queries: Any
) -> None:
    """The card of a family head costs a fixed number of queries (audit row and the audit chain's lock
    included, one query per panel of the 360° card the registrar may see)."""
    with django_assert_max_num_queries(17):
        response = reg_client.get(reverse("registry:person_detail", args=[head_of(family).pk]))
    assert response.status_code == 200
