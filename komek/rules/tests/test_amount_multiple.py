"""Which dated parameter an amount is a multiple of, and how many of it: the MCI, the subsistence
minimum, or neither (``komek.rules.schedule.amount_multiple``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from komek.rules.engine import Engine
from komek.rules.programmes import Programme
from komek.rules.schedule import amount_multiple


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def programme(engine: Engine, code: str) -> Programme:
    """The first shipped version of programme ``code``."""
    return next(p for p in engine.programmes if p.code == code)


def test_an_amount_in_subsistence_minimums(engine: Engine) -> None:
    """Almaty's HIV-infected child: 2 subsistence minimums, whatever the subsistence minimum is."""
    hiv = programme(engine, "almaty.hiv_children")
    rows = [{"almaty_hiv_child_sm": 2.0, "subsistence_minimum": 32_668.0}]
    assert amount_multiple(hiv, rows) == ("subsistence_minimum", Decimal("2.0000"))


def test_an_amount_in_mci_is_the_mci_first(engine: Engine) -> None:
    """Almaty's 12 MCI a month to a tuberculosis patient is a multiple of the MCI; two eligible rows
    add up."""
    tb = programme(engine, "almaty.tb_outpatient")
    row = {"almaty_tb_outpatient_mci": 12.0, "mci": 2_778.0}
    assert amount_multiple(tb, [row]) == ("mci", Decimal("12.0000"))
    assert amount_multiple(tb, [row, row]) == ("mci", Decimal("24.0000"))


def test_an_amount_in_tenge_follows_nothing(engine: Engine) -> None:
    """An amount in tenge a child is a multiple of no dated parameter; nor is an amount with no
    eligible row."""
    allowance = programme(engine, "child_allowance")
    assert amount_multiple(allowance, [{"child_allowance_tenge": 1_500.0, "children": 2.0}]) is None
    assert amount_multiple(programme(engine, "almaty.hiv_children"), []) is None
