"""``komek simulate --reform FILE.yaml [--region KATO] [--month YYYY-MM] [--json]``.

Runs the legislation and the reform over the registry of a territory (the whole registry when no
``--region``) for a month and compares recipients and cost by district and programme. The reform
is a YAML file or the name of a shipped one (``poverty_line_50``). Bad input is one line on
stderr and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.utils import timezone, translation

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.legislation import loader
from komek.legislation.selectors import simulation_run
from komek.rules.errors import RulesError
from komek.rules.periods import month_of
from komek.rules.programmes import LANGUAGES
from komek.rules.reform import DATA_DIR, Reform, read_reform
from komek.rules.simulation import KATO_DIGITS


class Command(BaseCommand):
    help = "Compare a reform with the legislation over the registry for a month, by district and programme."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reform", required=True, help="a reform YAML file, or the name of a shipped one"
        )
        parser.add_argument("--region", default="", help="KATO code of the territory (default: all of it)")
        parser.add_argument("--month", default="", help="YYYY-MM (default: this month)")
        parser.add_argument("--districts", type=int, choices=KATO_DIGITS, help="digits of KATO per district")
        parser.add_argument("--language", choices=LANGUAGES, default="en")
        parser.add_argument("--json", action="store_true", help="the comparison as one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        try:
            reform = self._reform(options["reform"])
            month = self._month(options["month"])
            report = simulation_run(
                user=system("simulate"),
                reform=reform,
                month=month,
                kato=options["region"],
                digits=options["districts"],
            )
        except (RulesError, DomainError) as exc:
            self._fail(str(exc))
        except DatabaseError as exc:
            self._fail(f"the registry cannot be read ({exc.__class__.__name__}); is the database migrated?")
        data = report.as_dict(options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._print(data)

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
        raise SystemExit(2)

    def _reform(self, name: str) -> Reform:
        path = Path(name)
        if not path.exists() and (DATA_DIR / f"{name}.yaml").exists():
            path = DATA_DIR / f"{name}.yaml"
        if not path.exists():
            raise RulesError(f"--reform: no such file or shipped reform: {name}")
        return read_reform(path.read_text(encoding="utf-8"), loader.application_engine(), source=path.name)

    def _month(self, text: str) -> dt.date:
        if not text:
            return timezone.localdate().replace(day=1)
        try:
            return month_of(text)
        except ValueError:
            raise RulesError(f"--month: '{text}' is not a month YYYY-MM") from None

    def _print(self, data: dict[str, Any]) -> None:
        self.stdout.write(
            f"{data['reform']['name']} — {data['month']}, {data['region_name'] or 'all regions'}"
        )
        header = f"{'programme':<34} {'recipients':>21} {'ratio':>6} {'cost, tenge':>31}"
        self.stdout.write(header)
        for row in data["programmes"]:
            ratio = f"{row['recipients_ratio']:.2f}" if row["recipients_ratio"] is not None else "–"
            self.stdout.write(
                f"{row['programme']:<34} {row['baseline_recipients']:>10,} → {row['reform_recipients']:<8,} "
                f"{ratio:>6} {row['baseline_cost']:>14,} → {row['reform_cost']:<14,}"
            )
        totals = data["totals"]
        self.stdout.write(f"{'total cost':<63} {totals['baseline_cost']:>14,} → {totals['reform_cost']:<14,}")
