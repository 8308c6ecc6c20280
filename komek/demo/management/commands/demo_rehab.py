"""``komek demo-rehab``: rehabilitation for the demo town and the Almaty district (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from komek.demo.guard import DemoCommand
from komek.demo.rehabilitation import demo_rehab

DISTRICTS = ("351600000", "751110000")


class Command(DemoCommand):
    demo_what = "Demo rehabilitation is made"
    help = "Fill rehabilitation for the demo districts from the persons with disability of demo-data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", action="append", help="KATO code (default: Balkhash and Almaly)")

    def handle(self, *args: Any, **options: Any) -> None:
        for district in options["district"] or DISTRICTS:
            result = demo_rehab(district=district)
            if result is None:
                self.stdout.write(f"{district}: rehabilitation demo data already present, left as is.")
            else:
                counts = f"{result.iprs} IPRs, {result.queued} queue entries, {result.issued} aids issued"
                self.stdout.write(f"{district}: {counts}.")
