"""An assignment's amount follows the dated parameter it is a multiple of, and only that one: the
MCI or the subsistence minimum (ADR 0012, "Amounts on the payment date, one way")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.benefits.services import assignments_recalculate
from komek.common.errors import DomainError

pytestmark = pytest.mark.django_db
D = dt.date


def amounts(assignment: Any) -> list[tuple[dt.date, int]]:
    """The assignment's dated amounts, oldest first."""
    return list(assignment.amounts.order_by("valid_from").values_list("valid_from", "monthly_amount"))


def test_creation_follows_the_subsistence_minimum_of_each_month(make_assignment: Any) -> None:
    """2 subsistence minimums from January 2020 pay 2 × 31,183 = 62,366 to March and, the subsistence
    minimum being 32,668 from 1 April 2020, 65,336 from April; 10 MCI follow the MCI's April rise."""
    in_sm = make_assignment(
        monthly_amount=62_366, amount_mci=Decimal(2), amount_parameter="subsistence_minimum"
    )
    in_mci = make_assignment(monthly_amount=26_510, amount_mci=Decimal(10))
    assert (in_sm.amount_parameter, in_mci.amount_parameter) == ("subsistence_minimum", "mci")
    assert amounts(in_sm) == [(D(2020, 1, 1), 62_366), (D(2020, 4, 1), 65_336)]
    assert amounts(in_mci) == [(D(2020, 1, 1), 26_510), (D(2020, 4, 1), 27_780)]


def test_recalculation_changes_only_the_amounts_in_its_parameter(
    make_assignment: Any, make_user: Any, caseworker: Any
) -> None:
    """A subsistence minimum of 40,000 entered from June 2020 recalculates the assignment in
    subsistence minimums (2 × 40,000 = 80,000 from June) and leaves the one in MCI as it was."""
    from komek.legislation.services.parameters import parameter_value_add

    in_sm = make_assignment(
        monthly_amount=62_366, amount_mci=Decimal(2), amount_parameter="subsistence_minimum"
    )
    in_mci = make_assignment(monthly_amount=26_510, amount_mci=Decimal(10))
    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin")
    parameter_value_add(
        actor=admin, name="subsistence_minimum", value=Decimal(40_000), valid_from=D(2020, 6, 1),
        valid_to=D(2020, 12, 31), reference="Illustrative value",
    )  # fmt: skip
    result = assignments_recalculate(
        actor=caseworker, valid_from=D(2020, 6, 1), parameter="subsistence_minimum"
    )
    assert (result.changed, result.value) == (1, Decimal(40_000))
    assert amounts(in_sm)[-1] == (D(2020, 6, 1), 80_000)
    assert amounts(in_mci) == [(D(2020, 1, 1), 26_510), (D(2020, 4, 1), 27_780)]


def test_an_unknown_parameter_is_refused(make_assignment: Any, caseworker: Any) -> None:
    """Neither the recalculation nor the assignment follows a parameter that is not a unit of
    amounts: the refusal names the field."""
    with pytest.raises(DomainError) as recalculation:
        assignments_recalculate(actor=caseworker, valid_from=D(2020, 6, 1), parameter="pension")
    with pytest.raises(DomainError) as creation:
        make_assignment(amount_mci=Decimal(2), amount_parameter="pension")
    assert (recalculation.value.field, creation.value.field) == ("parameter", "amount_parameter")
