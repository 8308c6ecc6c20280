"""The classifier of occupations, employers with their agreements, and vacancies with their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order
from komek.employment.choices import AgreementKind, Education, EmployerSize, Schedule, VacancyStatus


class Occupation(models.Model):
    """A unit group of НК РК 01-2017 (ISCO-08): four digits; its minor group is the first three,
    its sub-major group the first two. Loaded from the vendored reference file."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    title_ru = models.CharField(max_length=250)
    title_kk = models.CharField(max_length=250)
    title_en = models.CharField(max_length=250)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="occupation_four_digits")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        lang = (get_language() or "ru")[:2]
        return str(getattr(self, f"title_{lang}", "") or self.title_ru)


class Employer(models.Model):
    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=250)
    activity = models.CharField(_("activity"), max_length=250, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=EmployerSize.choices)
    staff = models.PositiveIntegerField(_("staff"), default=0)
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("address (KATO)"),
    )
    street = models.CharField(_("street, building"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="employer_bin_twelve_digits"),
            models.CheckConstraint(condition=Q(size__in=EmployerSize.values), name="employer_size_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A contract or agreement with an employer: public works, social jobs, road map, job quotas."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    places = models.PositiveIntegerField(_("places or quota"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AgreementKind.values), name="agreement_kind_known"),
            period_order("agreement_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number}"


class Vacancy(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    # The classifier's groups, copied from the code so that matching filters on an indexed column.
    minor_group = models.CharField(max_length=3, editable=False)
    sub_major_group = models.CharField(max_length=2, editable=False)
    title = models.CharField(_("position"), max_length=200)
    wage = models.PositiveIntegerField(_("monthly wage, tenge"))
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices)
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        related_name="+",
        verbose_name=_("place of work (KATO)"),
    )
    education = models.PositiveSmallIntegerField(
        _("education required"), choices=Education.choices, default=Education.NONE
    )
    experience_years = models.PositiveSmallIntegerField(_("experience required, years"), default=0)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    positions = models.PositiveSmallIntegerField(_("positions"), default=1)
    quota_disabled = models.BooleanField(_("quota place for a person with disability"), default=False)
    quota_released = models.BooleanField(_("quota place for a person released from prison"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=VacancyStatus.choices, default="open")
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [
            models.Index(fields=["status", "sub_major_group"], name="vacancy_open_group_idx"),
            models.Index(fields=["opened_on"], name="vacancy_opened_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VacancyStatus.values), name="vacancy_status_known"),
            models.CheckConstraint(condition=Q(schedule__in=Schedule.values), name="vacancy_schedule_known"),
            models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_positions_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer.name}"


class VacancyEvent(models.Model):
    """The history of a vacancy: opened, changed, filled, withdrawn, with who and when."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=VacancyStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.status} {self.at:%Y-%m-%d}"
