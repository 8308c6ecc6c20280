"""``komek demo-year YEAR``: a past year of the demo town made through the services, as its report
tells it (``komek/demo/year/``; demo installations only; once: a second run says it is there)."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from komek.accounts.models import User
from komek.applications.models import Application
from komek.benefits.banks import banks_load
from komek.demo.guard import DemoCommand
from komek.demo.year import register, scenario
from komek.demo.year.clock import YearClock, living_in
from komek.demo.year.walk import Staff, YearWalk
from komek.legislation import loader


def make_year(year: int, *, say: Any = print) -> dict[str, int] | None:
    """Plan the year from its scenario and carry it out; None when the year is there already."""
    try:
        spec = scenario.load(year)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    # TSA applications of the year in the town: the year has been made (the demo town has none).
    if Application.objects.filter(
        received_at__year=year, kato__code=spec["address"], service__code="tsa"
    ).exists():
        return None
    banks_load()
    if not User.objects.filter(username="demo_caseworker").exists():
        call_command("demo_users", stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    staff = Staff(
        registrar=users["demo_registrar"], caseworker=users["demo_caseworker"],
        secretary=users["demo_commission_member"], head=users["demo_department_head"],
        accountant=users["demo_accountant"], administrator=users["demo_administrator"],
        rehabilitation=users["demo_rehabilitation_specialist"],
    )  # fmt: skip
    engine = loader.application_engine()
    address = str(spec["address"])

    def value(name: str, day: dt.date) -> Decimal:
        return Decimal(str(engine.resolve(name, day, address)[0]))

    plan = scenario.plan(year, value)
    clock = YearClock(plan.registered)
    with living_in(clock):
        walk = YearWalk(plan, staff, clock, say)
        walk.register()
        counts = walk.run()
        rows = register.plan_register(spec["services"], plan, np.random.default_rng(int(spec["seed"])))
        counts["rendered"] = register.render(rows, plan, walk.heads, staff.caseworker, clock)
        return counts


class Command(DemoCommand):
    help = "Make a past year of the demo town through the services, as its annual report tells it."
    demo_what = "A demo year is made"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="the year of a scenario in komek/demo/year/ (2018)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = make_year(options["year"], say=self.stdout.write)
        if counts is None:
            self.stdout.write(f"The year {options['year']} is there already.")
            return
        self.stdout.write(
            f"The year {options['year']}: {counts['applications']} applications, "
            f"{counts['meetings']} commission meetings in {time.perf_counter() - started:.1f} s."
        )
