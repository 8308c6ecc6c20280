"""Budget allocations and their amendments.

An allocation is the money a budget programme has for a year from one source (republican,
regional, local) in one department's territory, with the recipients it is planned for. The
accountant enters it as a draft; another person, the head, approves it (maker-checker); only an
approved allocation counts. Every later change of its amount is an amendment, dated, with the
decision that made it; the amount in force on a date is the approved amount plus the amendments
dated on or before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.budget.choices import AllocationStatus, BudgetSource


class Allocation(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    programme = models.CharField(_("budget programme"), max_length=16)
    source = models.CharField(_("source"), max_length=12, choices=BudgetSource.choices)
    territory = models.CharField(_("department (KATO)"), max_length=9)
    prefix = models.CharField(_("KATO prefix"), max_length=9)
    amount = models.BigIntegerField(_("approved amount, tenge"))
    planned_recipients = models.PositiveIntegerField(_("planned recipients"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-year", "territory", "programme", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "programme", "source", "territory"], name="allocation_once_per_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(source__in=BudgetSource.values), name="allocation_source_known"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                name="allocation_maker_checker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.programme} {self.source} {self.territory}"


class Amendment(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="amendments")
    date = models.DateField(_("date"))
    delta = models.BigIntegerField(_("change, tenge"))
    amount_after = models.BigIntegerField(_("amount after, tenge"))
    decision = models.CharField(_("decision"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_after__gte=0), name="amendment_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.delta:+d} ({self.decision})"


class Plan(models.Model):
    """Next year's plan of a department: rows made from the rules engine's forecast by a service,
    edited by the accountant, approved by another person (the head), as allocations are."""

    year = models.PositiveSmallIntegerField(_("year"))
    territory = models.CharField(_("department (KATO)"), max_length=9)
    prefix = models.CharField(_("KATO prefix"), max_length=9)
    status = models.CharField(
        _("status"), max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT
    )
    forecast_at = models.DateTimeField(_("forecast made"))
    registry_on = models.DateField(_("registry read on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        ordering = ["-year", "territory"]
        constraints = [
            models.UniqueConstraint(fields=["year", "territory"], name="plan_once_per_year"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                name="plan_maker_checker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.territory}"


class PlanRow(models.Model):
    """A budget programme and source of a plan: the forecast (per month in ``months``) and the
    planned money and recipients, equal to the forecast until the accountant edits them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    programme = models.CharField(_("budget programme"), max_length=16)
    source = models.CharField(_("source"), max_length=12, choices=BudgetSource.choices)
    forecast_amount = models.BigIntegerField(_("forecast, tenge"), default=0)
    forecast_recipients = models.PositiveIntegerField(_("forecast recipients"), default=0)
    # {"1": [money, recipients], ...}: the forecast of each month
    months = models.JSONField(_("forecast by month"), default=dict)
    amount = models.BigIntegerField(_("planned amount, tenge"))
    recipients = models.PositiveIntegerField(_("planned recipients"), default=0)
    edited = models.BooleanField(_("edited by hand"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["plan", "programme", "source"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "programme", "source"], name="plan_row_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="plan_row_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(forecast_amount__gte=0), name="plan_row_forecast_not_negative"
            ),
            models.CheckConstraint(condition=Q(source__in=BudgetSource.values), name="plan_row_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.programme} {self.source}"
