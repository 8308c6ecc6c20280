"""``komek demo-payments``: assignments and payrolls for the demo town (Balkhash).

Idempotent: assignments are created once (their basis starts with ``DEMO``), then the previous
month's payrolls are prepared by the demo accountant and approved by the demo head (paid), and the
current month's are prepared and left for approval. Needs ``komek demo-data`` (the demo town's
families) and creates the demo logins if they are missing.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from komek.accounts.models import User
from komek.benefits.banks import banks_load
from komek.benefits.iban import make_iban
from komek.benefits.models import Assignment
from komek.benefits.recalculation import tenge
from komek.benefits.services import assignment_create, assignment_suspend
from komek.payments.models import Overpayment, PayrollStatus
from komek.payments.services import overpayment_record, payroll_approve, payroll_run
from komek.registry.models import Membership

PREFIX = "3516"  # Balkhash town administration
BANKS = (("HSBKKZKX", "601"), ("CASPKZKA", "722"), ("KCJBKZKX", "856"), ("IRTYKZKA", "965"))
MCI_2026 = 4325


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = dt.date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def _previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


class Command(BaseCommand):
    help = (
        "Give the demo town assignments with valid IBANs, a paid previous month and a prepared current one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=300, help="families given an assignment")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("Demo payments are created only with KOMEK_DEMO=1 or KOMEK_DEBUG=1.")
        banks_load()
        if not User.objects.filter(username="demo_accountant").exists():
            call_command("demo_users", stdout=io.StringIO())
        users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
        caseworker, accountant, head = (
            users["demo_caseworker"], users["demo_accountant"], users["demo_department_head"]
        )  # fmt: skip
        month = timezone.localdate().replace(day=1)
        previous = _previous_month(month)
        start, end = _quarter(previous)[0], _quarter(month)[1]
        created = 0
        if not Assignment.objects.filter(basis__startswith="DEMO", kato_code__startswith=PREFIX).exists():
            created = self._assign(caseworker, options["families"], start, end, previous, month)
        for day, approve in ((previous, True), (month, False)):
            for payroll in payroll_run(actor=accountant, month=day):
                if approve and payroll.status == PayrollStatus.PREPARED:
                    payroll_approve(actor=head, payroll_id=payroll.pk)
        total = Assignment.objects.filter(basis__startswith="DEMO", kato_code__startswith=PREFIX).count()
        self.stdout.write(
            f"Balkhash: {total} demo assignments ({created} new); payrolls of {previous:%Y-%m} approved, "
            f"{month:%Y-%m} prepared for approval."
        )

    def _assign(
        self, caseworker: User, count: int, start: dt.date, end: dt.date, previous: dt.date, month: dt.date
    ) -> int:
        heads = list(
            Membership.objects.filter(
                relation="head",
                valid_to__isnull=True,
                family__kato__code__startswith=PREFIX,
                person__death_date__isnull=True,
            )
            .order_by("family_id")
            .values_list("family_id", "person_id")[:count]
        )
        if not heads:
            raise CommandError("The demo town has no families: run `komek demo-data` first.")
        made: list[Assignment] = []
        for n, (family_id, person_id) in enumerate(heads):
            bic, code = BANKS[n % len(BANKS)]
            common: dict[str, Any] = {
                "actor": caseworker, "family_id": family_id, "person_id": None, "recipient_id": person_id,
                "period_start": start, "period_end": end, "bank_bic": bic,
                "iban": make_iban(code, f"{family_id:013d}"), "basis": f"DEMO-{n + 1:04d}",
            }  # fmt: skip
            if n % 6 == 5:  # a local benefit in MCI: outpatient tuberculosis treatment, 10 MCI
                made.append(
                    assignment_create(
                        programme="balkhash.tb_outpatient", kind="regular",
                        monthly_amount=tenge(Decimal(10) * MCI_2026), amount_mci=Decimal(10),
                        budget_source="local", **common,
                    )
                )  # fmt: skip
                continue
            conditional = n % 4 == 1
            made.append(
                assignment_create(
                    programme="tsa", kind="tsa_conditional" if conditional else "tsa_unconditional",
                    monthly_amount=8000 + (family_id * 37) % 40 * 500, budget_source="republican",
                    social_contract_ref=f"SC-{start:%Y}-{n + 1:04d}" if conditional else "", **common,
                )
            )  # fmt: skip
        # A little of everything the pages show: a suspension from this month, an overpayment.
        for a in made[3:5]:
            assignment_suspend(
                actor=caseworker, assignment_id=a.pk, date_from=month, date_to=None,
                reason="documents_pending", note="demo",
            )  # fmt: skip
        if not Overpayment.objects.filter(assignment=made[0]).exists():
            overpayment_record(
                actor=caseworker, assignment_id=made[0].pk, amount=3000, reason="income_hidden",
                detected_on=previous, note="demo",
            )  # fmt: skip
        return len(made)
