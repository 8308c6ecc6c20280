"""The options the budget commands share: ``--year``, ``--territory``, ``--language``, ``--json``,
checked alike (a bad value: one line on stderr naming the option, exit 2)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from komek.common.errors import DomainError
from komek.common.kato import kato_unit

LANGUAGES = ("kk", "ru", "en")


def add_year_options(parser: CommandParser, *, year: str, territory: str) -> None:
    parser.add_argument("--year", required=True, help=year)
    parser.add_argument("--territory", default=None, help=territory)
    parser.add_argument("--language", default="ru", help="language of the titles: kk, ru or en")
    parser.add_argument("--json", action="store_true", help="print one JSON array")


def year_options(options: dict[str, Any]) -> tuple[int, str | None, str]:
    """(year, territory or None, language) of the command line, or a CommandError naming the option."""
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
    return int(text), territory, language
