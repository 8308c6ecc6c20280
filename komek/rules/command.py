"""``komek rules list`` and ``komek rules calculate`` without Django: the engine as shipped.

The ``komek`` entry point runs these directly when ``--database`` is not given, so that one
calculation as a process takes Python, Polars and the YAML, and not the web application's start-up
(``komek.cli``). The Django command ``rules`` calls the same functions with the engine of the
database. A malformed situation or a rule that cannot be applied is one line on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.programmes import LANGUAGES

USAGE_ERROR = 2


class Failed(Exception):
    """A refusal with the sentence to print and the exit status."""

    def __init__(self, message: str, status: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.status = status


def listing(engine: Engine, language: str = "en") -> list[dict[str, Any]]:
    return [
        p.listing(language)
        for p in sorted(engine.programmes, key=lambda p: (p.code, p.valid_from, p.jurisdiction))
    ]


def list_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        period = f"{row['valid_from']} – {row['valid_to'] or '…'}"
        lines.append(f"{row['code']:<36} {period:<25} {row['periodicity']:<9} {row['title']}")
    return "\n".join(lines)


def read_situation(source: str, stdin: IO[str]) -> Any:
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise Failed(f"situation: cannot read {source}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Failed(
            f"situation: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None


def calculated(engine: Engine, doc: Any, language: str = "en") -> dict[str, Any]:
    from komek.rules.explain import calculate
    from komek.rules.situation import parse_situation

    try:
        return calculate(engine, parse_situation(doc), language)
    except RulesError as exc:
        raise Failed(str(exc)) from None


def main(argv: list[str], engine: Callable[[], Engine] = Engine.load) -> int:
    """``rules list [--json] [--language L]`` or ``rules calculate --situation FILE|- [--language L]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="komek rules")
    sub = parser.add_subparsers(dest="action", required=True)
    listing_parser = sub.add_parser("list")
    listing_parser.add_argument("--json", action="store_true")
    listing_parser.add_argument("--language", choices=LANGUAGES, default="en")
    calculate_parser = sub.add_parser("calculate")
    calculate_parser.add_argument("--situation", required=True)
    calculate_parser.add_argument("--language", choices=LANGUAGES, default="en")
    args = parser.parse_args(argv)
    try:
        if args.action == "list":
            rows = listing(engine(), args.language)
            sys.stdout.write(
                (json.dumps(rows, ensure_ascii=False, indent=2) if args.json else list_text(rows)) + "\n"
            )
        else:
            doc = read_situation(args.situation, sys.stdin)
            result = calculated(engine(), doc, args.language)
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    except Failed as exc:
        sys.stderr.write(f"{exc}\n")
        return exc.status
    except RulesError as exc:
        sys.stderr.write(f"{exc}\n")
        return USAGE_ERROR
    return 0
