"""Payment lists: one-time payments to categories of persons, made from the registry.

A list is one programme whose legislation says ``category_payment: true``, one payment date (the
event: Victory Day 2020, a public holiday) and one territory (a KATO code). Its rows are the
persons the rules engine selected (or a file named, or a member of staff added), each with the
amount and the account to pay. Excluded rows stay on the list with their reason. Approval by a
second person turns every included row into a one-time assignment of ``komek.benefits``, which the
month's payroll pays once.

Two constraints keep anybody from being paid twice: a person is on a list once, and an approved
row (one with an assignment) exists once per person, programme and event date, whichever list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.category_payments.choices import ListStatus, RowOrigin
from komek.registry.fields import PersonAddress


class PaymentList(models.Model):
    programme = models.CharField(_("programme"), max_length=80)
    event_date = models.DateField(_("payment date"))
    territory = models.CharField(_("territory (KATO)"), max_length=9)
    prefix = models.CharField(_("KATO prefix"), max_length=9)
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    amount_limit = models.PositiveIntegerField(_("programme limit, tenge"))
    budget_source = models.CharField(_("budget source"), max_length=12)
    basis = models.CharField(_("basis"), max_length=400)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment list")
        verbose_name_plural = _("payment lists")
        ordering = ["-event_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="payment_list_maker_checker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.event_date:%d.%m.%Y} {self.territory}"


class PaymentListRow(models.Model):
    payment_list = models.ForeignKey(PaymentList, on_delete=models.CASCADE, related_name="rows")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    # Copied from the list so that the database can refuse a second payment for the same event.
    programme = models.CharField(_("programme"), max_length=80)
    event_date = models.DateField(_("payment date"))
    kato_code = models.CharField(_("KATO"), max_length=9)
    amount = models.PositiveIntegerField(_("amount, tenge"))
    rule_amount = models.PositiveIntegerField(_("amount by the rule, tenge"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=RowOrigin.choices)
    included = models.BooleanField(_("included"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    bank = models.ForeignKey(
        "benefits.Bank", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    assignment = models.OneToOneField(
        "benefits.Assignment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment list row")
        verbose_name_plural = _("payment list rows")
        ordering = ["payment_list", "id"]
        constraints = [
            models.UniqueConstraint(fields=["payment_list", "person"], name="payment_list_person_once"),
            models.UniqueConstraint(
                fields=["programme", "event_date", "person"],
                condition=Q(assignment__isnull=False),
                name="category_payment_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(included=True) | ~Q(reason=""), name="payment_list_exclusion_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_list_id}: {self.person_id} {self.amount}"
