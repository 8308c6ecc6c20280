"""``komek demo-awards``: state award cases of mothers of large families: Almaty's 369 documents sent
in 2020 and a few cases of the demo town this year (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.awards import demo_awards
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "State award cases of mothers of large families (Almaty 2020 and the demo town this year)."
    demo_what = "Demo state award cases are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_awards(demo_actor())
        self.stdout.write(f"State awards: {made} cases opened.")
