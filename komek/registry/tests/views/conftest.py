"""Fixtures of the registry pages' tests: staff of Balkhash and Almaty, persons and a family."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.registry.iin import make_iin
from komek.registry.models import Family, Membership, Person

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
            actor=system("tests"),
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
