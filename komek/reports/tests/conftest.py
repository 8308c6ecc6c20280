"""Fixtures of the reports' tests: a year of Balkhash built through the services (TSA and its
payrolls, housing assistance, a council-decision payment, an active measure with its plan) for the
annual report, and the end-to-end journeys' clock and walk (every programme paid)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from komek.accounts.choices import Role
from komek.benefits.tests.fixtures import accountant, caseworker, head, valid_iban  # noqa: F401
from komek.employment.tests.conftest import (  # noqa: F401
    counsellor,
    make_employer,
    make_jobseeker,
    occupations,
)
from komek.reports.tests.journey import Clock, Walk, install

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
YEAR = 2020


@pytest.fixture(autouse=True)
def _english_and_shipped_legislation() -> Iterator[None]:
    """The assertions read the English labels (the default language is Russian), and each test reads
    the legislation as shipped (no parameter another test entered)."""
    from komek.legislation import loader

    loader.invalidate()
    with translation.override("en"):
        yield
    loader.invalidate()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The services' today, fixed and moved by the walk: nothing depends on the day the tests run."""
    clock = Clock()
    install(clock, monkeypatch)
    return clock


@pytest.fixture
def walk(make_user: Callable[..., Any], make_person: Callable[..., Any], clock: Clock) -> Walk:
    """The department's staff of each place, created on first use, and the steps they take."""
    from komek.benefits.banks import banks_load

    banks_load()
    return Walk(make_user, make_person, clock)


@pytest.fixture
def analyst(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def household(make_person: Callable[..., Any], registrar: Any) -> Callable[..., Any]:
    """A family of Balkhash of ``size`` members (the first the head), registered since 2019."""
    from komek.registry.services.families import MemberSpec, family_create

    def make(size: int, kato: str = BALKHASH_TOWN) -> Any:
        members = [MemberSpec(make_person(kato=kato), "head" if i == 0 else "child") for i in range(size)]
        return family_create(actor=registrar, members=members, kato=kato, valid_from=dt.date(2019, 1, 1))

    return make


@pytest.fixture
def assign(caseworker: Any) -> Callable[..., Any]:  # noqa: F811
    """Assign a benefit through the benefits' service (the decision's assignment)."""
    from komek.benefits.banks import banks_load
    from komek.benefits.services import assignment_create

    banks_load()

    def make(programme: str, *, family: Any = None, person: Any = None, **terms: Any) -> Any:
        recipient = person or family.memberships.get(relation="head").person
        values: dict[str, Any] = {
            "programme": programme, "family_id": family.pk if family else None,
            "person_id": person.pk if person else None, "recipient_id": recipient.pk,
            "bank_bic": "HSBKKZKX", "iban": valid_iban("601"), "basis": "Decision of the department",
        }  # fmt: skip
        values.update(terms)
        return assignment_create(actor=caseworker, **values)

    return make


@pytest.fixture
def pay(accountant: Any, head: Any) -> Callable[[dt.date], None]:  # noqa: F811
    """Prepare the month's payrolls (the accountant) and approve them (the head)."""
    from komek.payments.services import payroll_approve, payroll_run

    def run(month: dt.date) -> None:
        for payroll in payroll_run(actor=accountant, month=month):
            payroll_approve(actor=head, payroll_id=payroll.pk)

    return run


@dataclass
class Year:
    tsa_family: Any
    housing_family: Any
    patient: Any
    jobseeker: Any


@pytest.fixture
def year(
    household: Callable[..., Any],
    make_person: Callable[..., Any],
    assign: Callable[..., Any],
    pay: Callable[[dt.date], None],
    counsellor: Any,  # noqa: F811
    make_jobseeker: Callable[..., Any],  # noqa: F811
    make_employer: Callable[..., Any],  # noqa: F811
) -> Year:
    """2020 in Balkhash: unconditional TSA of 20,000 a month to a family of three for January to
    March; housing assistance of 5,000 a month to a person living alone for the same quarter; the
    council's one-time assistance of 24,050 to a person with HIV in February; a social job from
    April with a plan of two; the payrolls of January to March approved."""
    from komek.employment.services.measures import measure_enrol
    from komek.employment.services.plans import plan_set

    tsa_family, housing_family = household(3), household(1)
    patient = make_person(name="Айгуль", sex="female", birth_date=dt.date(1990, 5, 5))
    quarter = {"period_start": dt.date(YEAR, 1, 1), "period_end": dt.date(YEAR, 3, 31)}
    assign("tsa", family=tsa_family, kind="tsa_unconditional", monthly_amount=20_000, **quarter)
    assign("housing", family=housing_family, kind="regular", monthly_amount=5_000, **quarter)
    assign(
        "balkhash.hiv", person=patient, kind="one_time", monthly_amount=24_050,
        period_start=dt.date(YEAR, 2, 1), period_end=dt.date(YEAR, 2, 29),
    )  # fmt: skip
    for month in (1, 2, 3):
        pay(dt.date(YEAR, month, 1))
    jobseeker = make_jobseeker(on=dt.date(YEAR, 3, 2))
    measure_enrol(
        actor=counsellor, kind="social_job", person=jobseeker.person, employer=make_employer(),
        date_from=dt.date(YEAR, 4, 1), date_to=dt.date(YEAR, 9, 30), monthly_wage=100_000,
    )  # fmt: skip
    plan_set(actor=counsellor, year=YEAR, kato=BALKHASH, indicator="social_job", planned=2)
    return Year(tsa_family, housing_family, patient, jobseeker)
