"""``komek budget plan --year YYYY [--territory KATO] [--language kk|ru|en] --json``: next year's
plan beside this year's execution, one JSON array of ``{"programme", "title", "source", "amount",
"recipients", "forecast", "forecast_recipients", "edited", "months" (12 forecast amounts),
"spent_this_year", "recipients_this_year", "change", "percent"}`` (integer tenge; percent: the
change as a percentage of this year's spending, one decimal, or null).

With ``--territory`` the department's stored plan, or its forecast by the rules engine when no plan
is made yet; without it every stored plan of the year, summed per budget programme and source."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from komek.accounts.policy import system
from komek.budget.selectors.plan import plan_view
from komek.budget.titles import programme_title
from komek.common.errors import DomainError
from komek.common.kato import kato_unit

LANGUAGES = ("kk", "ru", "en")


class Command(BaseCommand):
    help = "Print a year's budget plan (or its forecast) beside this year's execution."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="the year planned, YYYY")
        parser.add_argument(
            "--territory", default=None, help="KATO code of a department (default: all plans)"
        )
        parser.add_argument("--language", default="ru", help="language of the titles: kk, ru or en")
        parser.add_argument("--json", action="store_true", help="print one JSON array")

    def handle(self, *args: Any, **options: Any) -> None:
        text = str(options["year"])
        if not (text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100):
            raise CommandError(f"--year: {text!r} is not a year between 2000 and 2100 (YYYY).", returncode=2)
        language = options["language"]
        if language not in LANGUAGES:
            raise CommandError(f"--language: {language!r} is not one of kk, ru, en.", returncode=2)
        territory = options["territory"]
        if territory is not None:
            try:
                kato_unit(territory, field="territory")
            except DomainError:
                raise CommandError(
                    f"--territory: {territory!r} is not a known KATO code.", returncode=2
                ) from None
        view = plan_view(actor=system("budget-plan"), year=int(text), territory=territory)
        with translation.override(language):
            rows = [
                {
                    "programme": line.programme,
                    "title": programme_title(line.programme),
                    "source": line.source,
                    "amount": line.amount,
                    "recipients": line.recipients,
                    "forecast": line.forecast_amount,
                    "forecast_recipients": line.forecast_recipients,
                    "edited": line.edited,
                    "months": line.months,
                    "spent_this_year": line.spent,
                    "recipients_this_year": line.spent_recipients,
                    "change": line.change,
                    "percent": float(line.percent) if line.percent is not None else None,
                }
                for line in view.lines
            ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            percent = "—" if row["percent"] is None else f"{row['percent']:+.1f}%"
            self.stdout.write(
                f"{row['programme']:<12} {row['source']:<10} {row['amount']:>15} {row['recipients']:>8} "
                f"{row['spent_this_year']:>15} {percent:>8}  {row['title']}"
            )
