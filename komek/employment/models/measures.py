"""Active measures: participations (one table for every kind), courses, job fairs, annual plans."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.employment.choices import Indicator, MeasureKind, MeasureOutcome, Repayment, TargetGroup
from komek.employment.models.jobseekers import TargetFlags
from komek.registry.fields import PersonAddress


class TrainingProvider(models.Model):
    name = models.CharField(_("name"), max_length=250, unique=True)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, db_column="kato_code", related_name="+"
    )

    class Meta:
        verbose_name = _("training provider")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    provider = models.ForeignKey(TrainingProvider, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("course"), max_length=200)
    occupation = models.ForeignKey("employment.Occupation", on_delete=models.PROTECT, related_name="+")
    months = models.DecimalField(_("duration, months"), max_digits=3, decimal_places=1)

    class Meta:
        verbose_name = _("course")
        ordering = ["provider__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "title"], name="course_once_per_provider"),
            # The longest a course may run is the legislation's (measure_max_months for training),
            # checked when a person is enrolled; the database only keeps a course a positive length.
            models.CheckConstraint(condition=Q(months__gt=0), name="course_months_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider.name})"


class Participation(TargetFlags):
    """One person in one active measure for a period, with the money and the outcome.

    The target groups are copied from the person at enrolment, so that the plan's "by target group"
    figures count what was true when the person took part.
    """

    kind = models.CharField(_("measure"), max_length=16, choices=MeasureKind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    jobseeker = models.ForeignKey(
        "employment.Jobseeker", on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, db_column="kato_code", related_name="+"
    )
    employer = models.ForeignKey(
        "employment.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        "employment.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    monthly_wage = models.PositiveIntegerField(_("monthly wage, tenge"), default=0)
    state_monthly = models.PositiveIntegerField(_("state pays a month, tenge"), default=0)
    # A grant or a microcredit; for short-term training the approved cost of training the person.
    amount = models.PositiveIntegerField(_("amount, tenge"), default=0)
    days_worked = models.PositiveSmallIntegerField(_("days worked"), default=0)
    paid_total = models.PositiveIntegerField(_("paid, tenge"), default=0)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    repayment = models.CharField(_("repayment"), max_length=8, choices=Repayment.choices, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=MeasureOutcome.choices, default=MeasureOutcome.IN_PROGRESS
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    employed_after = models.BooleanField(_("employed after the measure"), default=False)
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation in a measure")
        verbose_name_plural = _("participations in measures")
        indexes = [
            models.Index(fields=["kind", "date_from"], name="participation_kind_idx"),
            models.Index(fields=["date_from"], name="participation_from_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeasureKind.values), name="participation_kind_known"),
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")), name="participation_period_order"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=MeasureOutcome.values), name="participation_outcome_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="training") | Q(course__isnull=False), name="participation_training_course"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id} {self.date_from}"


class JobFair(models.Model):
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, db_column="kato_code", related_name="+"
    )
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    referrals_issued = models.PositiveIntegerField(_("referrals issued"), default=0)

    class Meta:
        verbose_name = _("job fair")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on}"


class JobFairEmployer(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey("employment.Employer", on_delete=models.PROTECT, related_name="+")
    vacancies_offered = models.PositiveIntegerField(_("vacancies offered"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="fair_employer_once")]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.employer_id}"


class AnnualPlan(models.Model):
    """The planned number of people for one indicator, one target group ("" = everyone), one
    territory and one year; for the money indicators (``MONEY_INDICATORS``) the tenge provided."""

    year = models.PositiveSmallIntegerField(_("year"))
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, db_column="kato_code", related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=16, choices=Indicator.choices)
    target_group = models.CharField(_("target group"), max_length=16, choices=TargetGroup.choices, blank=True)
    planned = models.PositiveBigIntegerField(_("planned"))
    # The money allocated for the indicator's measure (short-term training: "выделено 226,9 млн.
    # тенге"); only the plan of everyone of the training indicator holds it.
    allocated = models.PositiveBigIntegerField(_("money allocated, tenge"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual plan")
        constraints = [
            models.UniqueConstraint(fields=["year", "kato", "indicator", "target_group"], name="plan_once"),
            models.CheckConstraint(condition=Q(indicator__in=Indicator.values), name="plan_indicator_known"),
            models.CheckConstraint(
                condition=Q(allocated__isnull=True) | (Q(indicator="training") & Q(target_group="")),
                name="plan_money_of_training",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.target_group} {self.planned}"
