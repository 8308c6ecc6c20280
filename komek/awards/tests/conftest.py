import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from komek.accounts.choices import Reach, Role
from komek.registry.services.families import MemberSpec, family_create


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, username="caseworker")


@pytest.fixture
def almaty_registrar(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.REGISTRAR, units=("750000000",), reach=Reach.UNITS, username="almaty")


@pytest.fixture
def analyst_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def head_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.DEPARTMENT_HEAD, username="head")


@pytest.fixture
def mother_of(make_person: Callable[..., Any], registrar: Any) -> Callable[..., Any]:
    """A mother heading a family of the registry with ``children`` children."""

    def make(children: int, sex: str = "female") -> Any:
        mother = make_person(surname="Омарова", name="Сауле", birth_date=dt.date(1975, 4, 2), sex=sex)
        kids = [
            make_person(
                surname="Омаров",
                name=("Ерлан", "Асан", "Дамир", "Нурлан", "Арман", "Бауыржан", "Тимур", "Ерик")[n],
                birth_date=dt.date(2000 + n, 1, 5),
                sex="male",
            )
            for n in range(children)
        ]
        family_create(
            actor=registrar, kato="351610000", valid_from=dt.date(2010, 1, 1),
            members=[MemberSpec(mother, "head"), *(MemberSpec(k, "child") for k in kids)],
        )  # fmt: skip
        return mother

    return make


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make
