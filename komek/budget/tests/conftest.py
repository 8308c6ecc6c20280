import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from komek.accounts.choices import Reach, Role
from komek.benefits.tests.fixtures import accountant, caseworker, head, make_assignment, make_family  # noqa: F401

DEPARTMENT = "351600000"
BALKHASH_TOWN = "351610000"
NEXT = timezone.localdate().year + 1  # the year a plan is made for


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def analyst(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def make_allocation(accountant: Any, head: Any) -> Callable[..., Any]:  # noqa: F811
    """An allocation entered by the accountant and approved by the head (``approve=False``: a draft).
    The local budget by default: Balkhash's TSA is co-financed, 87.48 % of each payment local
    (26,510 tenge: 3,319 republican, 23,191 local)."""
    from komek.budget.services import allocation_approve, allocation_create

    def make(
        amount: int = 100_000,
        programme: str = "451.005",
        source: str = "local",
        year: int = 2020,
        territory: str = DEPARTMENT,
        approve: bool = True,
    ) -> Any:
        allocation = allocation_create(
            actor=accountant,
            year=year,
            programme=programme,
            source=source,
            territory=territory,
            amount=amount,
        )
        return allocation_approve(actor=head, allocation_id=allocation.pk) if approve else allocation

    return make


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    from komek.legislation import loader

    loader.invalidate()
    yield
    loader.invalidate()


@pytest.fixture
def tb_patient(registrar: Any, make_person: Callable[..., Any]) -> Any:
    """A Balkhash resident in outpatient tuberculosis treatment: the town's one-time assistance of
    a multiple of the MCI (budget programme 451.007, local budget)."""
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.statuses import status_add

    on = timezone.localdate()
    person = make_person(birth_date=dt.date(1970, 5, 1))
    family_create(
        actor=registrar, members=[MemberSpec(person, "head")], kato=BALKHASH_TOWN,
        valid_from=on.replace(year=on.year - 1),
    )  # fmt: skip
    status_add(
        actor=registrar, person=person, kind="dispensary", subtype="tuberculosis",
        valid_from=on.replace(year=on.year - 1),
    )  # fmt: skip
    return person


@pytest.fixture
def administrator(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin_kz")


def enter_mci(administrator: Any, value: int) -> None:
    from komek.legislation.services.parameters import parameter_value_add

    parameter_value_add(
        actor=administrator, name="mci", value=Decimal(value), valid_from=dt.date(NEXT, 1, 1),
        reference="Law on the republican budget (test)",
    )  # fmt: skip
