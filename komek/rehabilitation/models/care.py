"""Special social services: home and day care, residential institutions, social-order projects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order
from komek.registry.fields import PersonAddress
from komek.rehabilitation import choices


class CareEnrolment(models.Model):
    """A person applying for or receiving home care (with their social worker) or day care.

    Without a start date the person waits in the service's queue from ``applied_on``."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    setting = models.CharField(_("setting"), max_length=6, choices=choices.CareSetting.choices)
    category = models.CharField(_("category"), max_length=16, choices=choices.CareCategory.choices)
    provider = models.CharField(_("centre or department"), max_length=200)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_on = models.DateField(_("application date"))
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("special social services client")
        indexes = [models.Index(fields=["setting", "applied_on"], name="care_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "setting"],
                condition=Q(ended_on__isnull=True),
                name="care_one_open_per_setting",
            ),
            period_order("care_period_order", start="started_on", end="ended_on"),
            period_order("care_start_after_application", start="applied_on", end="started_on"),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class CareVisit(models.Model):
    enrolment = models.ForeignKey(CareEnrolment, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    services = models.CharField(_("services given"), max_length=300)
    social_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("home visit")
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Institution(models.Model):
    """A residential medical-social institution, by profile; also the state centres of a temporary
    stay (social adaptation) and the crisis centres. ``beds`` empty: the capacity is not stated."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    profile = models.CharField(_("profile"), max_length=32, choices=choices.InstitutionProfile.choices)
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    kato = models.CharField(_("KATO"), max_length=9)

    class Meta:
        verbose_name = _("medical-social institution")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """A person's way into a residential institution: queue by profile, admission, departure."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    profile = models.CharField(_("profile"), max_length=32, choices=choices.InstitutionProfile.choices)
    district = models.CharField(_("district (KATO)"), max_length=9)
    applied_on = models.DateField(_("application date"))
    priority = models.PositiveSmallIntegerField(
        choices=choices.Priority.choices, default=choices.Priority.GENERAL
    )
    status = models.CharField(
        max_length=10, choices=choices.PlacementStatus.choices, default=choices.PlacementStatus.WAITING
    )
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    departure_reason = models.CharField(_("reason of departure"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("placement")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["waiting", "admitted"]),
                name="placement_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "cancelled"])
                | (Q(institution__isnull=False) & Q(admitted_on__isnull=False)),
                name="placement_admitted_has_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class SocialOrderProject(models.Model):
    """A state social-order project run by an NGO: plan of people and money, people served.

    A project of a special service (``service``: victims of violence, early intervention, ...)
    serves its persons through stays (``SpecialStay``); ``planned_amount`` 0: not stated."""

    title = models.CharField(_("project"), max_length=300)
    service = models.CharField(
        _("special social service"), max_length=24, choices=choices.SpecialService.choices, blank=True
    )
    provider = models.CharField(_("provider (NGO)"), max_length=200)
    provider_bin = models.CharField(_("BIN"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    district = models.CharField(_("district (KATO)"), max_length=9)
    planned_people = models.PositiveIntegerField(_("planned people"))
    planned_amount = models.PositiveBigIntegerField(_("planned amount, tenge"))
    spent_amount = models.PositiveBigIntegerField(_("spent, tenge"), default=0)

    class Meta:
        verbose_name = _("social-order project")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ProjectBeneficiary(models.Model):
    project = models.ForeignKey(SocialOrderProject, on_delete=models.PROTECT, related_name="beneficiaries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    served_on = models.DateField(_("served on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="project_person_once")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
