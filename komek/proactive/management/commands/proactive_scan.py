"""``komek proactive scan --territory KATO --month YYYY-MM [--json]``.

Runs every programme in force over the registry of the territory for the month and updates its
proactive worklist; prints per programme the families and persons found entitled to it without
receiving it (with the monthly amount) and the recipients no longer eligible. Figures only: nobody
is named. Bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.utils import timezone, translation

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.common.periods import month_of
from komek.proactive.services import proactive_scan
from komek.rules.programmes import LANGUAGES


class Command(BaseCommand):
    help = "Scan the registry of a territory for a month: who is entitled to support and does not receive it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--territory", required=True, help="KATO code of the territory")
        parser.add_argument("--month", default="", help="YYYY-MM (default: this month)")
        parser.add_argument("--language", choices=LANGUAGES, default="en")
        parser.add_argument("--json", action="store_true", help="the figures as one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        text = options["month"]
        try:
            month = month_of(text) if text else timezone.localdate().replace(day=1)
        except ValueError:
            self._fail(f"--month: '{text}' is not a month YYYY-MM")
        try:
            result = proactive_scan(actor=system("proactive-scan"), kato=options["territory"], month=month)
        except DomainError as exc:
            self._fail(str(exc.message))
        except DatabaseError as exc:
            self._fail(f"the registry cannot be read ({exc.__class__.__name__}); is the database migrated?")
        data = result.as_dict(options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Proactive scan — {data['territory_name']} ({data['territory']}), {data['month']}")
        self.stdout.write(
            f"{'programme':<40} {'entitled':>9} {'amount, tenge':>15} {'no longer eligible':>19}"
        )
        for row in data["programmes"]:
            self.stdout.write(
                f"{row['code']:<40} {row['candidates']:>9,} {row['amount']:>15,} {row['not_eligible']:>19,}"
            )
        totals = data["totals"]
        self.stdout.write(
            f"{'total':<40} {totals['candidates']:>9,} {totals['amount']:>15,} {totals['not_eligible']:>19,}"
        )
        items = data["items"]
        self.stdout.write(
            f"worklist: {items['added']} added, {items['refreshed']} refreshed, "
            f"{items['kept']} kept as worked, {items['no_longer_found']} no longer found"
        )
        for code, reason in sorted(data["skipped"].items()):
            self.stdout.write(f"left out: {code} — {reason}")

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
        raise SystemExit(2)
