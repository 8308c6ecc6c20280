"""``komek rules list | calculate | test``: the rules engine from the command line.

``list`` and ``calculate`` read the legislation as shipped and need no database (the ``komek``
entry point even runs them without Django, see ``komek.rules.command``); with ``--database`` they
add the parameter values and council decisions entered by administrators. A malformed situation
or a rule that cannot be applied is one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from komek.rules.command import Failed, calculated, list_text, listing, read_situation
from komek.rules.errors import RulesError
from komek.rules.programmes import LANGUAGES


class Command(BaseCommand):
    help = "List the programmes, calculate one situation, or run legislation examples."
    requires_system_checks: list[str] = []  # list and calculate need no database

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing_parser = sub.add_parser(
            "list", help="every programme version: code, title, legal basis, validity"
        )
        listing_parser.add_argument("--json", action="store_true", help="one JSON array")
        listing_parser.add_argument("--language", choices=LANGUAGES, default="en")
        listing_parser.add_argument(
            "--database", action="store_true", help="with the council decisions entered"
        )
        calculate = sub.add_parser("calculate", help="one situation (JSON) calculated and explained")
        calculate.add_argument("--situation", required=True, help="a JSON file, or - for stdin")
        calculate.add_argument("--language", choices=LANGUAGES, default="en")
        calculate.add_argument("--database", action="store_true", help="with the records entered")
        test = sub.add_parser("test", help="run YAML legislation examples; exit 1 when one fails")
        test.add_argument("paths", nargs="+", help="YAML files or directories")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "list":
                rows = listing(self._engine(options["database"]), options["language"])
                self.stdout.write(
                    json.dumps(rows, ensure_ascii=False, indent=2) if options["json"] else list_text(rows)
                )
            elif options["action"] == "calculate":
                doc = read_situation(options["situation"], sys.stdin)
                result = calculated(self._engine(options["database"]), doc, options["language"])
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                self._test(options["paths"])
        except (Failed, RulesError) as exc:
            self._fail(str(exc), getattr(exc, "status", 2))
        except DatabaseError as exc:
            self._fail(
                f"--database: the database cannot be read ({exc.__class__.__name__}); is it migrated?", 2
            )

    def _fail(self, message: str, status: int) -> None:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
        raise SystemExit(status)

    def _engine(self, database: bool) -> Any:
        from komek.legislation import loader

        return loader.application_engine() if database else loader.shipped_engine()

    def _test(self, paths: list[str]) -> None:
        from komek.rules.legislation import run_paths

        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise Failed(f"No such file or directory: {missing[0]}")
        report = run_paths([Path(p) for p in paths])
        for line in report.lines():
            self.stdout.write(line)
        if report.failed or report.errors:
            raise SystemExit(1)
