"""``komek payroll export --month YYYY-MM --format csv|pain001``: the bank registries of a month.

Writes one file per approved payroll and bank into ``--output`` (default: the current directory);
``--validate`` checks each pain.001 file against the shipped XSD.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.common.errors import DomainError
from komek.payments import registries
from komek.payments.management.commands._options import acting_user, parse_month
from komek.payments.selectors import payrolls_approved
from komek.payments.services.export import FORMATS, payroll_export


class Command(BaseCommand):
    help = "Write the bank payment registries of a month's approved payrolls."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--programme", help="only this programme code")
        parser.add_argument("--output", default=".", help="directory for the files")
        parser.add_argument("--validate", action="store_true", help="validate pain.001 against the XSD")
        parser.add_argument("--user", help="the staff member exporting (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        month = parse_month(options["month"])
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        actor = acting_user(options["user"], job="payroll-export")
        try:
            payrolls = payrolls_approved(user=actor, month=month, programme=options["programme"])
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        written = 0
        for payroll in payrolls:
            for bic in registries.banks_of(payroll):
                try:
                    name, chunks = payroll_export(
                        actor=actor, payroll_id=payroll.pk, bic=bic, fmt=options["format"]
                    )
                except DomainError as exc:
                    raise CommandError(str(exc)) from None
                path = out / name
                with path.open("w", encoding="utf-8") as handle:
                    for chunk in chunks:
                        handle.write(chunk)
                if options["validate"] and options["format"] == "pain001":
                    count = registries.validate_file(path)
                    self.stdout.write(f"{path}: valid pain.001.001.03, {count} payments")
                else:
                    self.stdout.write(str(path))
                written += 1
        if not written:
            raise CommandError(f"no approved payroll for {month:%Y-%m}")
