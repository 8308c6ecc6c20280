"""The demo's year of the microfinance organisations: generated through the services, its figures
come out of the records in plausible volumes, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from komek.accounts.policy import system
from komek.demo.microfinance import YEAR, demo_microfinance
from komek.employment.selectors.microfinance import microfinance_figures


@pytest.mark.django_db
def test_the_demo_makes_a_year_for_almaty_and_balkhash(kato: Any) -> None:
    """At a tenth of the volumes each town has referrals, financed projects under the money provided's
    order, and refusals; the decisions went through the organisations' files."""
    actor = system("demo")
    made = demo_microfinance(actor, small=True)
    almaty = microfinance_figures(
        actor=actor, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), prefix="75"
    )
    balkhash = microfinance_figures(
        actor=actor, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), prefix="3516"
    )
    assert made == almaty.referrals + balkhash.referrals
    assert 28 <= almaty.referrals <= 38
    assert 8 <= almaty.financed <= 25
    assert almaty.financed_sum > 0
    assert 0.9 < almaty.microcredit_money / almaty.financed_sum < 1.1
    assert balkhash.referrals < almaty.referrals
    assert balkhash.financed > 0
    assert almaty.financed + almaty.approved + almaty.refused <= almaty.referrals
    assert demo_microfinance(actor, small=True) == 0
