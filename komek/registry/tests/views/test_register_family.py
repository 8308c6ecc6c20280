"""The one-page registration of a family: members inline, incomes of the quarter, the IIN lookup."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.common.models import AuditLog
from komek.registry.models import Family, Income, Membership, Person
from komek.registry.tests.views.conftest import BALKHASH_TOWN, client_of, valid_iin
from komek.registry.views.registration import reference_quarter

pytestmark = pytest.mark.django_db


def member(i: int, iin: str, relation: str, surname: str = "", name: str = "") -> dict[str, str]:
    return {
        f"m-{i}-iin": iin,
        f"m-{i}-relation": relation,
        f"m-{i}-surname": surname,
        f"m-{i}-name": name,
        f"m-{i}-patronymic": "",
        f"m-{i}-citizenship": "citizen",
        f"m-{i}-phone": "",
    }


def page_data(members: list[dict[str, str]], incomes: dict[str, str] | None = None) -> dict[str, str]:
    data = {
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "1",
        "m-MAX_NUM_FORMS": "20",
        "kato": BALKHASH_TOWN,
        "street": "ул. Абая, 3",
        "tenure": "rented_private",
        "dwellings_owned": "0",
        "living_area": "42.5",
        "cars_owned": "0",
        "valid_from": "",
        "save": "1",
    }
    for m in members:
        data.update(m)
    data.update(incomes or {})
    return data


def cell(row: int, month: dt.date, income_type: str) -> str:
    return f"inc-{row}-{month:%Y-%m}-{income_type}"


def family_of_four(known: Person) -> tuple[list[dict[str, str]], list[str]]:
    """A known head and three new members (spouse, two children)."""
    iins = [
        known.iin,
        valid_iin(dt.date(1988, 2, 11), "female"),
        valid_iin(dt.date(2012, 5, 3), "male"),
        valid_iin(dt.date(2016, 9, 21), "female"),
    ]
    members = [
        member(0, iins[0], "head"),
        member(1, iins[1], "spouse", "Ахметова", "Сауле"),
        member(2, iins[2], "child", "Ахметов", "Айдос"),
        member(3, iins[3], "child", "Ахметова", "Аружан"),
    ]
    return members, iins


def quarter_incomes() -> dict[str, str]:
    months = reference_quarter()
    incomes = {cell(0, m, "wages"): "215 000" for m in months}
    incomes |= {cell(1, m, "social_payments"): "48500,50" for m in months}
    incomes[cell(1, months[0], "alimony")] = "20000"
    return incomes


def test_a_family_of_four_with_a_quarter_of_incomes_is_saved_in_one_post(
    reg_client: Client, person_factory: Any
) -> None:
    head = person_factory()
    members, iins = family_of_four(head)
    response = reg_client.post(reverse("registry:family_register"), page_data(members, quarter_incomes()))
    family = Family.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:family_detail", kwargs={"pk": family.pk})
    current = Membership.objects.filter(family=family, valid_to__isnull=True)
    assert sorted(current.values_list("person__iin", "relation")) == sorted(
        zip(iins, ["head", "spouse", "child", "child"], strict=True)
    )
    spouse = Person.objects.get(iin=iins[1])
    assert (spouse.surname, spouse.kato_id, spouse.street) == ("Ахметова", BALKHASH_TOWN, "ул. Абая, 3")
    assert Income.objects.filter(person=head).count() == 3
    assert sorted(str(i.amount) for i in Income.objects.filter(person=spouse)) == [
        "20000.00",
        "48500.50",
        "48500.50",
        "48500.50",
    ]
    audited = AuditLog.objects.filter(action="create", object_type__startswith="registry.").values_list(
        "object_type", flat=True
    )
    assert sorted(set(audited)) == [
        "registry.family",
        "registry.income",
        "registry.membership",
        "registry.person",
    ]
    assert list(audited).count("registry.income") == 7


def test_an_error_in_one_cell_shows_on_that_cell_and_nothing_is_saved(
    reg_client: Client, person_factory: Any
) -> None:
    head = person_factory()
    members, iins = family_of_four(head)
    incomes = quarter_incomes()
    second = reference_quarter()[1]
    incomes[cell(1, second, "social_payments")] = "-48500"
    before = (Person.objects.count(), Income.objects.count(), AuditLog.objects.count())
    response = reg_client.post(reverse("registry:family_register"), page_data(members, incomes))
    assert response.status_code == 200
    assert (Family.objects.count(), Membership.objects.count()) == (0, 0)
    assert (Person.objects.count(), Income.objects.count()) == before[:2]
    assert not Person.objects.filter(iin__in=iins[1:]).exists()
    html = response.content.decode()
    name = cell(1, second, "social_payments")
    assert f'<p class="error" id="err_{name}">Доход не может быть отрицательным.</p>' in html
    assert html.count('aria-invalid="true"') == 1
    summary = response.context["summary"]
    assert summary == [
        {
            "text": f"Член семьи 2, доходы за {second:%m.%Y}, Пенсии и социальные выплаты: "
            "Доход не может быть отрицательным.",
            "target": f"id_{name}",
        }
    ]
    assert f'<a href="#id_{name}">' in html  # the summary leads to the cell
    # What was typed comes back: the other cells keep their values.
    assert 'value="215 000"' in html


def test_a_new_member_without_names_gets_the_error_on_the_surname(reg_client: Client) -> None:
    iins = [valid_iin(dt.date(1980, 1, 2), "male"), valid_iin(dt.date(1982, 3, 4), "female")]
    members = [member(0, iins[0], "head", "Серік", "Болат"), member(1, iins[1], "spouse")]
    response = reg_client.post(reverse("registry:family_register"), page_data(members))
    assert response.status_code == 200
    errors = response.context["members"].forms[1].errors
    assert errors["surname"] == ["Обязательное поле."] and errors["name"] == ["Обязательное поле."]
    assert not Person.objects.filter(iin__in=iins).exists()


def test_the_same_iin_twice_and_no_head(reg_client: Client) -> None:
    iin = valid_iin(dt.date(1980, 1, 2), "male")
    members = [member(0, iin, "spouse", "Серік", "Болат"), member(1, iin, "child", "Серік", "Нұр")]
    response = reg_client.post(reverse("registry:family_register"), page_data(members))
    forms = response.context["members"].forms
    assert forms[1].errors["iin"] == ["Этот ИИН уже указан для члена семьи 1."]
    assert not Person.objects.exists()


def test_adding_a_member_row_without_javascript_saves_nothing(reg_client: Client) -> None:
    iin = valid_iin(dt.date(1980, 1, 2), "male")
    data = page_data([member(0, iin, "head", "Серік", "Болат")])
    data.pop("save")
    data["add_member"] = "1"
    response = reg_client.post(reverse("registry:family_register"), data)
    assert response.status_code == 200
    formset = response.context["members"]
    assert formset.total_form_count() == 2
    assert formset.forms[0].initial["surname"] == "Серік"
    assert re.search(r'name="m-TOTAL_FORMS"\s+value="2"', response.content.decode())
    assert not Person.objects.exists()


def test_the_page_without_income_rights_has_no_grid(staff: Any) -> None:
    from komek.accounts.choices import Role

    client = client_of(staff(Role.REGISTRAR))
    response = client.get(reverse("registry:family_register"))
    assert response.status_code == 200 and response.context["with_incomes"] is True
    assert 'name="inc-0-' in response.content.decode()


# --- The IIN lookup ----------------------------------------------------------------------------


def test_the_lookup_fills_a_known_person_and_audits_the_read(
    reg_client: Client, registrar: Any, person_factory: Any
) -> None:
    person = person_factory(surname="Жумабаев", name="Ерлан")
    response = reg_client.get(reverse("registry:person_lookup"), {"iin": person.iin})
    data = response.json()
    assert data["found"] is True
    assert (data["surname"], data["name"]) == ("Жумабаев", "Ерлан")
    assert data["message"].startswith("Зарегистрирован: Жумабаев Ерлан")
    read = AuditLog.objects.filter(action="read", actor=registrar)
    assert list(read.values_list("person_id", flat=True)) == [person.pk]


def test_the_lookup_of_an_unknown_or_invalid_iin(reg_client: Client) -> None:
    iin = valid_iin(dt.date(1990, 7, 1), "female")
    data = reg_client.get(reverse("registry:person_lookup"), {"iin": iin}).json()
    assert data["found"] is False and "01.07.1990" in data["message"]
    data = reg_client.get(reverse("registry:person_lookup"), {"iin": "123"}).json()
    assert data == {"found": False, "error": "ИИН состоит ровно из 12 цифр."}
    assert not AuditLog.objects.filter(action="read").exists()


def test_the_lookup_does_not_show_a_person_of_another_territory(staff: Any, person_factory: Any) -> None:
    from komek.accounts.choices import Role
    from komek.registry.tests.views.conftest import ALMALY

    almaty = staff(Role.REGISTRAR, units=(ALMALY,))
    person = person_factory()
    data = client_of(almaty).get(reverse("registry:person_lookup"), {"iin": person.iin}).json()
    assert data["found"] is False and "surname" not in data


def test_the_lookup_needs_the_right_to_register(staff: Any, person_factory: Any) -> None:
    from komek.accounts.choices import Role

    person = person_factory()
    client = client_of(staff(Role.AUDITOR))
    response = client.get(reverse("registry:person_lookup"), {"iin": person.iin})
    assert response.status_code == 403


def test_a_family_without_a_head_is_refused_above_the_members(reg_client: Client) -> None:
    iins = [valid_iin(dt.date(1980, 1, 2), "male"), valid_iin(dt.date(1982, 3, 4), "female")]
    members = [member(0, iins[0], "spouse", "Серік", "Болат"), member(1, iins[1], "spouse", "Серік", "Айым")]
    response = reg_client.post(reverse("registry:family_register"), page_data(members))
    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [
        "Семье нужен глава: отметьте одного из членов как главу семьи."
    ]
    assert response.context["summary"][0]["target"] == "member-blocks"
    assert not Person.objects.filter(iin__in=iins).exists()
