"""The plan of a demo year, before any service runs: ``komek demo-year`` is a command of the demo
only, and the plan draws households and applications whose legislated amounts make the scenario's
totals (the year itself, through the services: ``test_year_2018.py``)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.cli import translate
from komek.demo.year import scenario
from komek.legislation import loader


def test_the_command_line_reaches_demo_year() -> None:
    assert translate(["demo-year", "2018"]) == ["demo_year", "2018"]


@pytest.mark.django_db
def test_demo_year_refuses_outside_a_demo_installation(settings: object) -> None:
    from komek.applications.models import Application

    settings.DEMO = False  # type: ignore[attr-defined]
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="KOMEK_DEMO"):
        call_command("demo_year", 2018, stdout=io.StringIO())
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_year_without_a_scenario_is_refused(settings: object) -> None:
    settings.DEMO = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="No scenario for 2017"):
        call_command("demo_year", 2017, stdout=io.StringIO())


def test_the_plan_of_2018_adds_up_to_the_scenario_through_the_legislation() -> None:
    """Each planned amount is what the rule makes of the planned income (TSA: the poverty line
    times the family's size less its income; housing: the receipts within the norms less 10% of the
    income), and they add up, over the months paid in 2018, to the scenario's totals."""
    engine = loader.shipped_engine()
    spec = scenario.load(2018)

    def value(name: str, day: dt.date) -> Decimal:
        return Decimal(str(engine.resolve(name, day, "351610000")[0]))

    plan = scenario.plan(2018, value)
    groups = {g: [h for h in plan.households if h.group == g] for g in ("tsa", "housing", "council")}
    for group in ("tsa", "housing"):
        homes = groups[group]
        paid = sum(a.amount * a.months for h in homes for a in h.applications)
        assert (len(homes), sum(h.size for h in homes), paid) == (
            spec[group]["families"], spec[group]["persons"], spec[group]["amount"],
        )  # fmt: skip
    for home in groups["tsa"]:
        for app in home.applications:
            assert app.amount == value("poverty_line", app.day) * home.size - app.income > 0
    for home in groups["housing"]:
        for app in home.applications:
            counted = sum(paid for _, paid in app.receipts.values())
            assert app.amount == counted - app.income // 10 > 0
    assert len(groups["council"]) == spec["council"]["persons"] == 94
    assert len(plan.meetings) == 15 and all(d.weekday() < 5 and 10 <= d.day <= 22 for d in plan.meetings)
    assert plan.persons["iin"].n_unique() == plan.persons.height
