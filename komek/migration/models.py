"""Migration: kandas (ethnic Kazakhs returning to Kazakhstan, formerly "oralman") — consultations,
the status assigned, invitations of relatives from abroad, the support of their resettlement — and
foreign labour: the permits issued to employers within the quota of each category, and the checks of
employers.

"По вопросам разъяснения миграционного законодательства обратилось 2 400 этнических казахов,
присвоен статус оралмана – 516 чел., выдано приглашений для переселения в РК родственников из числа
этнических казахов проживающих за рубежом – 82 ... Для привлечения иностранной рабочей силы (ИРС)
выделена квота в размере 1 897 ед. ... Всего выдано 1 153 разрешения" (the report of the Almaty Social
Welfare Department for 2020).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.migration.choices import LabourCategory, SupportKind, Topic
from komek.registry.fields import PersonAddress


class Consultation(models.Model):
    """An ethnic Kazakh who came for an explanation of the migration legislation."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    date = models.DateField(_("date"))
    full_name = models.CharField(_("full name"), max_length=200)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    person_territory = PersonAddress("person", null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["date"], name="mig_consultation_date")]
        constraints = [
            models.CheckConstraint(condition=Q(topic__in=Topic.values), name="mig_topic_known"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.date:%d.%m.%Y}"


class KandasStatus(models.Model):
    """The kandas status assigned to a person of the registry, with the family members it includes."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="kandas_status", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    assigned_on = models.DateField(_("assigned on"))
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("region of settlement")
    )
    country = models.CharField(_("country of origin"), max_length=2)
    members = models.ManyToManyField(
        "registry.Person",
        through="KandasMember",
        related_name="kandas_member_of",
        blank=True,
        verbose_name=_("family members"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assigned_on", "-id"]
        verbose_name = _("kandas status")
        verbose_name_plural = _("kandas statuses")
        indexes = [models.Index(fields=["assigned_on"], name="mig_status_assigned")]

    def __str__(self) -> str:
        return str(self.person)


class KandasMember(models.Model):
    """A family member resettled under a kandas status (the status's ``members``)."""

    kandasstatus = models.ForeignKey(KandasStatus, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_territory = PersonAddress("person")

    class Meta:
        db_table = "migration_kandasstatus_members"
        verbose_name = _("family members")
        verbose_name_plural = _("family members")
        unique_together = [("kandasstatus", "person")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.kandasstatus_id}"


class Invitation(models.Model):
    """An invitation for a relative abroad to resettle, issued on the application of a person here."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    inviter = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("inviting person")
    )
    inviter_territory = PersonAddress("inviter")
    #: Whether the inviting person was a citizen of Kazakhstan when it was issued (the report counts them).
    inviter_citizen = models.BooleanField(_("inviting person a citizen of Kazakhstan"))
    issued = models.DateField(_("issued on"))
    relative = models.CharField(_("relative invited"), max_length=200)
    country = models.CharField(_("country of residence"), max_length=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["issued"], name="mig_invitation_issued")]

    def __str__(self) -> str:
        return f"{self.relative} · {self.issued:%d.%m.%Y}"


class Support(models.Model):
    """Support of a kandas's resettlement paid: a relocation subsidy or a compensation of rent."""

    status = models.ForeignKey(
        KandasStatus, on_delete=models.PROTECT, related_name="supports", verbose_name=_("kandas status")
    )
    kind = models.CharField(_("kind of support"), max_length=12, choices=SupportKind.choices)
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("support of resettlement")
        verbose_name_plural = _("support of resettlement")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SupportKind.values), name="mig_support_kind_known"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="mig_support_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.status} · {self.get_kind_display()}"


class Permit(models.Model):
    """A permit issued to an employer for attracting foreign workers of a category."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    employer = models.CharField(_("employer"), max_length=200)
    employer_bin = models.CharField(_("employer's BIN"), max_length=12)
    category = models.CharField(_("category"), max_length=1, choices=LabourCategory.choices)
    country = models.CharField(_("country of origin"), max_length=2)
    workers = models.PositiveIntegerField(_("number of workers"))
    issued = models.DateField(_("issued on"))
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"))
    fee = models.PositiveBigIntegerField(_("fee paid, tenge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued", "-id"]
        verbose_name = _("permit to attract foreign labour")
        verbose_name_plural = _("permits to attract foreign labour")
        indexes = [models.Index(fields=["issued", "category"], name="mig_permit_issued")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=LabourCategory.values), name="mig_category_known"
            ),
            models.CheckConstraint(condition=Q(workers__gt=0), name="mig_permit_workers_positive"),
            models.CheckConstraint(condition=Q(term_to__gte=F("term_from")), name="mig_permit_term"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.issued:%d.%m.%Y}"


class Check(models.Model):
    """A check of an employer attracting foreign labour, and the violations it found."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    date = models.DateField(_("date"))
    employer = models.CharField(_("employer"), max_length=200)
    employer_bin = models.CharField(_("employer's BIN"), max_length=12)
    violations = models.PositiveIntegerField(_("violations found"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("check of an employer")
        verbose_name_plural = _("checks of employers")
        indexes = [models.Index(fields=["date"], name="mig_check_date")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.date:%d.%m.%Y}"
