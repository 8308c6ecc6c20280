"""``komek payroll run --month YYYY-MM [--programme CODE]``: prepare a month's payrolls.

Safe to repeat and to interrupt: a re-run finishes what a crash left and adds nothing twice.
Without ``--user`` the run acts as the system (a scheduled job), audited as ``system:payroll-run``.
In the foreground a progress bar (rich, on stderr when it is a terminal) follows the chunks; with
``--background`` the run is queued as a job for the worker instead, and its page is printed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.common.errors import DomainError
from komek.jobs.progressbar import foreground_progress
from komek.jobs.services import job_enqueue
from komek.payments.management.commands._options import acting_user, parse_month
from komek.payments.services import payroll_run


class Command(BaseCommand):
    help = "Prepare the payrolls of a month: one per programme and department, totals per budget source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--programme", help="only this programme code")
        parser.add_argument("--territory", help="only this department's KATO code")
        parser.add_argument("--user", help="the accountant preparing it (default: the system)")
        parser.add_argument(
            "--background", action="store_true", help="queue it as a background job and print its page"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        month = parse_month(options["month"])
        actor = acting_user(options["user"], job="payroll-run")
        try:
            if options["background"]:
                job = job_enqueue(
                    actor=actor, kind="payroll.run", territory=options["territory"] or "",
                    parameters={"month": f"{month:%Y-%m}", "programme": options["programme"],
                                "territory": options["territory"]},
                )  # fmt: skip
                self.stdout.write(f"job {job.pk} queued: /jobs/{job.pk}/")
                return
            with foreground_progress(f"payroll {month:%Y-%m}") as on_chunk:
                payrolls = payroll_run(
                    actor=actor, month=month, programme=options["programme"],
                    territory=options["territory"], on_chunk=on_chunk,
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
