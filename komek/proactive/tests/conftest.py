"""Fixtures of the proactive tests: the state services' household of Balkhash (entitled to TSA,
which it does not receive) and a family receiving TSA whose wages now put it above the line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from komek.accounts.choices import Reach, Role
from komek.applications.tests.conftest import (  # noqa: F401 (the household and staff of the services' tests)
    Household,
    caseworker,
    head,
    household,
    median_income,
    receive,
)
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def month() -> dt.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def recipient_family(
    registrar: Any,
    make_person: Callable[..., Any],
    caseworker: Any,  # noqa: F811 (the fixture, passed on)
    median_income: None,  # noqa: F811 (the fixture, passed on)
) -> Any:
    """A family of Balkhash under an active TSA assignment covering this month, whose head earns
    500,000 tenge a month over the reference quarter: no longer eligible."""
    from komek.benefits.banks import banks_load
    from komek.benefits.services import assignment_create
    from komek.benefits.tests.fixtures import valid_iban
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.rules.periods import reference_months

    banks_load()
    on = timezone.localdate()
    head_ = make_person(name="Серик", birth_date=on.replace(year=on.year - 50, day=1), phone="+77011234567")
    family = family_create(
        actor=registrar, members=[MemberSpec(head_, "head")], kato=BALKHASH_TOWN, dwellings_owned=1,
        living_area=Decimal(40), valid_from=on.replace(year=on.year - 1),
    )  # fmt: skip
    for m in reference_months(on):
        income_record(actor=registrar, person=head_, month=m, income_type="wages", amount=500_000)
    start = on.replace(day=1)
    assignment_create(
        actor=caseworker, programme="tsa", family_id=family.pk, person_id=None, recipient_id=head_.pk,
        kind="tsa_unconditional", monthly_amount=20_000, period_start=start,
        period_end=(start + dt.timedelta(days=80)).replace(day=1) - dt.timedelta(days=1),
        bank_bic="HSBKKZKX", iban=valid_iban("601"), basis="Decision 5",
    )  # fmt: skip
    return family


@pytest.fixture
def phoned(household: Household) -> Household:  # noqa: F811 (the fixture, passed on)
    """The household's head has a phone in the registry (where the offer goes)."""
    household.head.phone = "+77015550101"
    household.head.save(update_fields=["phone"])
    return household


@pytest.fixture
def analyst(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def almaty_caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, units=("750000000",), reach=Reach.UNITS, username="almaty_cw")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def scanned(phoned: Household, recipient_family: Any, caseworker: Any, month: dt.date) -> Any:  # noqa: F811
    from komek.proactive.services import proactive_scan

    return proactive_scan(actor=caseworker, kato=BALKHASH, month=month)
