"""An assignment decided through a state service carries the programme's amount in MCI, so that an
MCI value in force from the middle of its period pays the new MCI in the later months (ADR 0012,
"Amounts on the payment date, one way"), and only an amount that is a multiple of the MCI does."""

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


def test_an_amount_of_subsistence_minimums_carries_no_mci(walk: Walk) -> None:
    """Almaty's 2 subsistence minimums a month to an HIV-infected child is not an MCI multiple: the
    assignment carries none (and keeps its amount when the MCI changes)."""
    journey = Journey(
        "almaty.hiv_children", D(2020, 7, 1), "almaty", D(2020, 7, 15),
        (Member("head", D(1985, 2, 2), income=50_000),
         Member("child", D(2012, 9, 9), "male", (("dispensary", "hiv"),))),
        3, 196_008, service="local_social_assistance",
    )  # fmt: skip
    walk.apply(journey, walk.household(journey))
    assignment = Assignment.objects.get()
    assert (assignment.monthly_amount, assignment.amount_mci) == (65_336, None)
