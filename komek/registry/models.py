"""Persons, families, memberships, statuses, incomes and documents.

Invariants live here as database constraints (unique IIN, one current family per person, one
current head per family, non-negative incomes, ordered validity periods); workflows live in the
service modules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order
from komek.registry import choices
from komek.registry.fields import PersonAddress


class ImportBatch(models.Model):
    """One run of ``komek import persons``: the file, the counts and who ran it."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("checksum"), max_length=64)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    all_or_nothing = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Person(models.Model):
    iin = models.CharField(_("IIN"), max_length=12, unique=True)
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=6, choices=choices.Sex.choices)
    citizenship = models.CharField(
        _("citizenship or status"),
        max_length=12,
        choices=choices.Citizenship.choices,
        default=choices.Citizenship.CITIZEN,
    )
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        verbose_name=_("registered address (KATO)"),
        related_name="+",
    )
    street = models.CharField(_("street, house, flat"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    # Blank when not known (payment purposes are then written in Russian).
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=choices.Language.choices,
        blank=True,
        default="",
        db_default="",
    )
    search_key = models.CharField(max_length=310, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    IDENTITY_FIELDS = ("iin", "surname", "name", "patronymic", "birth_date", "sex", "citizenship")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        # The unique IIN and the KATO foreign key get Django's own pattern ("_like") indexes; the
        # search key's byte-order index is created by migration 0003 (its collation is per database).
        constraints = [
            models.CheckConstraint(condition=Q(iin__regex=r"^[0-9]{12}$"), name="person_iin_twelve_digits"),
            models.CheckConstraint(condition=Q(sex__in=choices.Sex.values), name="person_sex_known"),
            models.CheckConstraint(
                condition=Q(citizenship__in=choices.Citizenship.values), name="person_citizenship_known"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["", *choices.Language.values]), name="person_language_known"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)


class Family(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.PROTECT,
        db_column="kato_code",
        verbose_name=_("address (KATO)"),
        related_name="+",
    )
    street = models.CharField(_("street, house, flat"), max_length=200, blank=True)
    dwellings_owned = models.PositiveSmallIntegerField(_("dwellings owned"), default=0)
    living_area = models.DecimalField(_("living area, m²"), max_digits=7, decimal_places=2, default=0)
    tenure = models.CharField(
        _("tenure"), max_length=16, choices=choices.Tenure.choices, default=choices.Tenure.OWNED
    )
    cars_owned = models.PositiveSmallIntegerField(_("cars owned"), default=0)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [
            models.CheckConstraint(condition=Q(living_area__gte=0), name="family_area_non_negative"),
            models.CheckConstraint(condition=Q(tenure__in=choices.Tenure.values), name="family_tenure_known"),
        ]

    def __str__(self) -> str:
        return _("Family No. %(id)s") % {"id": self.pk}


class Membership(models.Model):
    """A person's membership of a family over a period; ``valid_to`` is empty while current."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    person_territory = PersonAddress("person")
    # The family's address (its ``kato``): the key the memberships are partitioned on by region on
    # PostgreSQL, where a foreign key on (family, territory) holds it equal to the family's and moves
    # it with the family (ADR 0069).
    territory = models.CharField(_("family's address (KATO)"), max_length=9, editable=False)
    relation = models.CharField(_("relation to the head"), max_length=12, choices=choices.Relation.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("family membership")
        verbose_name_plural = _("family memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="membership_one_current_family"
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(valid_to__isnull=True, relation="head"),
                name="membership_one_head",
            ),
            period_order("membership_period_order"),
            models.CheckConstraint(
                condition=Q(relation__in=choices.Relation.values), name="membership_relation_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.family_id} ({self.relation})"


class PersonStatus(models.Model):
    """A status with a validity period: disability group, pension, veteran category, ..."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statuses")
    person_territory = PersonAddress("person")
    kind = models.CharField(_("status"), max_length=24, choices=choices.StatusKind.choices)
    subtype = models.CharField(_("category"), max_length=24)
    cause = models.CharField(_("cause"), max_length=24, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty when indefinite."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["kind", "subtype"], name="status_kind_idx")]
        constraints = [
            period_order("status_period_order"),
            models.CheckConstraint(condition=Q(kind__in=choices.StatusKind.values), name="status_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subtype_label}"

    @property
    def subtype_label(self) -> str:
        subtypes = choices.STATUS_SUBTYPES.get(self.kind)
        return str(dict(subtypes.choices).get(self.subtype, self.subtype)) if subtypes else self.subtype


class Income(models.Model):
    """A member's income of one type for one month, declared or verified from a state database."""

    # Lookups by person use the unique constraint's index, which starts with the person.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="incomes", db_index=False)
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    income_type = models.CharField(_("income type"), max_length=24, choices=choices.IncomeType.choices)
    amount = models.DecimalField(_("amount, tenge"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=choices.IncomeSource.choices)
    # The person's registered address, held equal to it on PostgreSQL by a foreign key on (person,
    # territory) that follows a move (ON UPDATE CASCADE): the key the incomes are partitioned on
    # by region (ADR 0066), carried as every key to a person carries it (ADR 0070).
    territory = PersonAddress("person")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        ordering = ["-month", "income_type"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="income_amount_non_negative"),
            models.CheckConstraint(
                condition=Q(income_type__in=choices.IncomeType.values), name="income_type_known"
            ),
            models.CheckConstraint(
                condition=Q(source__in=choices.IncomeSource.values), name="income_source_known"
            ),
            models.UniqueConstraint(
                fields=["person", "month", "income_type", "source"], name="income_one_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.income_type} {self.amount}"


def document_path(instance: Document, filename: str) -> str:
    # The stored name never contains the uploader's file name (it may carry personal data).
    return f"{instance.uploaded_at:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Document(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    person_territory = PersonAddress("person", null=True, blank=True)
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=24, choices=choices.DocumentType.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(family__isnull=True))
                | (Q(person__isnull=True) & Q(family__isnull=False)),
                name="document_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}: {self.original_name}"


class UnitSummary(models.Model):
    """The registry's head-count of one territorial unit as of its last refresh (``komek registry
    summary refresh``): what the start pages show instead of counting two million persons on every
    request. Rows are replaced as a whole by ``services.summary.summary_refresh``."""

    kato = models.ForeignKey(
        "common.KatoUnit",
        on_delete=models.CASCADE,
        db_column="kato_code",
        verbose_name=_("territorial unit"),
        related_name="+",
    )
    on = models.DateField(_("figures on"))
    refreshed_at = models.DateTimeField(_("counted at"))
    persons = models.PositiveIntegerField(_("persons"), default=0)
    families = models.PositiveIntegerField(_("families"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    disability = models.PositiveIntegerField(_("persons with disability"), default=0)
    pensioners = models.PositiveIntegerField(_("pensioners"), default=0)
    adult_age = models.PositiveSmallIntegerField(_("age of majority"))

    class Meta:
        verbose_name = _("registry summary of a unit")
        verbose_name_plural = _("registry summaries of units")
        constraints = [models.UniqueConstraint(fields=["kato"], name="unit_summary_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.kato_id} {self.on}"
