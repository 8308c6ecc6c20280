from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from komek.accounts.choices import Role
from komek.benefits.tests.fixtures import accountant, caseworker, head, make_assignment, make_family  # noqa: F401

DEPARTMENT = "351600000"


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
