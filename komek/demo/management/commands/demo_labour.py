"""``komek demo-labour``: the demo town's enterprises with a year (2018) of surveys, memoranda, a
road map, inspections, wage arrears and their repayments, accidents and collective agreements,
and Almaty's published labour force of 2019 and 2020 and single aggregate payment of 2020
(idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.labour import demo_labour


class Command(DemoCommand):
    help = "The demo town's enterprises with a year of labour-market monitoring and labour relations."
    demo_what = "Demo enterprises are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_labour(demo_actor())
        self.stdout.write(f"Labour: {made} enterprises made.")
