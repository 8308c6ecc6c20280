"""Fixtures of the state-services and commission tests: the staff of Balkhash's department and a
household of Balkhash with incomes over the reference quarter of today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)
from komek.registry.tests.test_browser import (  # noqa: F401 (the browser fixtures of the registry's test)
    _audit_triggers_restored,
    audit_triggers_flushable,
    chromium,
    screenshots,
)

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
ALL_DOCUMENTS = {
    "tsa": ["application", "identity", "residence", "family", "incomes", "bank_account"],
    "local_social_assistance": [
        "application", "identity", "residence", "family", "incomes", "situation_act", "bank_account"
    ],
}  # fmt: skip
BIC, IBAN = "HSBKKZKX", "KZ20601KZT5004100100"


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.CASEWORKER, username="caseworker_one")


@pytest.fixture
def secretary(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.COMMISSION_MEMBER, username="secretary")


@pytest.fixture
def member(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.COMMISSION_MEMBER, username="member_two")


@pytest.fixture
def head(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.DEPARTMENT_HEAD, username="head")


@dataclass
class Household:
    family: Any
    head: Any
    spouse: Any
    child: Any
    on: dt.date


@pytest.fixture
def median_income(make_user: Callable[..., Any]) -> None:
    """The median income behind the poverty line from 2025 is entered by an administrator (the
    shipped legislation has none); a round test value."""
    from decimal import Decimal

    from komek.accounts.choices import Reach
    from komek.legislation.services.parameters import parameter_value_add

    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="national_admin")
    parameter_value_add(
        actor=admin, name="median_income", value=Decimal(100_000), valid_from=dt.date(2025, 1, 1),
        reference="Test value", new=True,
    )  # fmt: skip


@pytest.fixture
def household(registrar: Any, make_person: Callable[..., Any], median_income: None) -> Household:
    """Head (wages 30,000 a month), spouse, child (disabled, tuberculosis in outpatient treatment):
    a family of Balkhash entitled to TSA and to the town's one-time assistance."""
    from django.utils import timezone

    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.registry.services.statuses import status_add
    from komek.rules.periods import reference_months

    on = timezone.localdate()
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
    status_add(actor=registrar, person=child, kind="disability", subtype="child", valid_from=since)
    status_add(actor=registrar, person=child, kind="dispensary", subtype="tuberculosis", valid_from=since)
    for month in reference_months(on):
        income_record(actor=registrar, person=head, month=month, income_type="wages", amount=30_000)
    return Household(family=family, head=head, spouse=spouse, child=child, on=on)


@pytest.fixture
def receive(registrar: Any, caseworker: Any) -> Callable[..., Any]:
    """Register an application of the household's head (complete package unless told otherwise)."""
    from komek.applications.services.intake import application_receive

    def make(person: Any, service: str = "tsa", **extra: Any) -> Any:
        args: dict[str, Any] = {
            "actor": registrar, "service": service, "channel": "office", "applicant_id": person.pk,
            "documents": ALL_DOCUMENTS.get(service, []), "language": "ru", "bank_bic": BIC, "iban": IBAN,
        }  # fmt: skip
        args.update(extra)
        return application_receive(**args)

    return make


@pytest.fixture
def calculated(receive: Callable[..., Any], caseworker: Any) -> Callable[..., Any]:
    """An application verified and calculated by its caseworker."""
    from komek.applications.services.cases import application_calculate, application_verify

    def make(person: Any, service: str = "tsa", **extra: Any) -> Any:
        app = receive(person, service, **extra)
        app = application_verify(
            actor=caseworker, application_id=app.pk, version=app.version, documents=app.documents,
            incomes_checked=True,
        )  # fmt: skip
        return application_calculate(actor=caseworker, application_id=app.pk, version=app.version)

    return make


CONTRACT = "SK-3516-7"


@pytest.fixture
def social_contract(make_user: Callable[..., Any], household: Household) -> Any:
    """The social contract No. SK-3516-7 the employment centre signed with the household today (the
    head takes short-term vocational training): what a conditional TSA decision names."""
    from komek.employment.services.contracts import social_contract_create

    counsellor = make_user(Role.EMPLOYMENT_COUNSELLOR, username="counsellor")
    return social_contract_create(
        actor=counsellor, family=household.family, number=CONTRACT, signed_on=household.on,
        valid_to=household.on + dt.timedelta(days=180),
        items=[(household.head, "training", household.on + dt.timedelta(days=90))],
    )  # fmt: skip
