"""The labour market and labour relations at the enterprises of a territory: the register of
enterprises, their monthly surveys, memoranda on keeping jobs, labour inspections with violations
and fines, wage arrears and their repayment, industrial accidents and collective agreements.

"За 2020 г. проведен опрос 668 предприятий ... подписаны 38 412 меморандумов с сохранением рабочих
мест ... проведено 295 внеплановых проверок ... Задолженность по заработной плате ... Зарегистрировано
106 несчастных случаев ... регистрация 27 038 коллективных договоров" (the report of the Almaty
Social Welfare Department for 2020); "wage arrears to employees at 3 town enterprises in the total
amount of 25.6 million tenge" (the Balkhash department's report for 2018).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.labour.choices import FineStatus, InspectionKind


class Enterprise(models.Model):
    """An enterprise of the territory, by its BIN; joined to the employment centre's employer of the
    same BIN when there is one."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=250)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    staff = models.PositiveIntegerField(_("staff"), default=0)
    employer = models.ForeignKey(
        "employment.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer of the employment centre"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="lab_enterprise_bin_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class Survey(models.Model):
    """The monthly survey of an enterprise: the flows of the month and the states at its end."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("enterprise")
    )
    month = models.DateField(_("month"))  # its first day
    staff = models.PositiveIntegerField(_("staff"))
    hired = models.PositiveIntegerField(_("hired"), default=0)
    quit = models.PositiveIntegerField(_("dismissed by own wish"), default=0)
    released = models.PositiveIntegerField(_("released by redundancy or liquidation"), default=0)
    unpaid_leave = models.PositiveIntegerField(_("on forced unpaid leave"), default=0)
    part_time = models.PositiveIntegerField(_("working part-time"), default=0)
    downtime = models.PositiveIntegerField(_("idle through downtime"), default=0)
    stoppage = models.PositiveIntegerField(_("idle through a partial stoppage of production"), default=0)
    forecast = models.PositiveIntegerField(_("releases forecast next month"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "id"]
        verbose_name = _("monthly survey")
        verbose_name_plural = _("monthly surveys")
        indexes = [models.Index(fields=["month"], name="lab_survey_month")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "month"], name="lab_one_survey_a_month"),
            models.CheckConstraint(condition=Q(released__lte=F("staff")), name="lab_survey_released_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.month:%m.%Y}"


class SurveyYear(models.Model):
    """An enterprise's year of surveys rolled up (written with every survey, never typed): the flows
    added over its surveys and the states of its last survey. The figures of a city read 50,000 of
    these instead of 600,000 surveys; the records behind them are still the surveys."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kato = models.ForeignKey("common.KatoUnit", on_delete=models.PROTECT, related_name="+")
    surveys = models.PositiveSmallIntegerField(default=0)
    hired = models.PositiveIntegerField(default=0)
    quit = models.PositiveIntegerField(default=0)
    released = models.PositiveIntegerField(default=0)
    last_month = models.DateField()
    staff = models.PositiveIntegerField(default=0)
    unpaid_leave = models.PositiveIntegerField(default=0)
    part_time = models.PositiveIntegerField(default=0)
    downtime = models.PositiveIntegerField(default=0)
    stoppage = models.PositiveIntegerField(default=0)
    forecast = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "kato"], name="lab_surveyyear_year_kato")]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="lab_one_surveyyear")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.year}"


class JobsMemorandum(models.Model):
    """A memorandum with an enterprise on keeping jobs, and the workers whose jobs it keeps."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="memoranda", verbose_name=_("enterprise")
    )
    signed = models.DateField(_("signed on"))
    workers = models.PositiveIntegerField(_("workers covered"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed", "-id"]
        verbose_name = _("memorandum on keeping jobs")
        verbose_name_plural = _("memoranda on keeping jobs")
        indexes = [models.Index(fields=["signed"], name="lab_memo_signed")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.signed:%d.%m.%Y}"


class Inspection(models.Model):
    """A labour inspection of an enterprise: planned or not, the orders it issued."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("enterprise")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    orders = models.PositiveIntegerField(_("orders issued"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("labour inspection")
        verbose_name_plural = _("labour inspections")
        indexes = [models.Index(fields=["date"], name="lab_inspection_date")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InspectionKind.values), name="lab_inspection_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.date:%d.%m.%Y}"


class Violation(models.Model):
    """A violation of a norm of the Labour Code found by an inspection (its article)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="violations", verbose_name=_("inspection")
    )
    article = models.CharField(_("article of the Labour Code"), max_length=40)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return self.article


class Fine(models.Model):
    """An administrative fine for a violation, by its article of the Code of Administrative
    Offences, and its execution."""

    violation = models.ForeignKey(
        Violation, on_delete=models.PROTECT, related_name="fines", verbose_name=_("violation")
    )
    article = models.CharField(_("article of the Code of Administrative Offences"), max_length=40)
    # Read from ``article`` when the fine is imposed: the figures select the fines about wages by it.
    article_number = models.PositiveSmallIntegerField(_("number of the article"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    status = models.CharField(_("execution"), max_length=10, choices=FineStatus.choices)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("administrative fine")
        verbose_name_plural = _("administrative fines")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FineStatus.values), name="lab_fine_status"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="lab_fine_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.article} · {self.amount}"


class WageArrear(models.Model):
    """Wages an enterprise owes its workers, recorded on a date; the balance is the amount less the
    repayments up to a date."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="arrears", verbose_name=_("enterprise")
    )
    recorded_on = models.DateField(_("recorded on"))
    workers = models.PositiveIntegerField(_("workers owed"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("wage arrear")
        verbose_name_plural = _("wage arrears")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="lab_arrear_amount")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.recorded_on:%d.%m.%Y}"


class Repayment(models.Model):
    arrear = models.ForeignKey(
        WageArrear, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("wage arrear")
    )
    date = models.DateField(_("date"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("repayment of wage arrears")
        verbose_name_plural = _("repayments of wage arrears")
        indexes = [models.Index(fields=["date"], name="lab_repayment_date")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="lab_repayment_amount")]

    def __str__(self) -> str:
        return f"{self.arrear} · {self.date:%d.%m.%Y}"


class Accident(models.Model):
    """An industrial accident and its victims by the severity of their injuries."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("enterprise")
    )
    date = models.DateField(_("date"))
    light = models.PositiveIntegerField(_("light injuries"), default=0)
    severe = models.PositiveIntegerField(_("severe injuries"), default=0)
    fatal = models.PositiveIntegerField(_("fatal"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("industrial accident")
        verbose_name_plural = _("industrial accidents")
        indexes = [models.Index(fields=["date"], name="lab_accident_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(light__gt=0) | Q(severe__gt=0) | Q(fatal__gt=0), name="lab_accident_victims"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.date:%d.%m.%Y}"

    @property
    def victims(self) -> int:
        return self.light + self.severe + self.fatal


class CollectiveAgreement(models.Model):
    """A collective agreement of an enterprise registered by the department."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("enterprise")
    )
    number = models.CharField(_("number"), max_length=40)
    registered_on = models.DateField(_("registered on"))
    valid_until = models.DateField(_("valid until"))
    workers = models.PositiveIntegerField(_("workers covered"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("collective agreement")
        verbose_name_plural = _("collective agreements")
        indexes = [models.Index(fields=["registered_on"], name="lab_agreement_registered")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="lab_agreement_number"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("registered_on")), name="lab_agreement_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} · {self.enterprise}"


def percent_of(part: int | None, whole: int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal (none without both): computed, never typed."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class LabourForceStatistics(models.Model):
    """The labour force of a territory in a quarter as the statistics body published it: "По данным
    статистики численность рабочей силы за 3 квартал 2020 года составила 1 008,5 тыс. чел. ... в т.ч.
    занятое население – 954,8 тыс. чел. ... самостоятельно занятые составляют 82 тыс. чел. ...
    Численность безработных – 53,8 тыс. чел." (the report of the Almaty Social Welfare Department for
    2020). Kept in persons as published (in thousands with one decimal); the unemployment rate, the
    share of the self-employed and the change against the same quarter of the year before are
    computed from the records, never typed (ADR 0050)."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    labour_force = models.PositiveIntegerField(_("labour force"))
    employed = models.PositiveIntegerField(_("employed"))
    self_employed = models.PositiveIntegerField(_("self-employed"), null=True, blank=True)
    unemployed = models.PositiveIntegerField(_("unemployed"))
    source_title = models.CharField(_("publication"), max_length=250)
    source_number = models.CharField(_("number of the publication"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by_name = models.CharField(_("entered by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "kato_id"]
        verbose_name = _("published labour-force statistics")
        verbose_name_plural = _("published labour-force statistics")
        constraints = [
            models.UniqueConstraint(fields=["kato", "year", "quarter"], name="lab_lfs_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="lab_lfs_quarter"),
            models.CheckConstraint(condition=Q(employed__lte=F("labour_force")), name="lab_lfs_employed"),
            models.CheckConstraint(condition=Q(unemployed__lte=F("labour_force")), name="lab_lfs_unemployed"),
            models.CheckConstraint(
                condition=Q(self_employed__isnull=True) | Q(self_employed__lte=F("employed")),
                name="lab_lfs_self_employed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kato_id} · {self.quarter}/{self.year}"

    @property
    def unemployment_rate(self) -> Decimal | None:
        """Unemployed as a percentage of the labour force ("уровень безработицы – 5,3%")."""
        return percent_of(self.unemployed, self.labour_force)

    @property
    def self_employed_share(self) -> Decimal | None:
        """Self-employed as a percentage of the employed ("их доля ... составила 8,6%")."""
        return percent_of(self.self_employed, self.employed)


class EspPayments(models.Model):
    """The single aggregate payment (ЕСП) in a territory over a month or a year as the state revenue
    body reports it to the department: "Всего лица, оплатившие ЕСП – 31 626 чел., которыми произведено
    458 970 платежей" (the report of the Almaty Social Welfare Department for 2020). ``month`` 0 is
    the whole year. Payers of months are not added into a year's (one person pays every month): the
    year's payers are the year's own record."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=0)  # 0: the whole year
    payers = models.PositiveIntegerField(_("payers"))
    payments = models.PositiveIntegerField(_("payments"))
    amount = models.PositiveBigIntegerField(_("amount paid, tenge"), null=True, blank=True)
    source_title = models.CharField(_("source"), max_length=250)
    source_number = models.CharField(_("number of the letter or file"), max_length=60, blank=True)
    received_on = models.DateField(_("received on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by_name = models.CharField(_("entered by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-month", "kato_id"]
        verbose_name = _("single aggregate payment")
        verbose_name_plural = _("single aggregate payments")
        constraints = [
            models.UniqueConstraint(fields=["kato", "year", "month"], name="lab_esp_once"),
            models.CheckConstraint(condition=Q(month__gte=0, month__lte=12), name="lab_esp_month"),
            models.CheckConstraint(condition=Q(payers__lte=F("payments")), name="lab_esp_payers"),
        ]

    def __str__(self) -> str:
        return f"{self.kato_id} · {self.month or '-'}/{self.year}"
