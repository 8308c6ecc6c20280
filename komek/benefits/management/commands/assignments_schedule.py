"""``komek assignments schedule --programme CODE --from YYYY-MM-DD --to YYYY-MM-DD [--region KATO]
[--amount N] --json``: the payments an assignment of that programme over that period would get.

One JSON array of ``{"month": "YYYY-MM", "amount": <int tenge>}``, computed by the payroll's own
schedule (``komek.rules.schedule``): the months the programme's periodicity pays, each at the
amount of the programme's rule with the parameters of its payment date (or ``--amount``). Bad
input: one line on stderr naming the option, exit 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from komek.legislation.loader import application_engine
from komek.rules.errors import RulesError
from komek.rules.schedule import FamilyDependent, rule_amount, schedule, version_on


class UsageError(Exception):
    pass


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: '{text}' is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "The payments an assignment of a programme over a period would get (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="the programme's code")
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--region", default=None, help="KATO code of the beneficiary's address")
        parser.add_argument("--amount", type=int, default=None, help="a decided amount in tenge")
        parser.add_argument("--json", action="store_true", help="print one JSON array (the only format)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            payments = self._payments(options)
        except UsageError as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(2)
        self.stdout.write(json.dumps([p.as_dict() for p in payments], ensure_ascii=False))

    def _payments(self, options: dict[str, Any]) -> list[Any]:
        start = _date(options["date_from"], "--from")
        end = _date(options["date_to"], "--to")
        if end < start:
            raise UsageError("--to: the end of the period is before its start (--from).")
        code = str(options["programme"]).strip()
        engine = application_engine()
        versions = [p for p in engine.programmes if p.code == code]
        if not versions:
            raise UsageError(f"--programme: unknown programme '{code}'.")
        region = options["region"]
        if region is not None and not (region.isdigit() and 2 <= len(region) <= 9):
            raise UsageError(f"--region: '{region}' is not a KATO code (digits).")
        if region is None:
            # The programme's own territory: a national programme is national, a council's its own.
            dated = [p for p in versions if p.in_force(start)]
            region = (dated or versions)[0].jurisdiction
        try:
            version = version_on(engine, code, start, region)
        except RulesError:
            option = "--region" if options["region"] is not None else "--from"
            raise UsageError(
                f"{option}: programme '{code}' is not in force in {region or 'the country'} on {start}."
            ) from None
        amount = options["amount"]
        if amount is not None:
            if amount <= 0:
                raise UsageError("--amount: the amount is a positive whole number of tenge.")
            return schedule(version.periodicity, start, end, lambda _month: amount)
        try:
            return schedule(version.periodicity, start, end, lambda m: rule_amount(engine, code, m, region))
        except FamilyDependent:
            raise UsageError(
                f"--amount: the amount of programme '{code}' depends on the family; give --amount N."
            ) from None
        except RulesError as exc:
            raise UsageError(f"--to: {exc}") from None
