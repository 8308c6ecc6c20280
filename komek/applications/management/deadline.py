"""``komek deadline --from YYYY-MM-DD --working-days N``: the due date, and nothing else.

Runs without Django (the calendar needs no database). Bad input is one line on stderr and exit
code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import NoReturn

from komek.common.workdays import CalendarError, add_working_days


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"komek deadline: {message}\n")
        sys.exit(2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.date.fromisoformat("invalid")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of working days")
    return int(text)


def main(argv: list[str]) -> int:
    parser = _Parser(
        prog="komek deadline",
        description="The due date: the N-th working day after a date, on Kazakhstan's calendar.",
    )
    parser.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--working-days", dest="n", type=_count, required=True, metavar="N")
    args = parser.parse_args(argv)
    try:
        due = add_working_days(args.start, args.n)
    except CalendarError as exc:
        parser.error(str(exc))
    sys.stdout.write(f"{due.isoformat()}\n")
    return 0
