"""``komek iin IIN [IIN ...]``: check IINs, one JSON object per line.

Contract (other tools parse it): ``{"iin", "valid", "birth_date", "sex", "error"}`` per argument, in
order; ``error`` is a stable English sentence or null. The exit code is 0 once every argument has
been checked (invalid numbers are data, not failures) and 2 on a usage error.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from komek.registry.iin import InvalidIIN, parse_iin


def iin_report(value: str) -> dict[str, Any]:
    try:
        info = parse_iin(value)
    except InvalidIIN as exc:
        with translation.override("en"):
            reason = str(exc.message)
        return {"iin": value, "valid": False, "birth_date": None, "sex": None, "error": reason}
    return {
        "iin": value,
        "valid": True,
        "birth_date": info.birth_date.isoformat(),
        "sex": info.sex,
        "error": None,
    }


class Command(BaseCommand):
    help = "Validate IINs and print one JSON object per line."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("iins", nargs="+", metavar="IIN")

    def handle(self, *args: Any, **options: Any) -> None:
        for value in options["iins"]:
            self.stdout.write(json.dumps(iin_report(value), ensure_ascii=False))
