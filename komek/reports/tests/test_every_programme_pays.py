"""Issue 10's "done when": every programme version shipped carries one beneficiary from the registry
through its state service (or its category lists) to the payroll's lines over 24 months, and the
lines equal a hand computation (``expectations.JOURNEYS``). A programme in kind is provided, not
paid: its assignment records the provisions and their cost, and the payroll pays nobody."""

from __future__ import annotations

import pytest

from komek.benefits.models import Assignment
from komek.legislation import loader
from komek.reports.tests.expectations import JOURNEYS
from komek.reports.tests.journey import Journey, Walk, paid, provided

pytestmark = pytest.mark.django_db


def test_the_table_walks_every_programme_version_shipped() -> None:
    """Each programme version of the legislation has exactly one journey, and none else."""
    shipped = sorted((p.code, p.valid_from) for p in loader.shipped_engine().programmes)
    walked = sorted((j.code, j.version) for j in JOURNEYS)
    assert walked == shipped


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.id for j in JOURNEYS])
def test_the_programme_pays_its_hand_computation(journey: Journey, walk: Walk) -> None:
    """Registered, applied for (or listed), decided and run through 24 monthly payrolls, the
    beneficiary is paid (or provided) as many times and as much as the hand computation says."""
    person = walk.household(journey)
    if journey.service:
        walk.apply(journey, person)
    else:
        walk.lists(journey, person)
    assert {a.programme for a in Assignment.objects.all()} == {journey.code}
    walk.payrolls(journey.on)
    if journey.in_kind:
        assert set(Assignment.objects.values_list("kind", flat=True)) == {"in_kind"}
        assert (paid(), provided()) == ((0, 0), (journey.count, journey.total))
    else:
        assert paid() == (journey.count, journey.total)
