"""``komek demo-employment [--year YYYY]``: the demo town's employment centre over a year (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from komek.demo.employment import demo_employment
from komek.demo.employment.almaty import YEAR as ALMATY_YEAR
from komek.demo.employment.almaty import almaty_register
from komek.demo.guard import DemoCommand
from komek.employment.services.occupations import occupations_load


class Command(DemoCommand):
    help = (
        "Employers, vacancies, jobseekers, referrals, a year of active measures and plans for Balkhash, "
        "and Almaty's register of 2020 drawn from its persons."
    )
    demo_what = "The demo employment centre is made"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, default=None, help="the year of measures (default: last year)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        occupations_load()
        try:
            result = demo_employment(year=options["year"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not result.created:
            self.stdout.write("The demo employment centre is already there.")
        else:
            self.stdout.write(
                f"Employment centre: {result.employers} employers, {result.vacancies} filled vacancies, "
                f"{result.jobseekers} registrations, {result.participations} participations in measures "
                f"in {time.perf_counter() - started:.1f} s."
            )
        started = time.perf_counter()
        almaty = almaty_register()
        if almaty:
            self.stdout.write(
                f"Almaty: {almaty} registrations of {ALMATY_YEAR} at the employment centre, drawn from its "
                f"persons of working age, in {time.perf_counter() - started:.1f} s."
            )
