"""Special social services given by a stay: a temporary stay in a social adaptation centre, a crisis
centre, the NGOs' services to victims of violence and of trafficking, early intervention and the
independent-living centres (ADR 0040)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order
from komek.registry.fields import PersonAddress
from komek.rehabilitation import choices
from komek.rehabilitation.models.care import Institution, SocialOrderProject


class SpecialStay(models.Model):
    """A person of the registry served by a special service from ``admitted_on`` to ``left_on``
    (open: still served), by a state centre (``institution``, with its beds) or an NGO under the
    state social order (``project``, with its plan of persons and money)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    service = models.CharField(
        _("special social service"), max_length=24, choices=choices.SpecialService.choices
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    project = models.ForeignKey(
        SocialOrderProject, on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    district = models.CharField(_("district (KATO)"), max_length=9)
    status = models.CharField(
        _("Status"), max_length=10, choices=choices.StayStatus.choices, default=choices.StayStatus.ADMITTED
    )
    applied_on = models.DateField(_("application date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=choices.Priority.choices, default=choices.Priority.GENERAL
    )
    from_queue = models.BooleanField(_("admitted from the queue"), default=False)
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leaving_reason = models.CharField(
        _("reason of leaving"), max_length=12, choices=choices.LeavingReason.choices, blank=True
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stay in a special social service")
        ordering = ["-admitted_on", "-id"]
        indexes = [
            models.Index(fields=["service", "admitted_on"], name="stay_service_idx"),
            models.Index(fields=["institution", "admitted_on"], name="stay_institution_idx"),
            models.Index(fields=["service", "status", "district"], name="stay_queue_idx"),
        ]
        constraints = [
            period_order("stay_period_order", start="admitted_on", end="left_on"),
            models.CheckConstraint(
                condition=(Q(institution__isnull=False) & Q(project__isnull=True))
                | (Q(institution__isnull=True) & Q(project__isnull=False)),
                name="stay_one_provider",
            ),
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=Q(left_on__isnull=True, status__in=["waiting", "admitted"]),
                name="stay_one_open",
            ),
            period_order("stay_applied_before_admission", start="applied_on", end="admitted_on"),
            models.CheckConstraint(
                condition=(Q(status="admitted") & Q(admitted_on__isnull=False))
                | (Q(status__in=["waiting", "cancelled"]) & Q(admitted_on__isnull=True)),
                name="stay_admitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"

    @property
    def provider_name(self) -> str:
        if self.institution_id:
            return self.institution.name  # type: ignore[union-attr]
        return self.project.provider  # type: ignore[union-attr]
