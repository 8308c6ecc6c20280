"""Registry pages: permissions, territory, field-level errors, HTMX, languages, query budgets."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from komek.accounts.roles import Reach, Role
from komek.common.models import AuditAction, AuditLog
from komek.registry.iin import make_iin
from komek.registry.models import Document, Family, Income, Membership, Person, PersonStatus

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
PASSWORD = "Ui-tests-pass-2931"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_serial = itertools.count(2000)


def valid_iin(birth: dt.date, sex: str) -> str:
    while True:
        iin = make_iin(birth, sex, next(_serial))  # type: ignore[arg-type]
        if iin is not None:
            return iin


@pytest.fixture
def kato_units(db: Any) -> None:
    from komek.common.kato import kato_load

    kato_load()


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture
def staff(kato_units: None) -> Callable[..., Any]:
    """Create a member of staff: ``staff(role, units=..., reach=...)``."""
    from komek.accounts.services import user_create

    counter = itertools.count()

    def make(
        role: str = Role.REGISTRAR,
        units: tuple[str, ...] = (BALKHASH,),
        reach: str = Reach.UNITS,
        language: str = "ru",
        username: str | None = None,
    ) -> Any:
        return user_create(
            actor=None,
            username=username or f"ui_{role}_{next(counter)}",
            password=PASSWORD,
            role=role,
            units=units,
            reach=reach,
            language=language,
            first_name="Айгерим",
            last_name="Сапарова",
        )

    return make


@pytest.fixture
def registrar(staff: Callable[..., Any]) -> Any:
    return staff(Role.REGISTRAR)


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reg_client(registrar: Any) -> Client:
    return client_of(registrar)


@pytest.fixture
def person_factory(registrar: Any) -> Callable[..., Person]:
    from komek.registry.services.persons import person_create

    def make(
        surname: str = "Ахметов",
        name: str = "Нурлан",
        birth: dt.date = dt.date(1985, 3, 14),
        sex: str = "male",
        kato: str = BALKHASH_TOWN,
        actor: Any = None,
    ) -> Person:
        return person_create(
            actor=actor or registrar, iin=valid_iin(birth, sex), surname=surname, name=name, kato=kato
        )

    return make


@pytest.fixture
def family(registrar: Any, person_factory: Callable[..., Person]) -> Family:
    """A family of three with an income, a status and a document: everything a card shows."""
    from komek.registry.services.documents import document_attach
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.registry.services.statuses import status_add

    head = person_factory()
    spouse = person_factory(name="Гульнар", birth=dt.date(1987, 6, 2), sex="female")
    child = person_factory(name="Арман", birth=dt.date(2015, 9, 1))
    fam = family_create(
        actor=registrar,
        kato=BALKHASH_TOWN,
        street="ул. Ленина, 5",
        members=[MemberSpec(head, "head"), MemberSpec(spouse, "spouse"), MemberSpec(child, "child")],
    )
    income_record(
        actor=registrar, person=head, month=dt.date(2025, 1, 1), income_type="wages", amount="185000"
    )
    status_add(
        actor=registrar, person=child, kind="disability", subtype="child", valid_from=dt.date(2020, 1, 1)
    )
    document_attach(
        actor=registrar,
        person=head,
        doc_type="identity",
        upload=SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
    )
    return fam


def head_of(family: Family) -> Person:
    return Membership.objects.get(family=family, relation="head", valid_to__isnull=True).person


def person_form_data(**overrides: Any) -> dict[str, str]:
    data = {
        "iin": valid_iin(dt.date(1990, 5, 20), "female"),
        "surname": "Омарова",
        "name": "Дана",
        "patronymic": "",
        "birth_date": "",
        "sex": "",
        "citizenship": "citizen",
        "kato": BALKHASH_TOWN,
        "street": "мкр. Сабитовой, 12-4",
        "phone": "8 701 123 45 67",
        "email": "",
    }
    data.update(overrides)
    return data


def field_errors(response: Any, field: str, form: str = "form") -> list[str]:
    return list(response.context[form].errors.get(field, []))


# --- Access: roles and territory ----------------------------------------------------------------


def _urls(family: Family) -> dict[str, tuple[str, str]]:
    """name -> (url, capability the page needs)."""
    person = head_of(family)
    other = Membership.objects.filter(family=family).exclude(relation="head").first()
    doc = Document.objects.first()
    assert other is not None and doc is not None
    return {
        "person_search": (reverse("registry:person_search") + "?q=Ах", "person.view"),
        "person_detail": (reverse("registry:person_detail", args=[person.pk]), "person.view"),
        "family_detail": (reverse("registry:family_detail", args=[family.pk]), "person.view"),
        "person_create": (reverse("registry:person_create"), "person.edit"),
        "person_edit": (reverse("registry:person_edit", args=[person.pk]), "person.edit"),
        "family_create": (reverse("registry:family_create"), "person.edit"),
        "family_add_member": (reverse("registry:family_add_member", args=[family.pk]), "person.edit"),
        "family_remove_member": (
            reverse("registry:family_remove_member", args=[family.pk, other.person_id]),
            "person.edit",
        ),
        "income_add": (reverse("registry:income_add", args=[person.pk]), "income.edit"),
        "status_add": (reverse("registry:status_add", args=[person.pk]), "status.edit"),
        "document_add": (reverse("registry:document_add", args=[person.pk]), "document.add"),
        "family_document_add": (reverse("registry:family_document_add", args=[family.pk]), "document.add"),
        "document_download": (reverse("registry:document_download", args=[doc.pk]), "document.view"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_answers_403_to_a_role_without_its_capability(
    role: str, staff: Any, family: Family
) -> None:
    """Each role gets the page when its capability allows it and a 403 page with a reason otherwise."""
    from komek.accounts.roles import capabilities_of

    user = staff(role)
    client = client_of(user)
    for name, (url, capability) in _urls(family).items():
        response = client.get(url)
        if capability in capabilities_of(role):
            assert response.status_code == 200, (role, name)
        else:
            assert response.status_code == 403, (role, name)
            assert "Access denied" in response.content.decode() or "Доступ" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_says_why(staff: Any) -> None:
    """The 403 page names the reason, not just a status code."""
    response = client_of(staff(Role.ANALYST)).get(reverse("registry:person_search"))
    assert response.status_code == 403
    assert "template_name" not in response.content.decode()
    assert response.templates[0].name == "403.html"


@pytest.mark.django_db
def test_staff_of_another_district_get_404_for_persons_outside_their_units(
    staff: Any, family: Family
) -> None:
    """A registrar in Almaty cannot open, edit or add to anything registered in Balkhash."""
    almaty = client_of(staff(Role.REGISTRAR, units=(ALMALY,)))
    for name, (url, _cap) in _urls(family).items():
        if name in {"person_search", "person_create", "family_create"}:
            continue
        assert almaty.get(url).status_code == 404, name
    person = head_of(family)
    response = almaty.post(
        reverse("registry:income_add", args=[person.pk]),
        {"month": "2025-02", "income_type": "wages", "amount": "1", "source": "declared"},
    )
    assert response.status_code == 404
    assert not Income.objects.filter(person=person, month=dt.date(2025, 2, 1)).exists()
    # ... and search finds nobody there.
    response = almaty.get(reverse("registry:person_search"), {"q": person.iin})
    assert response.context["results"] == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(family: Family) -> None:
    """No registry page is reachable without signing in."""
    client = Client()
    for url, _cap in _urls(family).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_get_pages_change_nothing(reg_client: Client, family: Family) -> None:
    """Opening any page (forms included) writes no data; only card openings are audited as reads."""
    before_people, before_incomes = Person.objects.count(), Income.objects.count()
    writes_before = AuditLog.objects.exclude(action=AuditAction.READ).count()
    for url, _cap in _urls(family).values():
        reg_client.get(url)
    assert (Person.objects.count(), Income.objects.count()) == (before_people, before_incomes)
    assert AuditLog.objects.exclude(action=AuditAction.READ).count() == writes_before


@pytest.mark.django_db
def test_posts_need_the_csrf_token(registrar: Any) -> None:
    """A form posted from elsewhere, without the CSRF token, is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar)
    response = client.post(reverse("registry:person_create"), person_form_data())
    assert response.status_code == 403
    assert not Person.objects.filter(surname="Омарова").exists()


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
    """A page of 25 results costs a fixed handful of queries, not one per row."""
    for i in range(30):
        person_factory(surname="Серикбаев", name=f"Ерлан{'а' * (i % 5)}")
    with django_assert_max_num_queries(6):
        response = reg_client.get(reverse("registry:person_search"), {"q": "серикбаев"})
    assert response.content.decode().count("/persons/") >= settings.KOMEK_SEARCH_PAGE_SIZE


@pytest.mark.django_db
def test_person_card_query_budget(
    reg_client: Client, family: Family, django_assert_max_num_queries: Any
) -> None:
    """The card of a family head costs a fixed number of queries (audit row included)."""
    with django_assert_max_num_queries(14):
        response = reg_client.get(reverse("registry:person_detail", args=[head_of(family).pk]))
    assert response.status_code == 200


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
    """The family card costs a fixed number of queries."""
    with django_assert_max_num_queries(12):
        response = reg_client.get(reverse("registry:family_detail", args=[family.pk]))
    assert response.status_code == 200 and "185\u202f000\u00a0₸" in response.content.decode()


# --- Incomes and statuses -----------------------------------------------------------------------


@pytest.mark.django_db
def test_income_is_recorded_from_a_month_input(reg_client: Client, person_factory: Any) -> None:
    """A YYYY-MM month and an amount with spaces are accepted and stored on the first of the month."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:income_add", args=[person.pk]),
        {"month": "2025-03", "income_type": "wages", "amount": "150 000,50", "source": "declared"},
    )
    assert response.status_code == 302
    income = Income.objects.get(person=person)
    assert income.month == dt.date(2025, 3, 1) and str(income.amount) == "150000.50"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"amount": "-5000"}, "amount"),
        ({"amount": "много"}, "amount"),
        ({"month": "future"}, "month"),
        ({"month": "2025-13"}, "month"),
        ({"income_type": ""}, "income_type"),
    ],
)
def test_income_errors_are_field_level(
    reg_client: Client, person_factory: Any, override: dict[str, str], field: str
) -> None:
    """A negative amount, a future month and other mistakes are shown at their field."""
    person = person_factory()
    if override.get("month") == "future":
        nxt = (dt.date.today().replace(day=28) + dt.timedelta(days=40)).replace(day=1)
        override = {"month": nxt.strftime("%Y-%m")}
    data = {"month": "2025-01", "income_type": "wages", "amount": "1000", "source": "declared", **override}
    response = reg_client.post(reverse("registry:income_add", args=[person.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, field)
    assert not Income.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_status_with_its_category_and_cause(reg_client: Client, person_factory: Any) -> None:
    """A disability group with its cause and an end date is recorded."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:status_add", args=[person.pk]),
        {
            "kind": "disability",
            "subtype": "group_2",
            "cause": "general_illness",
            "valid_from": "2024-02-01",
            "valid_to": "2026-02-01",
        },
    )
    assert response.status_code == 302
    status = PersonStatus.objects.get(person=person)
    assert (status.subtype, status.cause, status.valid_to) == (
        "group_2",
        "general_illness",
        dt.date(2026, 2, 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "pensioner", "subtype": "group_2", "indefinite": "on"}, "subtype"),
        ({"kind": "pensioner", "subtype": "age"}, "valid_to"),
        ({"kind": "pensioner", "subtype": "age", "indefinite": "on", "cause": "military"}, "cause"),
        ({"kind": "pensioner", "subtype": "age", "valid_to": "2000-01-01"}, "valid_to"),
        ({"kind": "disability", "subtype": "child", "indefinite": "on"}, "subtype"),
    ],
)
def test_status_errors_are_field_level(
    reg_client: Client, person_factory: Any, data: dict[str, str], field: str
) -> None:
    """A category of another kind, a missing end, a cause outside disability are shown at their field."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:status_add", args=[person.pk]), {"valid_from": "2024-02-01", **data}
    )
    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not PersonStatus.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_status_categories_follow_the_kind(reg_client: Client, person_factory: Any) -> None:
    """Without a kind every category is offered grouped; choosing a kind (HTMX) narrows them."""
    person = person_factory()
    url = reverse("registry:status_add", args=[person.pk])
    page = reg_client.get(url).content.decode()
    assert "<optgroup" in page and f'hx-get="{url}"' in page
    partial = reg_client.get(url, {"kind": "student"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'value="university"' in partial and 'value="group_1"' not in partial
    assert 'name="cause"' not in partial
    disability = reg_client.get(url, {"kind": "disability"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="group_1"' in disability and 'name="cause"' in disability


# --- Documents ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attach_and_download_a_document(reg_client: Client, person_factory: Any) -> None:
    """A PDF is attached, then downloaded as an attachment with its stored type and nosniff."""
    person = person_factory()
    upload = SimpleUploadedFile("справка.pdf", PDF, content_type="application/pdf")
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]), {"doc_type": "income", "file": upload}
    )
    assert response.status_code == 302
    doc = Document.objects.get(person=person)
    download = reg_client.get(reverse("registry:document_download", args=[doc.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.streaming and download.getvalue() == PDF


@pytest.mark.django_db
def test_family_document(reg_client: Client, family: Family) -> None:
    """A document attached to a family appears on the family card."""
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    response = reg_client.post(
        reverse("registry:family_document_add", args=[family.pk]),
        {"doc_type": "housing", "file": SimpleUploadedFile("flat.png", png, "image/png")},
    )
    assert response.status_code == 302
    card = reg_client.get(reverse("registry:family_detail", args=[family.pk])).content.decode()
    assert "flat.png" in card


@pytest.mark.django_db
def test_oversized_upload_is_a_file_field_error(
    reg_client: Client, person_factory: Any, settings: Any
) -> None:
    """A file over the size limit is refused at the file field and nothing is stored."""
    settings.KOMEK_DOCUMENT_MAX_BYTES = 1024 * 1024
    person = person_factory()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]), {"doc_type": "income", "file": big}
    )
    assert response.status_code == 200
    assert re.search(r"\b1 (MB|МБ)", field_errors(response, "file")[0])
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.txt", b"just text", "text/plain"),
        ("fake.pdf", b"MZ\x90\x00 an executable", "application/pdf"),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ],
)
def test_disallowed_upload_is_a_file_field_error(
    reg_client: Client, person_factory: Any, name: str, content: bytes, content_type: str
) -> None:
    """Only real PDF, PNG and JPEG content is accepted, whatever the name or declared type."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]),
        {"doc_type": "other", "file": SimpleUploadedFile(name, content, content_type)},
    )
    assert response.status_code == 200
    assert field_errors(response, "file")
    assert not Document.objects.exists()


# --- Sign-in, languages, dashboard --------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_and_language_from_the_profile(staff: Any) -> None:
    """Signing in through the form sets the interface language from the user's profile."""
    staff(Role.REGISTRAR, username="kazakh_speaker", language="kk")
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "kazakh_speaker", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    home = client.get(reverse("home"))
    assert 'lang="kk"' in home.content.decode()


@pytest.mark.django_db
def test_a_language_chosen_on_the_browser_wins(staff: Any) -> None:
    """A language picked with the switch is not overridden at the next sign-in."""
    staff(Role.REGISTRAR, username="picker", language="kk")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:login"), {"username": "picker", "password": PASSWORD})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_wrong_password_is_a_clear_form_error(staff: Any) -> None:
    """A wrong password keeps the user on the form with an error that mentions the lockout."""
    staff(Role.REGISTRAR, username="typo")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": "typo", "password": "wrong-password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wrong user name or password" in html and "30 minutes" in html


@pytest.mark.django_db
def test_account_is_locked_after_the_failure_limit(staff: Any) -> None:
    """After AXES_FAILURE_LIMIT wrong passwords the locked-out page says so, even for the right password."""
    staff(Role.REGISTRAR, username="victim")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "victim", "password": "wrong-password"})
    assert response.status_code in (403, 429)
    assert "locked for 30 minutes" in response.content.decode()
    response = client.post(url, {"username": "victim", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_post_only(reg_client: Client) -> None:
    """A link (GET) cannot sign anyone out; the logout button (POST) does."""
    assert reg_client.get(reverse("accounts:logout")).status_code == 405
    response = reg_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert reg_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", ["Азаматтар", "Шығу"]), ("ru", ["Граждане", "Выйти"]), ("en", ["Persons", "Sign out"])],
)
def test_language_switch(reg_client: Client, language: str, expected: list[str]) -> None:
    """The kk/ru/en switch (Django's set_language) changes the labels of the interface."""
    response = reg_client.post(reverse("set_language"), {"language": language, "next": reverse("home")})
    assert response.status_code == 302
    html = reg_client.get(reverse("registry:person_search")).content.decode()
    assert f'lang="{language}"' in html
    for label in expected:
        assert label in html


@pytest.mark.django_db
def test_model_labels_are_translated(reg_client: Client, family: Family) -> None:
    """Choice labels from the codes (relations, income types) appear in Kazakh and Russian."""
    person = head_of(family)
    url = reverse("registry:person_detail", args=[person.pk])
    reg_client.post(reverse("set_language"), {"language": "ru", "next": url})
    ru = reg_client.get(url).content.decode()
    assert "Заработная плата" in ru and "Глава семьи" in ru
    reg_client.post(reverse("set_language"), {"language": "kk", "next": url})
    kk = reg_client.get(url).content.decode()
    assert "Жалақы" in kk and "Отбасы басшысы" in kk


@pytest.mark.django_db
def test_dashboard_links_follow_capabilities(staff: Any) -> None:
    """The start page greets the user and offers only what the role allows."""
    registrar = client_of(staff(Role.REGISTRAR)).get(reverse("home")).content.decode()
    assert reverse("registry:person_create") in registrar and reverse("common:audit_list") not in registrar
    assert "351600000" in registrar
    auditor = client_of(staff(Role.AUDITOR, units=("350000000",), reach=Reach.REGION)).get(reverse("home"))
    html = auditor.content.decode()
    assert reverse("common:audit_list") in html and reverse("registry:person_create") not in html


@pytest.mark.django_db
def test_dashboard_shows_the_figures_of_the_territory(
    reg_client: Client, family: Family, django_assert_max_num_queries: Any
) -> None:
    """The start page counts persons, families, children and disability by unit, in a few queries."""
    with django_assert_max_num_queries(10):
        response = reg_client.get(reverse("home"))
    summary = response.context["summary"]
    assert [(u.kato, u.persons, u.families, u.children, u.disability) for u in summary.units] == [
        (BALKHASH_TOWN, 3, 1, 1, 1)
    ]
    assert 'class="card figures"' in response.content.decode()
