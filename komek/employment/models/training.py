"""The regional commission's approved lists of short-term vocational training: the training centres
and the professions a territory may send jobseekers to in a year, each profession with the cost of
training one person.

"Региональной комиссией утверждены перечни 25 учебных центров, 27 профессий" (the report of the
Almaty Social Welfare Department for 2020, section VII). The commission is the region's, not one of
the department's own (``komek.commissions``): the department records its decision, dated and
numbered, for its territory (ADR 0062).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrainingList(models.Model):
    """A decision of the regional commission approving training centres and professions for a year,
    in force for the persons registered under ``kato``. A later decision of the same year (an
    amendment) adds to the year's lists."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-decided_on", "-id"]
        verbose_name = _("approved list of training")
        verbose_name_plural = _("approved lists of training")
        constraints = [
            models.UniqueConstraint(fields=["kato", "year", "number"], name="employment_training_list_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.number}"


class ListedCentre(models.Model):
    """A training centre on an approved list."""

    decision = models.ForeignKey(TrainingList, on_delete=models.PROTECT, related_name="centres")
    provider = models.ForeignKey(
        "employment.TrainingProvider",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training centre"),
    )

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("approved training centre")
        verbose_name_plural = _("approved training centres")
        constraints = [
            models.UniqueConstraint(fields=["decision", "provider"], name="employment_listed_centre_once")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.provider_id}"


class ListedProfession(models.Model):
    """A profession on an approved list with the cost of training one person in it, tenge."""

    decision = models.ForeignKey(TrainingList, on_delete=models.PROTECT, related_name="professions")
    occupation = models.ForeignKey(
        "employment.Occupation", on_delete=models.PROTECT, related_name="+", verbose_name=_("profession")
    )
    cost = models.PositiveIntegerField(_("cost of training one person, tenge"))

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("approved profession")
        verbose_name_plural = _("approved professions")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "occupation"], name="employment_listed_profession_once"
            ),
            models.CheckConstraint(condition=Q(cost__gt=0), name="employment_listed_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.occupation_id}"
