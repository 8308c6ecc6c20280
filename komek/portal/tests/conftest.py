"""Fixtures of the portal's tests: the state services' household of Balkhash (its head signs in on
the portal) and a client that signs a citizen in with the code from the outbox."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from komek.applications.tests.conftest import (  # noqa: F401 (the household and staff of the services' tests)
    Household,
    caseworker,
    household,
    median_income,
    receive,
    social_contract,
)
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def last_code() -> str:
    from komek.portal.models import OutboxMessage

    text = OutboxMessage.objects.order_by("-id").first().text  # type: ignore[union-attr]
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


@pytest.fixture
def signed_in() -> Callable[[Any], Client]:
    """A browser session of the citizen ``person``, signed in with the code from the outbox."""

    def make(person: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        assert client.post("/my/sign-in/", {"iin": person.iin}).status_code == 302  # noqa: PLR2004
        response = client.post("/my/sign-in/code/", {"code": last_code()})
        assert response.status_code == 302 and response["Location"] == "/my/", response.content[:2000]  # noqa: PLR2004
        return client

    return make
