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
def caseworker(make_user: Callable[..., Any]) -> Any:
    """The caseworker of Balkhash, who keeps the records of the town's charity."""
    return make_user(Role.CASEWORKER, username="caseworker")


@pytest.fixture
def almaty_caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, units=("750000000",), reach=Reach.UNITS, username="almaty")


@pytest.fixture
def analyst_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make
