"""``komek demo-commissions``: the other commissions of the demo town's 2018: meetings, cases,
certificates, questions and the tripartite agreement (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.commissions import demo_commissions
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "The other commissions of the demo town in 2018: meetings, cases, certificates, questions."
    demo_what = "Demo commissions are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_commissions(demo_actor())
        self.stdout.write(f"Commissions: {made} meetings recorded.")
