"""``komek demo-barrier-free``: social-infrastructure objects of the demo town and of Almaty with
their passports, adaptation and plans (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.barrier_free import demo_barrier_free
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "Social-infrastructure objects with their passports, adaptation and plans."
    demo_what = "Demo objects of the barrier-free environment are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_barrier_free(demo_actor())
        self.stdout.write(f"Barrier-free environment: {made} objects registered.")
