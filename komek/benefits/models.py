"""Assignments (awards) of benefits: who is paid what, for which months, into which account.

An assignment's monthly amount is dated (``AssignmentAmount``): a recalculation when a parameter
changes mid-period closes the current amount and opens a new one, so the payroll of any month reads
the amount valid on that month's first day. Suspensions are dated intervals too; the payroll skips
every month they touch. Applications belong to the state-services app: ``application_id`` is a
plain integer on purpose, so that this app does not depend on theirs.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from komek.benefits.choices import (
    AmountParameter,
    AssignmentKind,
    AssignmentStatus,
    BudgetSource,
    Periodicity,
    SuspensionReason,
    TerminationReason,
)
from komek.common.dated import period_order
from komek.registry.fields import PersonAddress

# A budget share in basis points: 10,000 is the whole payment (``komek.benefits.services.sources``).
SHARE_WHOLE = 10_000


class Bank(models.Model):
    """A second-tier bank of Kazakhstan: its BIC (SWIFT) and the 3-digit bank code inside IBANs."""

    bic = models.CharField(_("BIC"), max_length=11, primary_key=True)
    iban_code = models.CharField(_("IBAN bank code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bank")
        verbose_name_plural = _("banks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iban_code__regex=r"^[0-9A-Z]{3}$"), name="bank_iban_code_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.bic})"


class Assignment(models.Model):
    programme = models.CharField(_("programme"), max_length=80)
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_territory = PersonAddress("person", null=True, blank=True)
    recipient = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    recipient_territory = PersonAddress("recipient")
    # The beneficiary's address when assigned: territory checks and the department's payroll.
    kato_code = models.CharField(_("KATO"), max_length=9, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AssignmentKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    monthly_amount = models.PositiveIntegerField(_("monthly amount, tenge"))
    # The amount in units of ``amount_parameter`` (the column keeps its first name, "amount_mci"):
    # each payment is this multiple times the parameter's value on its date (ADR 0012).
    amount_mci = models.DecimalField(
        _("amount in units of the parameter"), max_digits=10, decimal_places=4, null=True, blank=True,
        help_text=_(
            "When the amount is a multiple of a dated parameter, a change of its value recalculates it."
        ),
    )  # fmt: skip
    amount_parameter = models.CharField(
        _("amount is a multiple of"), max_length=24, choices=AmountParameter.choices, blank=True,
        default="", db_default="",
    )  # fmt: skip
    amount_limit = models.PositiveIntegerField(_("programme limit, tenge"), null=True, blank=True)
    # The programme's payment schedule, from the legislation when assigned: the payroll's SQL reads it.
    periodicity = models.CharField(
        _("payment schedule"), max_length=10, choices=Periodicity.choices, default=Periodicity.MONTH
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # The shares of the programme's budget sources where the beneficiary lives, in basis points,
    # copied from the legislation when assigned (``services.sources``): the payroll's SQL splits each
    # payment line into its parts by them. ``budget_source`` is the source of the largest share.
    budget_source = models.CharField(_("main budget source"), max_length=12, choices=BudgetSource.choices)
    share_republican = models.PositiveSmallIntegerField(_("share of the republican budget, basis points"))
    share_regional = models.PositiveSmallIntegerField(_("share of the regional budget, basis points"))
    share_local = models.PositiveSmallIntegerField(_("share of the local budget, basis points"))
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank"))
    iban = models.CharField(_("IBAN"), max_length=34)
    basis = models.CharField(_("basis"), max_length=200)
    application_id = models.IntegerField(_("application"), null=True, blank=True, db_index=True)
    social_contract_ref = models.CharField(_("social contract"), max_length=60, blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("previous assignment"),
    )  # fmt: skip
    # The previous assignment's address (its ``kato_code``), copied with it: on PostgreSQL the key to
    # the previous assignment names its partition (ADR 0068).
    previous_territory = models.CharField(
        _("address of the previous assignment (KATO)"), max_length=9, null=True, blank=True, editable=False
    )
    terminated_on = models.DateField(_("terminated from"), null=True, blank=True)
    termination_reason = models.CharField(
        _("termination reason"), max_length=24, choices=TerminationReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-period_start", "id"]
        indexes = [
            models.Index(fields=["programme", "period_start"], name="benefits_asg_programme_idx"),
            models.Index(fields=["family", "programme"], name="benefits_asg_family_idx"),
            # Assignments decided since a payroll was prepared (payments: months it missed).
            models.Index(fields=["created_at"], name="benefits_asg_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(family__isnull=False) | Q(person__isnull=False), name="assignment_has_beneficiary"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="assignment_period_order"
            ),
            models.CheckConstraint(
                condition=~Q(kind=AssignmentKind.TSA_CONDITIONAL) | ~Q(social_contract_ref=""),
                name="assignment_conditional_contract",
            ),
            # Every payment line's parts sum to it only when the shares sum to the whole.
            models.CheckConstraint(
                condition=Exact(F("share_republican") + F("share_regional") + F("share_local"), SHARE_WHOLE),
                name="assignment_budget_shares",
            ),
            models.CheckConstraint(
                condition=Q(budget_source=BudgetSource.REPUBLICAN, share_republican__gt=0)
                | Q(budget_source=BudgetSource.REGIONAL, share_regional__gt=0)
                | Q(budget_source=BudgetSource.LOCAL, share_local__gt=0),
                name="assignment_main_source_shared",
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True, previous_territory__isnull=True)
                | Q(previous__isnull=False, previous_territory__isnull=False),
                name="assignment_previous_territory",
            ),
            # A multiple names its parameter, and a parameter its multiple.
            models.CheckConstraint(
                condition=Q(amount_mci__isnull=True, amount_parameter="")
                | (Q(amount_mci__isnull=False) & ~Q(amount_parameter="")),
                name="assignment_amount_parameter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (AssignmentStatus.ACTIVE, AssignmentStatus.SUSPENDED)

    def budget_shares(self) -> list[tuple[str, Decimal]]:
        """The budget sources paying it with their shares in percent, largest first."""
        shares = {
            BudgetSource.REPUBLICAN: self.share_republican, BudgetSource.REGIONAL: self.share_regional,
            BudgetSource.LOCAL: self.share_local,
        }  # fmt: skip
        return [
            (str(source.label), Decimal(share) * 100 / SHARE_WHOLE)
            for source, share in sorted(shares.items(), key=lambda item: -item[1])
            if share
        ]


class AssignmentAmount(models.Model):
    """The monthly amount of an assignment from a date (a recalculation adds a row)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="amounts")
    # The assignment's address (its ``kato_code``): on PostgreSQL the key to the assignment names its
    # partition (ADR 0068).
    territory = models.CharField(_("KATO"), max_length=9, editable=False)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    monthly_amount = models.PositiveIntegerField(_("monthly amount, tenge"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # Set by a recalculation: the payroll looks for arrears only behind these rows.
    recalculated = models.BooleanField(default=False)

    class Meta:
        ordering = ["assignment", "valid_from"]
        indexes = [
            models.Index(
                fields=["assignment", "valid_from"],
                condition=Q(recalculated=True),
                name="benefits_amount_recalc",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "valid_from"], name="assignment_amount_once"),
            period_order("assignment_amount_order"),
        ]

    def __str__(self) -> str:
        return f"{self.monthly_amount} from {self.valid_from}"


class Suspension(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="suspensions")
    territory = models.CharField(_("KATO"), max_length=9, editable=False)  # the assignment's (ADR 0068)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=24, choices=SuspensionReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "date_from"]
        constraints = [
            period_order("suspension_order", start="date_from", end="date_to"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} from {self.date_from}"
