"""Fixtures of the accounts tests: an administrator of Balkhash, the accounts they manage, helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import ALMATY_ALMALY, BALKHASH, BALKHASH_TOWN, PASSWORD
from komek.accounts.choices import Reach, Role
from komek.accounts.models import User
from komek.accounts.policy import system
from komek.accounts.services import (
    user_create,
)

KARAGANDA_REGION = "350000000"
NEW_PASSWORD = "Fresh-start-for-2026"


def client_of(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def sign_in(username: str, password: str) -> Any:
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def lock_out(username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(username, "wrong-password")


def errors_of(response: Any, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> User:
    """An administrator of the Balkhash town administration (own units only)."""
    return make_user(Role.ADMINISTRATOR, units=(BALKHASH,), username="admin_balkhash")


@pytest.fixture
def admin_client(admin: User) -> Client:
    return client_of(admin)


@pytest.fixture
def clerk(kato: None) -> User:
    """A registrar of the Balkhash town, with a name to search for."""
    return user_create(
        actor=system("tests"),
        username="clerk",
        password=PASSWORD,
        role=Role.REGISTRAR,
        units=[BALKHASH_TOWN],
        first_name="Айгерим",
        last_name="Сапарова",
    )


@pytest.fixture
def almaty_clerk(make_user: Callable[..., Any]) -> User:
    return make_user(Role.REGISTRAR, units=(ALMATY_ALMALY,), username="almaty_clerk")


def account_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "new_caseworker",
        "first_name": "Данияр",
        "last_name": "Омаров",
        "role": Role.CASEWORKER,
        "reach": Reach.UNITS,
        "units": [BALKHASH_TOWN],
        "language": "kk",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def edit_data(account: User, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "role": account.role,
        "reach": account.reach,
        "units": [u.code for u in account.units.all()],
        "language": account.preferred_language,
    }
    data.update(overrides)
    return data


def edit_kwargs(account: User, **overrides: Any) -> dict[str, Any]:
    data = edit_data(account, **overrides)
    return {"user": account, **data}
