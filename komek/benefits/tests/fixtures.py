"""Fixtures of assignments for the tests of benefits, payments and the contexts above them.

Imported by the conftest files of benefits and payments; ``valid_iban`` by the tests that assign.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.benefits.iban import make_iban

BALKHASH_TOWN = "351610000"
_accounts = itertools.count(1)


def valid_iban(bank_code: str = "601") -> str:
    return make_iban(bank_code, f"{next(_accounts):013d}")


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, username="caseworker")


@pytest.fixture
def accountant(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ACCOUNTANT, username="accountant")


@pytest.fixture
def head(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.DEPARTMENT_HEAD, username="head")


@pytest.fixture
def make_family(make_person: Callable[..., Any], registrar: Any) -> Callable[..., Any]:
    from komek.registry.services.families import MemberSpec, family_create

    def make(kato: str = BALKHASH_TOWN) -> Any:
        head = make_person(kato=kato)
        return family_create(
            actor=registrar, members=[MemberSpec(person=head, relation="head")], kato=kato,
            valid_from=dt.date(2019, 1, 1),
        )  # fmt: skip

    return make


@pytest.fixture
def make_assignment(caseworker: Any, make_family: Callable[..., Any]) -> Callable[..., Any]:
    from komek.benefits.banks import banks_load
    from komek.benefits.services import assignment_create

    # The migration loads the banks, but a transactional test elsewhere may have flushed them.
    banks_load()

    def make(family: Any = None, **overrides: Any) -> Any:
        actor = overrides.pop("actor", caseworker)
        family = family or make_family()
        head = family.memberships.get(relation="head").person
        values: dict[str, Any] = {
            "programme": "tsa", "family_id": family.pk, "person_id": None, "recipient_id": head.pk,
            "kind": "tsa_unconditional", "monthly_amount": 26510, "period_start": dt.date(2020, 1, 1),
            "period_end": dt.date(2020, 6, 30), "bank_bic": "HSBKKZKX",
            "iban": valid_iban("601"), "basis": "Decision 17",
        }  # fmt: skip
        values.update(overrides)
        return assignment_create(actor=actor, **values)

    return make


ALMALY = "751110000"


@pytest.fixture
def almaty_caseworker(make_user: Callable[..., Any]) -> Any:
    """A caseworker of Almaly district, in Almaty (region 75): Balkhash's is in region 35."""
    return make_user(Role.CASEWORKER, units=(ALMALY,), username="almaly_caseworker")


@pytest.fixture
def almaty_family(make_user: Callable[..., Any], make_person: Callable[..., Any]) -> Any:
    """A family of one in Almaly district, registered by the district's registrar."""
    from komek.registry.services.families import MemberSpec, family_create

    registrar = make_user(Role.REGISTRAR, units=(ALMALY,), username="almaly_registrar")
    head = make_person(kato=ALMALY, actor=registrar)
    return family_create(
        actor=registrar, members=[MemberSpec(person=head, relation="head")], kato=ALMALY,
        valid_from=dt.date(2019, 1, 1),
    )  # fmt: skip
