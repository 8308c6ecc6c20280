"""Fixtures of the category-payment tests: Almaty staff and a small registry of veterans."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import translation

from komek.accounts.choices import Role
from komek.benefits.iban import make_iban

ALMATY = "750000000"
ALMALY = "751110000"
BALKHASH_TOWN = "351610000"
VICTORY_DAY = dt.date(2020, 5, 9)
PROGRAMME = "almaty.victory_day"
_accounts = itertools.count(500)


def iban() -> str:
    """A valid IBAN of Halyk Bank (code 601), different on every call."""
    return make_iban("601", f"{next(_accounts):013d}")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts of refusals."""
    with translation.override("en"):
        yield


@pytest.fixture
def almaty_staff(make_user: Callable[..., Any]) -> dict[str, Any]:
    from komek.benefits.banks import banks_load

    banks_load()
    return {
        "registrar": make_user(Role.REGISTRAR, units=(ALMATY,), username="almaty_registrar"),
        "caseworker": make_user(Role.CASEWORKER, units=(ALMATY,), username="almaty_caseworker"),
        "head": make_user(Role.DEPARTMENT_HEAD, units=(ALMATY,), username="almaty_head"),
        "head2": make_user(Role.DEPARTMENT_HEAD, units=(ALMATY,), username="almaty_head2"),
        "accountant": make_user(Role.ACCOUNTANT, units=(ALMATY,), username="almaty_accountant"),
        "balkhash_registrar": make_user(Role.REGISTRAR, username="balkhash_registrar"),
    }


@dataclass
class Registry:
    """The persons made, by label, and the labels the rules must select."""

    persons: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def veterans(almaty_staff: dict[str, Any], make_person: Callable[..., Any]) -> Registry:
    """Eight persons: four Victory Day recipients in Almaly (two participants, one equated, one
    home-front worker), and four who are not (status ended before the day, dead before the day,
    no status, a participant living in Balkhash)."""
    from komek.registry.models import Person
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.statuses import status_add

    registry = Registry()
    spec = [
        ("participant_1", ALMALY, "wwii_participant", None, None),
        ("participant_2", ALMALY, "wwii_disabled", None, None),
        ("equated", ALMALY, "equated", None, None),
        ("home_front", ALMALY, "home_front", None, None),
        ("ended", ALMALY, "home_front", dt.date(2019, 12, 31), None),
        ("dead", ALMALY, "wwii_participant", None, dt.date(2020, 3, 1)),
        ("nobody", ALMALY, None, None, None),
        ("balkhash", BALKHASH_TOWN, "wwii_participant", None, None),
    ]
    for n, (label, kato, category, ended, died) in enumerate(spec):
        actor = almaty_staff["registrar"] if kato == ALMALY else almaty_staff["balkhash_registrar"]
        person = make_person(
            surname="Ветеранов",
            name="АБВГДЕЖЗ"[n] + "ан",
            birth_date=dt.date(1926, 1, 1 + n),
            kato=kato,
            actor=actor,
        )
        family_create(
            actor=actor,
            members=[MemberSpec(person=person, relation="head")],
            kato=kato,
            valid_from=dt.date(2010, 1, 1),
        )
        if category:
            status_add(
                actor=actor,
                person=person,
                kind="veteran",
                subtype=category,
                valid_from=dt.date(2000, 1, 1),
                valid_to=ended,
            )
        if died:
            Person.objects.filter(pk=person.pk).update(death_date=died)
        registry.persons[label] = person
    return registry
