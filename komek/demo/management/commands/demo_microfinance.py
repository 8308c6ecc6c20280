"""``komek demo-microfinance``: a year of the microfinance organisations' work for Almaty and
Balkhash, the referrals, the decisions and the money provided generated through the services
(idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.microfinance import demo_microfinance


class Command(DemoCommand):
    help = "Microfinance organisations, the centre's referrals and their decisions for Almaty and Balkhash."
    demo_what = "Demo microfinance records are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_microfinance(demo_actor())
        self.stdout.write(f"Microfinance: {made} referrals to the organisations recorded.")
