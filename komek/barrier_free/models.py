"""The register of social-infrastructure objects, their certification ("passport") and their
adaptation for persons with disabilities.

"The working group on the inventory of objects for compliance with the accessible environment for
persons with disabilities carried out certification of 66 social infrastructure facilities. Of the 45
objects to be adapted, 33 objects were adapted" (the Balkhash department's report for 2018). An object
is registered, certified once (its passport, with the findings), and — when the passport finds it not
fully accessible — adapted by dated works. The yearly plan holds what the department plans to certify
and adapt and the target indicator of the town's development programme.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.barrier_free.choices import Finding, ObjectKind


class SocialObject(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ObjectKind.choices)
    address = models.CharField(_("address"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("social-infrastructure object")
        verbose_name_plural = _("social-infrastructure objects")
        constraints = [
            models.UniqueConstraint(fields=["kato", "name", "address"], name="social_object_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Passport(models.Model):
    """The certification of an object: its date, findings and conclusion."""

    object = models.OneToOneField(
        SocialObject, on_delete=models.PROTECT, related_name="passport", verbose_name=_("object")
    )
    date = models.DateField(_("date of certification"))
    finding = models.CharField(_("conclusion"), max_length=16, choices=Finding.choices)
    findings = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("passport of accessibility")
        verbose_name_plural = _("passports of accessibility")
        indexes = [models.Index(fields=["date"], name="bf_passport_date")]

    def __str__(self) -> str:
        return f"{self.object} · {self.date:%d.%m.%Y}"

    @property
    def to_adapt(self) -> bool:
        return self.finding != Finding.ACCESSIBLE


class Adaptation(models.Model):
    """The works that adapted an object its passport found not fully accessible."""

    object = models.OneToOneField(
        SocialObject, on_delete=models.PROTECT, related_name="adaptation", verbose_name=_("object")
    )
    works = models.TextField(_("works done"))
    started = models.DateField(_("works started"))
    finished = models.DateField(_("works finished"))
    cost = models.PositiveBigIntegerField(_("cost, tenge"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished", "-id"]
        verbose_name = _("adaptation of an object")
        verbose_name_plural = _("adaptations of objects")
        indexes = [models.Index(fields=["finished"], name="bf_adaptation_finished")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished__gte=models.F("started")), name="bf_adaptation_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object} · {self.finished:%d.%m.%Y}"


class YearPlan(models.Model):
    """What a territory plans for a year: objects to certify, objects to adapt, and the target
    indicator (the share of certified objects accessible, in percent) of its development programme."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    to_certify = models.PositiveIntegerField(_("objects to certify"), default=0)
    to_adapt = models.PositiveIntegerField(_("objects to adapt"), default=0)
    indicator = models.DecimalField(
        _("target indicator, %"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "kato"]
        verbose_name = _("plan of the barrier-free environment")
        verbose_name_plural = _("plans of the barrier-free environment")
        constraints = [
            models.UniqueConstraint(fields=["kato", "year"], name="bf_plan_unique"),
            models.CheckConstraint(
                condition=Q(indicator__isnull=True) | Q(indicator__gte=0, indicator__lte=100),
                name="bf_plan_indicator_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kato_id} · {self.year}"
