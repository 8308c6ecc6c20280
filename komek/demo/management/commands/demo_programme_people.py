"""``komek demo-programme-people``: Almaty's 2020 of vocational education, the youth projects, the
contests and the determination of social status as the report of the Almaty Social Welfare
Department prints it, at the demo's scale (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.programme_people import demo_programme_people


class Command(DemoCommand):
    help = "Vocational education, youth projects, contests and social status of Almaty's 2020."
    demo_what = "Demo records of the programme's people are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_programme_people(demo_actor())
        self.stdout.write(f"Programme's people: {made} enrolments in vocational education recorded.")
