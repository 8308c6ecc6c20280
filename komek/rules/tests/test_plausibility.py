"""Plausible parameter values by unit (data/units.yaml): the shipped legislation lies within them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from komek.rules.parameters import load_parameters
from komek.rules.plausibility import implausible


def test_every_shipped_value_is_plausible_for_its_unit():
    """Every value of every shipped parameter passes the check an administrator's entry must pass."""
    table = load_parameters()
    wrong = []
    for name in sorted(table.names):
        unit = table.definitions[name].unit
        for value in table.values(name):
            others = [
                v for v in table.values(name) if v.purpose == value.purpose and v.region == value.region
            ]
            problem = implausible(value.value, unit=unit, valid_from=value.valid_from, neighbours=others)
            if problem is not None:
                wrong.append((name, str(value.value), problem.kind))
    assert wrong == []


@pytest.mark.parametrize(
    ("value", "kind"), [("-5", "below"), ("0", "below"), ("5000000", "jump"), ("20000", "above")]
)
def test_an_mci_typo_is_told_apart_from_an_mci(value, kind):
    """An MCI of -5 or 0 is not positive, 5,000,000 is a thousand times the MCI in force, and 20,000
    MCI for a benefit is above any plausible multiple."""
    table = load_parameters()
    name, unit = ("mci", "tenge") if kind != "above" else ("balkhash_hiv_mci", "MCI")
    problem = implausible(
        Decimal(value), unit=unit, valid_from=dt.date(2027, 1, 1), neighbours=table.values(name)
    )
    assert problem is not None and problem.kind == kind
    assert (
        implausible(
            Decimal(4700), unit="tenge", valid_from=dt.date(2027, 1, 1), neighbours=table.values("mci")
        )
        is None
    )
