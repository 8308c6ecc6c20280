"""Registrations of jobseekers (one row per registration period), their professions, and referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.employment.choices import DeregistrationGround, Education, JobseekerStatus, ReferralOutcome
from komek.registry.fields import PersonAddress


class TargetFlags(models.Model):
    """The target groups of a person at a moment (derived from the registry, stored so that the
    plan figures are plain set-based counts)."""

    tg_youth = models.BooleanField(_("youth"), default=False)
    tg_women = models.BooleanField(_("women"), default=False)
    tg_disability = models.BooleanField(_("disability"), default=False)
    tg_released = models.BooleanField(_("released from prison or on probation"), default=False)
    tg_low_income = models.BooleanField(_("low-income"), default=False)
    tg_pre_retirement = models.BooleanField(_("pre-retirement age"), default=False)
    tg_large_family = models.BooleanField(_("large family"), default=False)

    class Meta:
        abstract = True


class Jobseeker(TargetFlags):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("address (KATO)"),
    )
    status = models.CharField(_("status"), max_length=12, choices=JobseekerStatus.choices)
    registered_on = models.DateField(_("registered on"))
    unemployed_due = models.DateField(_("unemployed status due"))
    unemployed_from = models.DateField(_("unemployed from"), null=True, blank=True)
    reregistration_due = models.DateField(_("next re-registration"))
    deregistered_on = models.DateField(_("deregistered on"), null=True, blank=True)
    deregistration_ground = models.CharField(
        _("ground"), max_length=20, choices=DeregistrationGround.choices, blank=True
    )
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices, default=0)
    graduation_year = models.PositiveSmallIntegerField(_("year of graduation"), null=True, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("work experience, years"), default=0)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    desired_wage = models.PositiveIntegerField(_("expected wage, tenge"), default=0)
    documents = models.JSONField(_("documents presented"), default=list)
    refusals = models.PositiveSmallIntegerField(_("suitable offers refused"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jobseeker")
        verbose_name_plural = _("jobseekers")
        indexes = [
            models.Index(fields=["status", "unemployed_due"], name="jobseeker_status_due_idx"),
            models.Index(fields=["registered_on"], name="jobseeker_registered_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status="deregistered"), name="jobseeker_one_active"
            ),
            models.CheckConstraint(
                condition=Q(status__in=JobseekerStatus.values), name="jobseeker_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="deregistered", deregistered_on__isnull=False)
                | (~Q(status="deregistered") & Q(deregistered_on__isnull=True)),
                name="jobseeker_deregistration_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.registered_on}"

    @property
    def active(self) -> bool:
        return self.status != JobseekerStatus.DEREGISTERED


class JobseekerProfession(models.Model):
    """A profession a jobseeker has or wants, with the classifier groups for indexed matching."""

    jobseeker = models.ForeignKey(Jobseeker, on_delete=models.CASCADE, related_name="professions")
    occupation = models.ForeignKey("employment.Occupation", on_delete=models.PROTECT, related_name="+")
    minor_group = models.CharField(max_length=3, editable=False)
    sub_major_group = models.CharField(max_length=2, editable=False)
    # Whether the jobseeker is still looking: copied from the registration so that the candidate
    # search for a vacancy is one indexed range (group, active) without a join filter.
    active = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["sub_major_group", "active"], name="profession_group_idx")]
        constraints = [models.UniqueConstraint(fields=["jobseeker", "occupation"], name="profession_once")]

    def __str__(self) -> str:
        return f"{self.jobseeker_id}: {self.occupation_id}"


class Referral(models.Model):
    jobseeker = models.ForeignKey(Jobseeker, on_delete=models.PROTECT, related_name="referrals")
    vacancy = models.ForeignKey("employment.Vacancy", on_delete=models.PROTECT, related_name="referrals")
    issued_on = models.DateField(_("issued on"))
    follow_up_on = models.DateField(_("follow up on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["outcome", "outcome_on"], name="referral_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReferralOutcome.values), name="referral_outcome_known"
            ),
            models.UniqueConstraint(
                fields=["jobseeker", "vacancy"], condition=Q(outcome="pending"), name="referral_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker_id} → {self.vacancy_id} ({self.outcome})"
