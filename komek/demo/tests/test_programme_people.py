"""The demo's programme's people: Almaty's 2020 as the report prints it, at the demo's scale, out of
the records (the section's figures, not typed numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from komek.accounts.policy import system
from komek.demo import training as training_demo
from komek.demo.programme_people import (
    ALLOCATED,
    CONFIRMED,
    EMPLOYED,
    EXPELLED,
    FINISHED,
    INVOLVED,
    PLAN,
    STUDYING,
    VACANT,
    WITHOUT_STATUS,
    demo_programme_people,
    scaled,
)
from komek.employment.programme_report import programme_figures
from komek.employment.report import training_figures


@pytest.mark.django_db
def test_the_demo_gives_back_almaty_2020(kato: None) -> None:
    """At the tests' scale (a thousandth of the report's thousands, a ten-thousandth of its hundreds
    of thousands) each figure comes out of the records, short-term training's lists as the report
    gives them and its money spent whole; a second run adds nothing."""
    actor = system("demo")
    assert demo_programme_people(actor, small=True) > 0
    got = {f.code: f.value for f in programme_figures(actor=actor, year=2020, prefix="75")}
    assert got["programme.tipo.plan"] == PLAN
    assert got["programme.tipo.allocated"] == got["programme.tipo.spent"] == ALLOCATED
    assert got["programme.tipo.spent_percent"] == Decimal("100.0")
    assert got["programme.tipo.studying"] == scaled(STUDYING, 100)
    assert got["programme.tipo.vacant_place"] == scaled(VACANT, 100)
    assert got["programme.tipo.expelled"] == scaled(EXPELLED, 100)
    assert got["programme.tipo.finished"] == scaled(FINISHED, 100)
    assert got["programme.tipo.employed"] == scaled(EMPLOYED, 100)
    assert got["programme.contest.enbek_zholy"] == 10
    assert got["programme.contest.enbek_zholy.winners"] == 6
    assert got["programme.contest.paryz"] == 5
    assert got["programme.youth.zhas_maman"] == 20
    listed, confirmed = scaled(WITHOUT_STATUS, 10_000), scaled(CONFIRMED, 10_000)
    assert got["programme.status.confirmed_total"] == confirmed
    assert got["programme.status.end"] == listed - confirmed
    for measure, count in INVOLVED.items():
        assert got[f"programme.involved.{measure}"] == scaled(count, 1000)
    training = {f.code: f.value for f in training_figures(actor=actor, year=2020, prefix="75")}
    assert training["employment.training.centres"] == training_demo.CENTRES
    assert training["employment.training.professions"] == training_demo.PROFESSIONS
    assert training["employment.training"] == scaled(training_demo.SENT, 100)
    assert training["employment.training.finished"] == scaled(training_demo.FINISHED, 100)
    assert training["employment.training.allocated"] == training["employment.training.spent"]
    assert training["employment.training.allocated"] == training_demo.ALLOCATED // 100
    assert training["employment.training.spent_percent"] == Decimal("100.0")
    assert demo_programme_people(actor, small=True) == 0
