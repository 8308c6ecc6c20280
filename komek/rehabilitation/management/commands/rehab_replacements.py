"""``komek rehab replacements [--on DATE]``: put back into the queues everyone whose aid is due for
replacement (run daily; idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from komek.accounts.policy import system
from komek.rehabilitation.services.queues import queue_replacements_due


class Command(BaseCommand):
    help = "Queue again the persons whose aid's replacement period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="date (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_replacements_due(actor=system("rehab-replacements"), on=options["on"])
        self.stdout.write(f"{count} persons put back into the queues.")
