"""``komek demo-veterans``: the veterans of the demo town's 2018 with their patronage, visits,
exemption under a memorandum and events (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.veterans import demo_veterans


class Command(DemoCommand):
    help = "Veterans of the demo town with their patronage, visits, exemptions and events."
    demo_what = "Demo veterans are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_veterans(demo_actor())
        self.stdout.write(f"Veterans: {made} recorded.")
