"""The second direction of the Enbek programme as the microfinance organisations decide it: the
organisations, the centre's referrals of persons to them and their decisions on each project.

"На микрокредитование предусмотрено (с учетом переходящих средств) – 2 002,6 млн. тенге,
гарантирование микрокредитов – 101,3 млн. Профинансировано 154 проекта на 2 032,3 млн. тенге,
одобрено 3 проекта на 41 млн. тенге, по гарантированию одобрен 21 проект на 125,8 млн. тенге. ЦЗН
выдано направлений – 330 чел." (the report of the Almaty Social Welfare Department for 2020, section
VII). The money provided is the year's plan (``AnnualPlan`` with a money indicator, ADR 0061).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.employment.choices import MicrocreditDecision
from komek.registry.fields import PersonAddress


class MicrofinanceOrganisation(models.Model):
    """A microfinance organisation lending on the programme's terms to persons the centre refers."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("territory (KATO)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("microfinance organisation")
        verbose_name_plural = _("microfinance organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="mfo_bin_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class MicrocreditReferral(models.Model):
    """The employment centre's referral ("направление") of a person with a project to an
    organisation; its number is what the organisation's decisions file names."""

    organisation = models.ForeignKey(
        MicrofinanceOrganisation, on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("territory (KATO)"),
    )
    referred_on = models.DateField(_("referred on"))
    project = models.CharField(_("project"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral to a microfinance organisation")
        verbose_name_plural = _("referrals to microfinance organisations")
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["referred_on"], name="mfo_referral_on_idx")]

    def __str__(self) -> str:
        return f"{self.pk} {self.person_id} {self.referred_on}"


class MicrocreditDecisionRecord(models.Model):
    """One decision of the organisation on a referred project: the microcredit approved, financed
    or refused, or its guarantee approved; once per kind (a decision taken again is corrected)."""

    referral = models.ForeignKey(MicrocreditReferral, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=MicrocreditDecision.choices)
    decided_on = models.DateField(_("decided on"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision of a microfinance organisation")
        verbose_name_plural = _("decisions of microfinance organisations")
        indexes = [models.Index(fields=["decided_on"], name="mfo_decision_on_idx")]
        constraints = [
            models.UniqueConstraint(fields=["referral", "decision"], name="mfo_decision_once"),
            models.CheckConstraint(
                condition=Q(decision__in=MicrocreditDecision.values), name="mfo_decision_known"
            ),
            models.CheckConstraint(
                condition=Q(decision=MicrocreditDecision.REFUSED) | Q(amount__gt=0),
                name="mfo_decision_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.decision} {self.decided_on}"
