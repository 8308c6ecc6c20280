"""An assignment decided through a state service carries the programme's amount as a multiple of the
dated parameter it is proportional to (the MCI, the subsistence minimum), so that a value in force
from the middle of its period pays the new value in the later months (ADR 0012, "Amounts on the
payment date, one way"), and only a change of that parameter does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.benefits.models import Assignment
from komek.payments.models import PaymentLine
from komek.reports.tests.journey import Journey, Member, Walk

pytestmark = pytest.mark.django_db
D = dt.date


def test_an_mci_entered_for_mid_period_pays_the_later_months(
    walk: Walk, make_user: Callable[..., Any]
) -> None:
    """Almaty's 12 MCI a month to a tuberculosis patient, applied for on 12.01.2026 (MCI 4,325) and
    decided by the commission for January to March; an administrator has entered an MCI of 4,500
    from 1 March: January and February pay 12 × 4,325 = 51,900, March 12 × 4,500 = 54,000."""
    from komek.legislation.services.parameters import parameter_value_add

    journey = Journey(
        "almaty.tb_outpatient", D(2020, 1, 1), "almaty", D(2026, 1, 12),
        (Member("head", D(1980, 4, 2), "male", (("dispensary", "tuberculosis"),)),), 3, 157_800,
        service="local_social_assistance",
    )  # fmt: skip
    person = walk.household(journey)
    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, units=("750000000",), username="admin")
    parameter_value_add(
        actor=admin, name="mci", value=Decimal(4500), valid_from=D(2026, 3, 1),
        reference="Test value: an MCI raised from March",
    )  # fmt: skip
    walk.apply(journey, person)
    assignment = Assignment.objects.get()
    assert (assignment.monthly_amount, assignment.amount_mci) == (51_900, Decimal(12))
    walk.payrolls(journey.on, count=4)
    lines = PaymentLine.objects.order_by("for_month").values_list("for_month", "amount")
    assert list(lines) == [(D(2026, 1, 1), 51_900), (D(2026, 2, 1), 51_900), (D(2026, 3, 1), 54_000)]


def test_an_amount_of_subsistence_minimums_follows_the_subsistence_minimum(walk: Walk) -> None:
    """Almaty's 2 subsistence minimums a month to an HIV-infected child, applied for on 15.11.2020
    and decided for November to January: the assignment carries 2 subsistence minimums (not an MCI
    multiple), so November and December 2020 pay 2 × 32,668 = 65,336 and January 2021, after the
    subsistence minimum of 34,302 from 1 January 2021, 2 × 34,302 = 68,604 (Almaty report 2020,
    section I.4, item 9)."""
    journey = Journey(
        "almaty.hiv_children", D(2020, 7, 1), "almaty", D(2020, 11, 15),
        (Member("head", D(1985, 2, 2), income=50_000),
         Member("child", D(2012, 9, 9), "male", (("dispensary", "hiv"),))),
        3, 2 * 65_336 + 68_604, service="local_social_assistance",
    )  # fmt: skip
    walk.apply(journey, walk.household(journey))
    assignment = Assignment.objects.get()
    assert (assignment.monthly_amount, assignment.amount_mci, assignment.amount_parameter) == (
        65_336, Decimal(2), "subsistence_minimum",
    )  # fmt: skip
    walk.payrolls(journey.on, count=3)
    lines = PaymentLine.objects.order_by("for_month").values_list("for_month", "amount")
    assert list(lines) == [(D(2020, 11, 1), 65_336), (D(2020, 12, 1), 65_336), (D(2021, 1, 1), 68_604)]
    assert sum(amount for _month, amount in lines) == journey.total


def test_an_mci_change_leaves_an_amount_of_subsistence_minimums(
    walk: Walk, make_user: Callable[..., Any]
) -> None:
    """An MCI entered for September 2020 changes nothing in the HIV-infected child's 2 subsistence
    minimums: every month of July to September pays 2 × 32,668 = 65,336; only the parameter the
    amount is a multiple of moves it."""
    from komek.legislation.services.parameters import parameter_value_add

    journey = Journey(
        "almaty.hiv_children", D(2020, 7, 1), "almaty", D(2020, 7, 15),
        (Member("head", D(1985, 2, 2), income=50_000),
         Member("child", D(2012, 9, 9), "male", (("dispensary", "hiv"),))),
        3, 196_008, service="local_social_assistance",
    )  # fmt: skip
    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, units=("750000000",), username="admin")
    parameter_value_add(
        actor=admin, name="mci", value=Decimal(3000), valid_from=D(2020, 9, 1),
        reference="Test value: an MCI raised from September",
    )  # fmt: skip
    walk.apply(journey, walk.household(journey))
    walk.payrolls(journey.on, count=3)
    lines = PaymentLine.objects.order_by("for_month").values_list("amount", flat=True)
    assert list(lines) == [65_336, 65_336, 65_336]
