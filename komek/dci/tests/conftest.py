from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.utils import timezone, translation

from komek.accounts.policy import system
from komek.dci import signature
from komek.dci.services import delivery
from komek.dci.services.clients import client_add

BALKHASH = "351600000"

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Callbacks are collected, never posted."""
    posted: list[tuple[str, dict[str, Any]]] = []

    def post(uri: str, body: dict[str, Any], timeout: float) -> None:
        posted.append((uri, body))

    monkeypatch.setattr(delivery, "post", post)
    return posted


@pytest.fixture
def posted(_no_network: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return _no_network


@pytest.fixture
def dci_client(kato: None) -> tuple[Any, str]:
    return client_add(
        actor=system("tests"),
        name="tsa.balkhash",
        territory=BALKHASH,
        callback_uri="https://spmis.example.org/cb",
    )


@pytest.fixture
def signed_client(kato: None) -> tuple[Any, str, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    client, token = client_add(
        actor=system("tests"),
        name="signed.balkhash",
        territory=BALKHASH,
        public_key=signature.public_pem(key),
    )
    return client, token, key


def header(action: str = "search", sender: str = "tsa.balkhash", **extra: Any) -> dict[str, Any]:
    return {
        "version": "1.0.0",
        "message_id": f"m{next(_ids)}",
        "message_ts": timezone.now().isoformat(),
        "action": action,
        "sender_id": sender,
        "sender_uri": "https://spmis.example.org/cb",
        "receiver_id": "komek",
        "total_count": 1,
        "is_msg_encrypted": False,
        **extra,
    }


def search_item(query_type: str, query: Any, ref: str = "r1", **criteria: Any) -> dict[str, Any]:
    return {
        "reference_id": ref,
        "timestamp": timezone.now().isoformat(),
        "search_criteria": {"version": "1.0.0", "query_type": query_type, "query": query, **criteria},
    }


def by_iin(iin: str, ref: str = "r1", **criteria: Any) -> dict[str, Any]:
    return search_item("idtype-value", {"type": "IIN", "value": iin}, ref, **criteria)


def envelope(items: list[dict[str, Any]], action: str = "search", **hdr: Any) -> dict[str, Any]:
    return {
        "header": header(action, total_count=len(items), **hdr),
        "message": {"transaction_id": f"t{next(_ids)}", "search_request": items},
    }


@pytest.fixture
def api(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """POST a message as a client system; what runs after the commit (callbacks) runs before it returns."""

    def call(path: str, body: Any, token: str | None, raw: bytes | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = raw if raw is not None else json.dumps(body)
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(
                f"/dci/registry/{path}", data=data, content_type="application/json", headers=headers
            )

    return call


@pytest.fixture
def town(make_person: Callable[..., Any], registrar: Any) -> dict[str, Any]:
    """A family in Balkhash (head, wife, child) and a pensioner of Gulshat."""
    from komek.registry.services.families import MemberSpec, family_create

    head = make_person(surname="Ахметов", name="Нурлан", birth_date=dt.date(1985, 3, 14))
    wife = make_person(surname="Ахметова", name="Айгуль", birth_date=dt.date(1987, 6, 2), sex="female")
    child = make_person(surname="Ахметов", name="Арман", birth_date=dt.date(2015, 9, 1))
    elder = make_person(surname="Сейтжанов", name="Болат", birth_date=dt.date(1950, 1, 5), kato="351633100")
    family = family_create(
        actor=registrar,
        kato="351610000",
        street="Ленина 1",
        members=[MemberSpec(head, "head"), MemberSpec(wife, "spouse"), MemberSpec(child, "child")],
    )
    return {"head": head, "wife": wife, "child": child, "elder": elder, "family": family}


@pytest.fixture
def almaty_person(make_user: Callable[..., Any]) -> Any:
    from conftest import new_iin
    from komek.accounts.choices import Reach, Role
    from komek.registry.services.persons import person_create

    almaty = make_user(Role.REGISTRAR, units=("750000000",), reach=Reach.UNITS, username="almaty_registrar")
    return person_create(
        actor=almaty,
        iin=new_iin(dt.date(1990, 2, 2), "male"),
        surname="Омаров",
        name="Ерлан",
        kato="751110000",
    )


@pytest.fixture(autouse=True)
def _deliver_on_commit(settings: Any) -> Iterator[None]:
    settings.KOMEK_DCI_DELIVER_ON_COMMIT = True
    yield
