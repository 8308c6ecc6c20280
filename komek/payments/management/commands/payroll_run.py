"""``komek payroll run --month YYYY-MM [--programme CODE]``: prepare a month's payrolls.

Safe to repeat and to interrupt: a re-run finishes what a crash left and adds nothing twice.
Without ``--user`` the run acts as the system (a scheduled job), audited as ``system:payroll-run``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.common.errors import DomainError
from komek.payments.management.commands._options import acting_user, parse_month
from komek.payments.services import payroll_run


class Command(BaseCommand):
    help = "Prepare the payrolls of a month: one per programme and department, totals per budget source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--programme", help="only this programme code")
        parser.add_argument("--territory", help="only this department's KATO code")
        parser.add_argument("--user", help="the accountant preparing it (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        month = parse_month(options["month"])
        try:
            payrolls = payroll_run(
                actor=acting_user(options["user"], job="payroll-run"), month=month,
                programme=options["programme"], territory=options["territory"],
            )  # fmt: skip
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for p in payrolls:
            sources = ", ".join(f"{source} {amount}" for source, amount in p.totals_by_source())
            self.stdout.write(
                f"{p}: {p.status}, {p.line_count} lines, {p.total_amount} tenge"
                + (f" ({sources})" if sources else "")
            )
        if not payrolls:
            self.stdout.write(f"{month:%Y-%m}: nothing payable")
