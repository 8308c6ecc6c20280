"""Payrolls, their payment lines, bank return files and the overpayment ledger.

A payroll is one month of one programme for one department's territory. Its lines are generated
set-based from the assignments; each line carries its parts per budget source (republican,
regional, local), split by the assignment's shares, which sum to its amount, and the payroll's
totals per source are the sums of those parts. Whatever happens to a run (re-run, crash, two
processes at once), the database's unique constraints keep one regular line per assignment and
month: nobody is paid twice for a month, and a re-run adds only what is missing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from komek.benefits.choices import BudgetSource
from komek.payments.choices import LineKind, LineStatus, OverpaymentReason, PayrollStatus


class Payroll(models.Model):
    month = models.DateField(_("month"))
    programme = models.CharField(_("programme"), max_length=80)
    # Empty since payment lines carry their parts per source (one payroll per programme and
    # department). A payroll prepared before keeps the one source it was made for; its lines are
    # wholly of that source (``payments`` migration 0002).
    budget_source = models.CharField(_("budget source"), max_length=12, blank=True, default="")
    territory = models.CharField(_("department (KATO)"), max_length=9)
    prefix = models.CharField(_("KATO prefix"), max_length=9)
    status = models.CharField(
        _("status"), max_length=12, choices=PayrollStatus.choices, default=PayrollStatus.PREPARING
    )
    stage = models.CharField(_("last stage done"), max_length=20, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    total_amount = models.BigIntegerField(_("total, tenge"), default=0)
    total_republican = models.BigIntegerField(_("republican budget, tenge"), default=0)
    total_regional = models.BigIntegerField(_("regional budget, tenge"), default=0)
    total_local = models.BigIntegerField(_("local budget, tenge"), default=0)
    # Recipients and tenge per address of the assignments paid, ``{KATO: [recipients, tenge]}``,
    # counted with the totals when the payroll is prepared (its lines never change after that but
    # to returned): the start pages' recipients by district read these instead of the lines.
    by_address = models.JSONField(
        _("recipients and amount by address"), default=dict, db_default={}, blank=True
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payroll")
        verbose_name_plural = _("payrolls")
        ordering = ["-month", "programme", "budget_source", "territory"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "programme", "budget_source", "territory"], name="payroll_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="payroll_maker_checker",
            ),
            models.CheckConstraint(
                condition=Exact(
                    F("total_republican") + F("total_regional") + F("total_local"), F("total_amount")
                ),
                name="payroll_totals_by_source",
            ),
        ]

    def __str__(self) -> str:
        source = f" {self.budget_source}" if self.budget_source else ""
        return f"{self.month:%Y-%m} {self.programme}{source} {self.territory}"

    def totals_by_source(self) -> list[tuple[str, int]]:
        """(source's name, tenge) of the sources with a part in the payroll."""
        totals = zip(
            BudgetSource.labels, (self.total_republican, self.total_regional, self.total_local), strict=True
        )
        return [(str(label), amount) for label, amount in totals if amount]


class PaymentLine(models.Model):
    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="lines", db_index=False)
    # No index of its own: ``payment_line_once`` begins with it and serves every read by assignment.
    # On PostgreSQL no foreign key of its own either: the key on (assignment, territory) below proves
    # the assignment exists (ADR 0064); SQLite keeps this one.
    assignment = models.ForeignKey(
        "benefits.Assignment", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The assignment's address (its ``kato_code``, fixed when assigned), copied by every stage that
    # writes lines: the key the table is partitioned on by region on PostgreSQL (ADR 0057), where a
    # foreign key on (assignment, territory) holds it equal to the assignment's.
    territory = models.CharField(_("KATO"), max_length=9)
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    month = models.DateField(_("payroll month"))
    for_month = models.DateField(_("for month"))
    amount = models.BigIntegerField(_("amount, tenge"))
    # The amount's parts per budget source, by the assignment's shares (``generation.parts``).
    republican = models.BigIntegerField(_("republican budget, tenge"))
    regional = models.BigIntegerField(_("regional budget, tenge"))
    local = models.BigIntegerField(_("local budget, tenge"))
    bank = models.ForeignKey("benefits.Bank", on_delete=models.PROTECT, related_name="+", db_index=False)
    iban = models.CharField(_("IBAN"), max_length=34)
    status = models.CharField(
        _("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    return_reason = models.CharField(_("return reason"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        indexes = [
            models.Index(fields=["payroll", "bank"], name="payments_line_payroll_bank"),
            # The few returned lines, which the repayment stage reads every run (``repayments``).
            models.Index(
                fields=["assignment", "month"], condition=Q(status="returned"), name="payments_line_returned"
            ),
        ]
        # On PostgreSQL the three unique constraints below carry ``territory`` as well (the partition
        # key must be in them); as it is a function of the assignment they hold the same (ADR 0057).
        constraints = [
            # The guarantee behind re-runs and crashes: one line of a kind per assignment, paid month
            # and payroll month, and one regular payment per assignment and month, whatever the payroll.
            models.UniqueConstraint(
                fields=["assignment", "kind", "for_month", "month"], name="payment_line_once"
            ),
            models.UniqueConstraint(
                fields=["assignment", "for_month"], condition=Q(kind="regular"), name="payment_regular_once"
            ),
            models.CheckConstraint(
                condition=Exact(F("republican") + F("regional") + F("local"), F("amount")),
                name="payment_line_parts_sum",
            ),
            # A returned payment (its payroll month in ``for_month``) is paid again once, in any payroll.
            models.UniqueConstraint(
                fields=["assignment", "for_month"],
                condition=Q(kind="repayment"),
                name="payment_repayment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.for_month:%Y-%m} {self.amount}"


class Overpayment(models.Model):
    """Money paid that was not due; recovered by deduction from later payments (recovery lines)."""

    assignment = models.ForeignKey("benefits.Assignment", on_delete=models.PROTECT, related_name="+")
    territory = models.CharField(_("KATO"), max_length=9, editable=False)  # the assignment's (ADR 0068)
    amount = models.PositiveIntegerField(_("amount, tenge"))
    reason = models.CharField(_("reason"), max_length=20, choices=OverpaymentReason.choices)
    detected_on = models.DateField(_("detected on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # None: booked by the system (a recalculation run as ``system:...``); the audit log names it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overpayment")
        verbose_name_plural = _("overpayments")
        ordering = ["-detected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.reason})"


class ReturnFile(models.Model):
    """A bank's return file, imported once: which payments came back and why."""

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="return_files")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    payments = models.PositiveIntegerField(_("payments returned"))
    amount = models.BigIntegerField(_("amount returned, tenge"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["payroll", "sha256"], name="return_file_once")]

    def __str__(self) -> str:
        return self.file_name
