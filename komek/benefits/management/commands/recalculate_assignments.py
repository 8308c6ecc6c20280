"""``komek assignments recalculate --from YYYY-MM-DD --user NAME [--parameter mci|subsistence_minimum]``:
follow a new value of the MCI (the default) or of the subsistence minimum.

Gives every open assignment in the user's territory whose amount is a multiple of the parameter its
new amount from the first month on or after the date; months already paid are settled as arrears by
the next payroll.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.accounts.models import User
from komek.benefits.services import assignments_recalculate
from komek.common.errors import DomainError


class Command(BaseCommand):
    help = "Recalculate the assignments in MCI (or subsistence minimums) after a change of its value."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="valid_from", required=True, help="YYYY-MM-DD, the new value's date"
        )
        parser.add_argument(
            "--user", required=True, help="the staff member recalculating (ASSIGNMENT_MANAGE)"
        )
        parser.add_argument(
            "--parameter", default="mci", choices=["mci", "subsistence_minimum"],
            help="the parameter whose value changed (default: mci)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            valid_from = dt.date.fromisoformat(options["valid_from"])
        except ValueError:
            raise CommandError("--from takes YYYY-MM-DD") from None
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        try:
            result = assignments_recalculate(
                actor=user, valid_from=valid_from, parameter=options["parameter"]
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        value = result.value.normalize()
        self.stdout.write(
            f"{result.parameter} = {value} from {result.month}: {result.changed} assignments recalculated"
        )
