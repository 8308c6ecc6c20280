from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from komek.accounts.choices import Reach, Role


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def counsellor(make_user: Callable[..., Any]) -> Any:
    """The employment counsellor of Almaty, who keeps kandas and the permits for foreign labour."""
    return make_user(
        Role.EMPLOYMENT_COUNSELLOR, units=("750000000",), reach=Reach.UNITS, username="counsellor"
    )


@pytest.fixture
def balkhash_counsellor(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.EMPLOYMENT_COUNSELLOR, username="balkhash")


@pytest.fixture
def analyst_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, units=("750000000",), reach=Reach.UNITS, username="analyst")


@pytest.fixture
def almaty_person(make_person: Callable[..., Any], almaty_registrar: Any) -> Callable[..., Any]:
    """A person registered in Almaty (the Almaly district), a kandas unless told otherwise."""

    def make(citizenship: str = "kandas", **extra: Any) -> Any:
        return make_person(kato="751110000", actor=almaty_registrar, citizenship=citizenship, **extra)

    return make


@pytest.fixture
def almaty_registrar(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.REGISTRAR, units=("750000000",), reach=Reach.UNITS, username="almaty_registrar")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make
