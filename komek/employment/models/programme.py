"""The Enbek programme's directions the employment centre records besides its measures (issue 18):
vocational education (ТиПО), the youth projects, the contests and the determination of social status.

"В рамках первого направления техническим и профессиональным образованием (ТиПО) запланировано
охватить 2500 выпускников 9-11 классов ... Выделено 5 123,4 млн. тенге, освоено 100%. Продолжают
обучение с 2017 года 8 384 чел. (отчислено 464 чел., завершили обучение 1 358 чел., трудоустроено
913 чел., досажены 206 чел.)"; "В рамках проводимой работы по определению социального статуса
количество граждан, не имеющих социальный статус, снизилось с 470 тыс. ... до 14,3 тыс. чел." (the
report of the Almaty Social Welfare Department for 2020, section VII).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.employment.programme_choices import (
    ContestKind,
    Measure,
    TipoCategory,
    TipoStatus,
    YouthOutcome,
    YouthProject,
)
from komek.registry.fields import PersonAddress


class TipoPlan(models.Model):
    """A territory's yearly plan of vocational education: persons to enrol, money allocated and spent."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    persons = models.PositiveIntegerField(_("persons to enrol"))
    allocated = models.PositiveBigIntegerField(_("money allocated, tenge"))
    spent = models.PositiveBigIntegerField(_("money spent, tenge"), default=0)

    class Meta:
        verbose_name = _("plan of vocational education")
        verbose_name_plural = _("plans of vocational education")
        constraints = [
            models.UniqueConstraint(fields=["kato", "year"], name="employment_tipo_plan_once"),
            models.CheckConstraint(
                condition=Q(spent__lte=F("allocated")), name="employment_tipo_spent_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kato_id} · {self.year}"


class TipoEnrolment(models.Model):
    """A person of the registry sent to a college by the programme, with the current status (its
    history in :class:`TipoEvent`). ``vacant_place``: enrolled onto a place left by an expelled
    student ("досажены")."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    college = models.CharField(_("college"), max_length=200)
    speciality = models.CharField(_("speciality"), max_length=200)
    started = models.DateField(_("studying from"))
    category = models.CharField(_("target category"), max_length=16, choices=TipoCategory.choices)
    vacant_place = models.BooleanField(_("onto a vacant place"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=TipoStatus.choices, default=TipoStatus.STUDYING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("enrolment in vocational education")
        verbose_name_plural = _("enrolments in vocational education")
        indexes = [models.Index(fields=["started"], name="employment_tipo_started")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TipoStatus.values), name="employment_tipo_status")
        ]

    def __str__(self) -> str:
        return f"{self.college} · {self.speciality}"


class TipoEvent(models.Model):
    """One step of an enrolment's history: studying (the enrolment), expelled, finished, employed."""

    enrolment = models.ForeignKey(
        TipoEnrolment, on_delete=models.PROTECT, related_name="events", verbose_name=_("enrolment")
    )
    status = models.CharField(_("status"), max_length=10, choices=TipoStatus.choices)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("step of an enrolment")
        verbose_name_plural = _("steps of enrolments")
        indexes = [models.Index(fields=["status", "date"], name="employment_tipo_event_date")]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "status"], name="employment_tipo_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.date:%d.%m.%Y}"


class YouthParticipation(models.Model):
    """A person's part in a youth project of «Жастар – ел тірегі»: Жас маман or Жас кәсіпкер."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    project = models.CharField(_("project"), max_length=16, choices=YouthProject.choices)
    started = models.DateField(_("from"))
    ended = models.DateField(_("until"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=YouthOutcome.choices, default=YouthOutcome.IN_PROGRESS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("participant of a youth project")
        verbose_name_plural = _("participants of youth projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")), name="employment_youth_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_project_display()} · {self.started:%d.%m.%Y}"


class Contest(models.Model):
    """A contest of a year (Еңбек жолы, Парыз) held by a territory."""

    kind = models.CharField(_("contest"), max_length=12, choices=ContestKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "kato"], name="employment_contest_once")
        ]

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("contest")
    )
    title = models.CharField(_("nomination"), max_length=200)
    winners_allowed = models.PositiveSmallIntegerField(_("winners allowed"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["contest", "title"], name="employment_nomination_once")
        ]

    def __str__(self) -> str:
        return self.title


class ContestEntry(models.Model):
    """A participant of a nomination (a person of the registry) or an application of an enterprise
    (by its BIN); ``winner`` once the nomination's winners are declared."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="entries", verbose_name=_("nomination")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    person_territory = PersonAddress("person", null=True, blank=True)
    enterprise = models.CharField(_("enterprise"), max_length=200, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    applied = models.DateField(_("applied on"))
    winner = models.BooleanField(_("winner"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "id"]
        verbose_name = _("participant of a contest")
        verbose_name_plural = _("participants of contests")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(bin="")) | (Q(person__isnull=True) & ~Q(bin="")),
                name="employment_entry_person_or_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return self.enterprise or str(self.person_id)


class StatusCase(models.Model):
    """A person of the registry found without a social status (listed on a date) and, once the state
    bodies determine it, the date the status was confirmed."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    listed_on = models.DateField(_("listed without a status on"))
    confirmed_on = models.DateField(_("status confirmed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-listed_on", "-id"]
        verbose_name = _("person without a social status")
        verbose_name_plural = _("persons without a social status")
        indexes = [models.Index(fields=["listed_on", "confirmed_on"], name="employment_status_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("listed_on")),
                name="employment_status_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.listed_on:%d.%m.%Y}"


class Involvement(models.Model):
    """A person found without a social status involved in a measure of the programme."""

    case = models.ForeignKey(
        StatusCase, on_delete=models.PROTECT, related_name="involvements", verbose_name=_("person")
    )
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("involvement in the programme")
        verbose_name_plural = _("involvements in the programme")
        constraints = [
            models.UniqueConstraint(fields=["case", "measure"], name="employment_involvement_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} · {self.date:%d.%m.%Y}"
