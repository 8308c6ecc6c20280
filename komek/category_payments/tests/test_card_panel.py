"""The card's panel of payments to categories: the rows of the person's lists shown to the
caseworker, hidden from a role without assignments, refused outside the territory."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from komek.accounts.choices import Role
from komek.category_payments.services import payment_list_create
from komek.category_payments.tests.conftest import ALMALY, PROGRAMME, VICTORY_DAY, Registry

pytestmark = pytest.mark.django_db


def page_of(user: Any, pk: int) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse("registry:person_detail", args=[pk]))
    return response.status_code, response.content.decode()


def test_the_row_of_the_list_is_shown(almaty_staff: dict[str, Any], veterans: Registry) -> None:
    """The veteran's card shows the Victory Day payment: the date, the amount, a link to the list."""
    payment_list = payment_list_create(
        actor=almaty_staff["head"], programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
    )
    row = payment_list.rows.get(person=veterans.persons["participant_1"])
    status, page = page_of(almaty_staff["caseworker"], row.person_id)
    assert status == 200
    shown = page.split('id="panel-category_payments"')[1].split("</section>")[0]
    assert VICTORY_DAY.strftime("%d.%m.%Y") in shown
    assert f"{row.amount:,}" in shown
    assert reverse("category_payments:list_detail", args=[payment_list.pk]) in shown
    assert f">{PROGRAMME}<" not in shown  # the programme in words


def test_hidden_from_a_registrar_and_refused_elsewhere(
    almaty_staff: dict[str, Any], veterans: Registry, make_user: Any
) -> None:
    """The registrar (no assignments) sees no such panel; Balkhash's caseworker is refused the card."""
    payment_list_create(
        actor=almaty_staff["head"], programme=PROGRAMME, event_date=VICTORY_DAY, territory=ALMALY
    )
    person = veterans.persons["participant_1"]
    status, page = page_of(almaty_staff["registrar"], person.pk)
    assert status == 200 and 'id="panel-category_payments"' not in page
    assert page_of(make_user(Role.CASEWORKER), person.pk)[0] == 404
