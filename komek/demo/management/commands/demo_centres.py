"""``komek demo-centres``: the family, crafts and active longevity centres of the demo town with a
year of registrations, services and events (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.centres import demo_centres
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "The demo town's centres with a year of registered persons, services and events."
    demo_what = "Demo centres are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_centres(demo_actor())
        self.stdout.write(f"Centres: {made} centres made.")
