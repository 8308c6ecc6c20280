"""``komek services list [--json] [--language kk|ru|en] [--all]``: the state-service catalogue."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from komek.applications.selectors import catalogue_listing


class Command(BaseCommand):
    help = "The state services of the catalogue with their programmes, channels and deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON array")
        parser.add_argument("--language", choices=["kk", "ru", "en"], default="ru")
        parser.add_argument("--all", action="store_true", help="also the services no longer rendered")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = catalogue_listing(language=options["language"], include_withdrawn=options["all"])
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            programmes = ", ".join(row["programmes"]) or "—"
            self.stdout.write(
                f"{row['code']:<26} {row['deadline_working_days']:>3}  {'/'.join(row['channels']):<18} "
                f"{row['title']}\n{'':<26}      {programmes}"
            )
