"""``komek budget execution --year YYYY [--territory KATO] --json``: the execution of a year as one
JSON array of ``{"programme", "title", "source", "allocated", "committed", "spent", "percent"}``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from komek.accounts.policy import system
from komek.budget.management.options import add_year_options, year_options
from komek.budget.selectors import budget_execution
from komek.budget.titles import money, programme_title, thing_title


class Command(BaseCommand):
    help = (
        "Print a year's budget execution: allocated, committed, spent and % per budget programme and source."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_year_options(parser, year="the year, YYYY", territory="KATO code of a department (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        year, territory, language = year_options(options)
        # An operator of the installation at the command line: the whole country, as the other reports.
        execution = budget_execution(actor=system("budget-execution"), year=year, territory=territory)
        with translation.override(language):
            rows = [
                {
                    "programme": r.programme,
                    "title": programme_title(r.programme),
                    "source": r.source,
                    "allocated": r.allocated,
                    "committed": r.committed,
                    "spent": r.spent,
                    "percent": float(r.percent) if r.percent is not None else None,
                }
                for r in execution.by_programme()
            ]
            # Spending no budget programme pays is not dropped silently: each is named on stderr.
            for u in execution.unlinked:
                self.stderr.write(
                    _(
                        "Spending with no budget programme: %(thing)s in %(territory)s, %(amount)s; add its "
                        "link to the budget reference."
                    )
                    % {
                        "thing": thing_title(u.thing, u.code, execution.year),
                        "territory": u.territory,
                        "amount": money(u.amount),
                    }
                )
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            percent = "—" if row["percent"] is None else f"{row['percent']:.1f}%"
            self.stdout.write(
                f"{row['programme']:<12} {row['source']:<10} {row['allocated']:>15} {row['committed']:>15} "
                f"{row['spent']:>15} {percent:>7}  {row['title']}"
            )
