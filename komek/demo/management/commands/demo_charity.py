"""``komek demo-charity``: the register of NGOs, patrons, donors and funds with Almaty's 2020 (the
project «Шыңға өрлеу», December's help to families and children) and the sponsors of the demo town's
events for veterans of 2018 (idempotent; after ``demo-veterans``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.charity import demo_charity
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "Charity partners, campaigns with help in kind, and the sponsorship of events for veterans."
    demo_what = "Demo charity is made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_charity(demo_actor())
        self.stdout.write(f"Charity: {made} lines recorded.")
