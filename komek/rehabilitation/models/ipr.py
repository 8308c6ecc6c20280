"""Individual rehabilitation programmes, their entitlements, and the provision queues."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.dated import period_order
from komek.registry.fields import PersonAddress
from komek.rehabilitation import choices


class IprImport(models.Model):
    """One file delivered by the medical-social examination and what became of its rows."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    all_or_nothing = models.BooleanField(default=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("IPR import")

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Ipr(models.Model):
    """An individual rehabilitation programme of a person with disability."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    number = models.CharField(_("IPR number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty when indefinite."))
    source = models.CharField(
        max_length=8, choices=choices.IprSource.choices, default=choices.IprSource.MANUAL
    )
    import_batch = models.ForeignKey(IprImport, on_delete=models.PROTECT, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("individual rehabilitation programme")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="ipr_number_once_per_person"),
            period_order("ipr_period_order"),
        ]

    def __str__(self) -> str:
        return f"IPR {self.number}"


class Entitlement(models.Model):
    """One provision an IPR lists, with its own validity period.

    ``quantity`` counts items (or vouchers) per provision; hygiene products carry their monthly
    norm; hour services carry the yearly hours (trips for special transport).
    """

    ipr = models.ForeignKey(Ipr, on_delete=models.PROTECT, related_name="entitlements")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    kind = models.CharField(_("aid"), max_length=20, choices=choices.AidKind.choices)
    item = models.CharField(_("item"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    monthly_norm = models.PositiveIntegerField(_("monthly norm"), null=True, blank=True)
    hours_per_year = models.PositiveIntegerField(_("hours a year"), null=True, blank=True)
    replacement_months = models.PositiveIntegerField(_("replacement period, months"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("entitlement")
        ordering = ["kind"]
        indexes = [models.Index(fields=["kind", "valid_from"], name="entitlement_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["ipr", "kind"], name="entitlement_one_kind_per_ipr"),
            models.CheckConstraint(
                condition=Q(kind__in=choices.AidKind.values), name="entitlement_kind_known"
            ),
            period_order("entitlement_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.person_id})"


class QueueEntry(models.Model):
    """A person waiting for one aid from the date of the application.

    The order of a queue (one per aid kind and district) is priority, then the application date,
    then the entry's number; positions are computed, never stored, so nobody can be moved without
    changing one of these, which only ``queue_entry_reorder`` does, with a recorded reason.
    """

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="queue_entries")
    kind = models.CharField(_("aid"), max_length=20, choices=choices.AidKind.choices)
    district = models.CharField(_("district (KATO)"), max_length=9)
    applied_on = models.DateField(_("application date"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=choices.Priority.choices, default=choices.Priority.GENERAL
    )
    status = models.CharField(
        max_length=10, choices=choices.QueueStatus.choices, default=choices.QueueStatus.WAITING
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("queue entry")
        verbose_name_plural = _("queue entries")
        indexes = [
            models.Index(
                fields=["kind", "district", "status", "priority", "applied_on"], name="queue_order_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status="waiting"),
                name="queue_one_waiting_entry_per_kind",
            ),
            models.CheckConstraint(condition=Q(kind__in=choices.AidKind.values), name="queue_kind_known"),
            period_order("queue_closed_after_application", start="applied_on", end="closed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id} {self.applied_on}"


class QueueChange(models.Model):
    """A change of a queue entry's priority or date: who, when, why (the reason is required)."""

    entry = models.ForeignKey(QueueEntry, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=20)
    before = models.CharField(max_length=40)
    after = models.CharField(max_length=40)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="queue_change_has_reason")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
