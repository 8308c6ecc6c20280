"""Social contracts of conditional TSA: the family's activation plan, its obligations, sanctions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.employment.choices import ContractStatus, MeasureKind, ObligationStatus
from komek.registry.fields import PersonAddress


class SocialContract(models.Model):
    family = models.ForeignKey("registry.Family", on_delete=models.PROTECT, related_name="+")
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, db_column="kato_code", related_name="+"
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    signed_on = models.DateField(_("signed on"))
    valid_to = models.DateField(_("valid to"))
    # The conditional TSA assignment of komek.benefits that this contract conditions (by id: the
    # employment centre calls benefits only through its contract, see komek.employment.services.tsa).
    assignment_id = models.PositiveIntegerField(_("TSA assignment"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ContractStatus.choices, default="active")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("social contract")
        verbose_name_plural = _("social contracts")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("signed_on")), name="contract_period_order"),
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="active"), name="contract_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"


class ActivationItem(models.Model):
    """One obligation of the plan: which member takes which measure by when."""

    contract = models.ForeignKey(SocialContract, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    measure = models.CharField(_("measure"), max_length=16, choices=[*MeasureKind.choices, ("job", _("Job"))])
    due_by = models.DateField(_("by"))
    status = models.CharField(_("status"), max_length=10, choices=ObligationStatus.choices, default="planned")
    participation = models.ForeignKey(
        "employment.Participation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("obligation")
        ordering = ["due_by", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.measure} by {self.due_by}"


class Sanction(models.Model):
    """A member refused the offered measures: TSA ends for the whole family for the months the
    legislation gives (``social_contract_sanction_months``, ``services.contracts.sanction_period``)."""

    contract = models.OneToOneField(SocialContract, on_delete=models.PROTECT, related_name="sanction")
    item = models.ForeignKey(ActivationItem, on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    assignment_suspended = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sanction")

    def __str__(self) -> str:
        return f"{self.contract_id} {self.date_from}–{self.date_to}"
