"""Fixtures of the rules tests: staff of the rules, a small household of Balkhash with incomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.registry.tests.test_browser import (  # noqa: F401 (the browser fixtures of the registry's test)
    _audit_triggers_restored,
    audit_triggers_flushable,
    chromium,
    screenshots,
)

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"


@pytest.fixture(autouse=True)
def fresh_engine() -> Iterator[None]:
    """Each test builds the application's engine from its own records (the state services' and the
    commission's tests use this fixture too: their conftests import it from here)."""
    from komek.legislation import loader

    loader.invalidate()
    yield
    loader.invalidate()


@pytest.fixture
def administrator(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="rules_admin")


@pytest.fixture
def national_administrator(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin_kz")


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, username="rules_caseworker")


@dataclass
class Household:
    family: Any
    head: Any
    spouse: Any
    child: Any
    on: dt.date


def reference_quarter(on: dt.date) -> list[dt.date]:
    from komek.rules.periods import reference_months

    return reference_months(on)


@pytest.fixture
def household(registrar: Any, make_person: Callable[..., Any]) -> Household:
    """Head (45, wages), spouse (40, a large-family mother), child (8, disabled, on a dispensary
    register for tuberculosis): a family of Balkhash with incomes over the reference quarter of today."""
    from komek.common.validation import today
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.registry.services.statuses import status_add

    on = today()
    head = make_person(name="Берик", birth_date=on.replace(year=on.year - 45, day=1), sex="male")
    spouse = make_person(name="Жанар", birth_date=on.replace(year=on.year - 40, day=1), sex="female")
    child = make_person(name="Аружан", birth_date=on.replace(year=on.year - 8, day=1), sex="female")
    family = family_create(
        actor=registrar,
        members=[MemberSpec(head, "head"), MemberSpec(spouse, "spouse"), MemberSpec(child, "child")],
        kato=BALKHASH_TOWN,
        dwellings_owned=1,
        living_area=Decimal(54),
        valid_from=on.replace(year=on.year - 1),
    )
    since = on.replace(year=on.year - 2)
    status_add(
        actor=registrar, person=spouse, kind="large_family_mother", subtype="altyn_alka", valid_from=since
    )
    status_add(actor=registrar, person=child, kind="disability", subtype="child", valid_from=since)
    status_add(actor=registrar, person=child, kind="dispensary", subtype="tuberculosis", valid_from=since)
    for month in reference_quarter(on):
        income_record(actor=registrar, person=head, month=month, income_type="wages", amount=30_000)
    return Household(family=family, head=head, spouse=spouse, child=child, on=on)
