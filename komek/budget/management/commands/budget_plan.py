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

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from komek.accounts.policy import system
from komek.budget.management.options import add_year_options, year_options
from komek.budget.selectors.plan import plan_view
from komek.budget.titles import programme_title


class Command(BaseCommand):
    help = "Print a year's budget plan (or its forecast) beside this year's execution."

    def add_arguments(self, parser: CommandParser) -> None:
        add_year_options(
            parser, year="the year planned, YYYY", territory="KATO code of a department (default: all plans)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year, territory, language = year_options(options)
        view = plan_view(actor=system("budget-plan"), year=year, territory=territory)
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
