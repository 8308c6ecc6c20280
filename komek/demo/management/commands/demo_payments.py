"""``komek demo-payments``: assignments and payrolls for the demo town (Balkhash).

Idempotent: assignments are created once, then the previous month's payrolls are prepared and
approved (paid), and the current month's are prepared and left for approval
(:func:`komek.demo.payments.payments_demo`). Needs ``komek demo-data`` (the demo town's families)
and creates the demo logins if they are missing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from komek.demo.guard import DemoCommand
from komek.demo.payments import payments_demo


class Command(DemoCommand):
    help = (
        "Give the demo town assignments with valid IBANs, a paid previous month and a prepared current one."
    )
    demo_what = "Demo payments are created"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=300, help="families given an assignment")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(payments_demo(families=options["families"]))
