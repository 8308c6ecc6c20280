"""The legislation entered by administrators: dated parameter values and council decisions.

Every record is written once and never changed: a value that may have been used by a calculation
is superseded by a new dated value, a council decision by a new version or a retirement from a
date. The application's engine is the shipped YAML plus these records (``loader``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order


class RecordChanged(Exception):
    """Raised when code tries to change or delete a record of the legislation."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise RecordChanged("Records of the legislation are never changed; add a new dated one.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RecordChanged("Records of the legislation are never deleted; retire them from a date.")


class AppendOnly(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RecordChanged("Records of the legislation are never changed; add a new dated one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RecordChanged("Records of the legislation are never deleted; retire them from a date.")


class ParameterValueRecord(AppendOnly):
    """A value of a legal parameter from a date, for a region (KATO prefix) and a purpose."""

    name = models.CharField(_("parameter"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    region = models.CharField(_("region (KATO prefix)"), max_length=9, blank=True)
    purpose = models.CharField(_("purpose"), max_length=40, blank=True)
    reference = models.CharField(_("legal reference"), max_length=500)

    class Meta:
        verbose_name = _("parameter value")
        verbose_name_plural = _("parameter values")
        ordering = ["name", "valid_from", "id"]
        indexes = [models.Index(fields=["name", "valid_from"], name="legislation_param_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(name__regex=r"^[a-z][a-z0-9_]*$"), name="param_value_name_form"
            ),
            models.CheckConstraint(
                condition=Q(region__regex=r"^[0-9]{0,9}$"), name="param_value_region_digits"
            ),
            period_order("param_value_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.value} from {self.valid_from}"


class ProgrammeVersion(AppendOnly):
    """A council decision: one version of a programme from a date, as the engine reads it."""

    code = models.CharField(_("code"), max_length=64)
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("council's territory"),
    )
    jurisdiction = models.CharField(_("jurisdiction (KATO prefix)"), max_length=9)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force to"), null=True, blank=True)
    legal_basis = models.CharField(_("decision"), max_length=500)
    document = models.JSONField(_("programme"))

    class Meta:
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")
        ordering = ["code", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z0-9_.]+$"), name="programme_version_code_form"
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__regex=r"^[0-9]{2,9}$"), name="programme_version_jurisdiction"
            ),
            period_order("programme_version_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.valid_from}"

    def title(self, language: str) -> str:
        titles = self.document.get("title") or {}
        if isinstance(titles, str):
            return titles
        return str(titles.get(language) or titles.get("en") or self.code)


class ProgrammeRetirement(AppendOnly):
    """The end of a council decision from a date: repealed, or (from its first day) entered in error."""

    version = models.OneToOneField(
        ProgrammeVersion, on_delete=models.PROTECT, related_name="retirement", verbose_name=_("decision")
    )
    effective_from = models.DateField(_("no longer in force from"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("retirement of a council decision")
        verbose_name_plural = _("retirements of council decisions")

    def __str__(self) -> str:
        return f"{self.version} retired from {self.effective_from}"
