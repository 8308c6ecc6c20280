"""Job creation: the employment road map's (ДКЗ) infrastructure projects with their jobs and the
hires through the centre, the jobs created by source, the year's plans, the e-labour exchange's
employers, vacancies and applicants, and the private employment agencies with their reports."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.employment.choices import JobKind, JobPlanIndicator, WorkKind
from komek.employment.sources import source_name
from komek.registry.fields import PersonAddress


def _kato() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("territory (KATO)"),
    )


class RoadMapProject(models.Model):
    """An infrastructure project of the employment road map: its object and kind of work, the money
    allocated, the jobs planned and the share of the hires to be made through the centre."""

    title = models.CharField(_("object"), max_length=250)
    work_kind = models.CharField(_("kind of work"), max_length=16, choices=WorkKind.choices)
    kato = _kato()
    employer = models.ForeignKey(
        "employment.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contractor"),
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    allocated = models.PositiveBigIntegerField(_("allocated, tenge"))
    jobs_planned = models.PositiveIntegerField(_("new jobs planned"))
    centre_share = models.PositiveSmallIntegerField(_("hires through the centre, % of the jobs"), default=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("road map project")
        verbose_name_plural = _("road map projects")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(work_kind__in=WorkKind.values), name="roadmap_work_kind_known"
            ),
            models.CheckConstraint(condition=Q(year_to__gte=F("year_from")), name="roadmap_years_order"),
            models.CheckConstraint(condition=Q(centre_share__lte=100), name="roadmap_share_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hires_planned(self) -> int:
        return self.jobs_planned * self.centre_share // 100


class RoadMapJobs(models.Model):
    """New jobs created on a project, as its contractor reported them on a date."""

    project = models.ForeignKey(RoadMapProject, on_delete=models.PROTECT, related_name="jobs")
    reported_on = models.DateField(_("reported on"))
    jobs = models.PositiveIntegerField(_("new jobs created"))

    class Meta:
        verbose_name = _("jobs created on a road map project")
        indexes = [models.Index(fields=["reported_on"], name="roadmap_jobs_on_idx")]
        constraints = [models.CheckConstraint(condition=Q(jobs__gt=0), name="roadmap_jobs_positive")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.reported_on} {self.jobs}"


class RoadMapHire(models.Model):
    """Hires on a project through the centre: one jobseeker hired on a referral (``persons`` 1), or
    a contractor's report of several (their number, the young among them, their wages' sum)."""

    project = models.ForeignKey(RoadMapProject, on_delete=models.PROTECT, related_name="hires")
    hired_on = models.DateField(_("hired on"))
    persons = models.PositiveIntegerField(_("persons hired"), default=1)
    youth = models.PositiveIntegerField(_("of them young (14–34)"), default=0)
    wage_total = models.PositiveBigIntegerField(_("their monthly wages, total, tenge"))
    referral = models.OneToOneField(
        "employment.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hire through the centre on a road map project")
        indexes = [models.Index(fields=["hired_on"], name="roadmap_hire_on_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(persons__gt=0), name="roadmap_hire_persons_positive"),
            models.CheckConstraint(condition=Q(youth__lte=F("persons")), name="roadmap_hire_youth_le"),
            models.CheckConstraint(
                condition=Q(referral__isnull=True) | Q(persons=1), name="roadmap_hire_referral_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.hired_on} {self.persons}"


class JobPlan(models.Model):
    """The year's plan of one indicator of job creation or of the e-labour exchange in a territory."""

    year = models.PositiveSmallIntegerField(_("year"))
    kato = _kato()
    indicator = models.CharField(_("indicator"), max_length=20, choices=JobPlanIndicator.choices)
    planned = models.PositiveIntegerField(_("planned"))

    class Meta:
        verbose_name = _("plan of job creation")
        constraints = [
            models.UniqueConstraint(fields=["year", "kato", "indicator"], name="job_plan_once"),
            models.CheckConstraint(
                condition=Q(indicator__in=JobPlanIndicator.values), name="job_plan_indicator_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.planned}"


class JobCreation(models.Model):
    """New jobs created by one enterprise from one source (business or a state programme, named in
    ``reference/job_sources.yaml``), permanent or temporary, on a date."""

    bin = models.CharField(_("BIN"), max_length=12)
    enterprise = models.CharField(_("enterprise"), max_length=250)
    employer = models.ForeignKey(
        "employment.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=24)
    kind = models.CharField(_("jobs"), max_length=10, choices=JobKind.choices)
    kato = _kato()
    created_on = models.DateField(_("created on"))
    jobs = models.PositiveIntegerField(_("number of jobs"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jobs created")
        verbose_name_plural = _("jobs created")
        indexes = [models.Index(fields=["created_on"], name="job_creation_on_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_creation_kind_known"),
            models.CheckConstraint(condition=Q(jobs__gt=0), name="job_creation_jobs_positive"),
            models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="job_creation_bin_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.bin} {self.source} {self.jobs}"

    @property
    def source_label(self) -> str:
        return source_name(self.source)


class ExchangeEmployer(models.Model):
    """An employer of the centre registered on the e-labour exchange (Enbek.kz)."""

    employer = models.OneToOneField("employment.Employer", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("registered on the exchange"))

    class Meta:
        verbose_name = _("employer on the e-labour exchange")

    def __str__(self) -> str:
        return f"{self.employer_id} {self.registered_on}"


class ExchangeVacancy(models.Model):
    """A vacancy posted on the e-labour exchange, imported from its file."""

    number = models.CharField(_("number on the exchange"), max_length=40, unique=True)
    employer = models.ForeignKey("employment.Employer", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("position"), max_length=200)
    posted_on = models.DateField(_("posted on"))
    positions = models.PositiveIntegerField(_("positions"), default=1)
    wage = models.PositiveIntegerField(_("monthly wage, tenge"), default=0)

    class Meta:
        verbose_name = _("vacancy on the e-labour exchange")
        indexes = [models.Index(fields=["posted_on"], name="exchange_vacancy_on_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ExchangeApplicant(models.Model):
    """An applicant of the e-labour exchange, imported from its file, with the employment found."""

    number = models.CharField(_("number on the exchange"), max_length=40, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    kato = _kato()
    registered_on = models.DateField(_("registered on"))
    self_registered = models.BooleanField(_("registered by themselves"), default=False)
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    employer = models.ForeignKey(
        "employment.Employer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("applicant of the e-labour exchange")
        indexes = [models.Index(fields=["registered_on"], name="exchange_applicant_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(employed_on__isnull=True) | Q(employed_on__gte=F("registered_on")),
                name="exchange_applicant_employed_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.person_id}"


class PrivateAgency(models.Model):
    """A private employment agency of the territory (it notifies the local executive body)."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kato = _kato()
    registered_on = models.DateField(_("notified on"))

    class Meta:
        verbose_name = _("private employment agency")
        verbose_name_plural = _("private employment agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="agency_bin_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyReport(models.Model):
    """A private agency's report for a period: persons who applied, persons employed."""

    agency = models.ForeignKey(PrivateAgency, on_delete=models.PROTECT, related_name="reports")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    applied = models.PositiveIntegerField(_("persons who applied"))
    employed = models.PositiveIntegerField(_("persons employed"))

    class Meta:
        verbose_name = _("report of a private employment agency")
        constraints = [
            models.UniqueConstraint(fields=["agency", "period_from"], name="agency_report_once"),
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")), name="agency_report_order"),
            models.CheckConstraint(condition=Q(employed__lte=F("applied")), name="agency_report_employed_le"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.period_from}–{self.period_to}"
