"""Rehabilitation counts with the legislation's terms: the replacement period of each aid and the
age that makes a child's priority in a queue are dated parameters, not numbers of the code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from komek.accounts.choices import Reach, Role
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)
from komek.rehabilitation.choices import Priority
from komek.rehabilitation.models import Entitlement, QueueEntry
from komek.rehabilitation.tests.conftest import YEAR
from komek.rules.terms import AID_REPLACEMENT_MONTHS


def test_an_ipr_without_periods_takes_the_legislations(
    make_disabled: Callable[..., Any], make_ipr: Callable[..., Any]
) -> None:
    """A wheelchair and a prosthesis without a period of the IPR get the legislation's (84 and 24
    months); an hours service gets none."""
    ipr = make_ipr(make_disabled(), kinds=("wheelchair", "prosthetic", "sign_language"))
    periods = dict(Entitlement.objects.filter(ipr=ipr).values_list("kind", "replacement_months"))
    assert periods == {"wheelchair": 84, "prosthetic": 24, "sign_language": None}


def test_an_entered_period_applies_from_its_date(
    make_disabled: Callable[..., Any], make_ipr: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """An administrator enters a wheelchair's period of 60 months from the IPR's year: the IPR takes
    it; the prosthesis keeps the shipped 24."""
    from komek.legislation.services.parameters import parameter_value_add

    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="national_admin")
    parameter_value_add(
        actor=admin, name=AID_REPLACEMENT_MONTHS, value=Decimal(60), valid_from=dt.date(YEAR - 1, 1, 1),
        purpose="wheelchair", reference="Test order No. 2",
    )  # fmt: skip
    ipr = make_ipr(make_disabled(), kinds=("wheelchair", "prosthetic"))
    periods = dict(Entitlement.objects.filter(ipr=ipr).values_list("kind", "replacement_months"))
    assert periods == {"wheelchair": 60, "prosthetic": 24}


def test_a_minor_comes_before_adults_by_the_age_of_majority(
    make_disabled: Callable[..., Any], make_ipr: Callable[..., Any]
) -> None:
    """A person of 17 on the application date (disability group II, not a "child" category) is
    queued with the child's priority; one of 18 is not."""
    applied = dt.date(YEAR - 1, 3, 15)
    minor = make_disabled(birth_date=applied.replace(year=applied.year - 17))
    adult = make_disabled(birth_date=applied.replace(year=applied.year - 18))
    make_ipr(minor, kinds=("wheelchair",), number="IPR-M")
    make_ipr(adult, kinds=("wheelchair",), number="IPR-A")
    priority = dict(QueueEntry.objects.values_list("person_id", "priority"))
    assert priority == {minor.pk: Priority.CHILD.value, adult.pk: Priority.GENERAL.value}


def test_every_replacement_period_names_an_aid_given_as_items() -> None:
    """The purposes of ``aid_replacement_months`` are the codes of the aids issued item by item or
    queued (a typo would leave an aid without a period); services measured in hours have none."""
    from komek.legislation.loader import shipped_parameters
    from komek.rehabilitation.choices import QUEUE_KINDS

    purposes = {v.purpose for v in shipped_parameters().values(AID_REPLACEMENT_MONTHS)}
    assert purposes == {str(kind) for kind in QUEUE_KINDS}
