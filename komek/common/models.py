"""Territorial units (KATO) and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.common.choices import AuditAction, KatoLevel


class KatoUnit(models.Model):
    """A unit of the classifier of administrative-territorial units (KATO).

    ``prefix`` holds the significant leading digits of the code: everything registered under a
    unit has a KATO code that starts with it, which is how staff are scoped to their territory.
    """

    code = models.CharField(_("KATO code"), max_length=9, primary_key=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=KatoLevel.choices)
    prefix = models.CharField(_("code prefix"), max_length=9, db_index=True)
    name_kk = models.CharField(_("name (kk)"), max_length=200)
    name_ru = models.CharField(_("name (ru)"), max_length=200)
    name_en = models.CharField(_("name (en)"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{9}$"), name="kato_code_nine_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return str(getattr(self, f"name_{lang}", None) or self.name_ru)

    @property
    def region_code(self) -> str:
        return self.code[:2]


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutable(_("Audit records cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable(_("Audit records cannot be deleted."))


class AuditLogImmutable(Exception):
    pass


class AuditLog(models.Model):
    """One row per action: who, when, what, which fields (before and after), and why.

    Append-only three times over: the model refuses updates and deletes, the queryset refuses bulk
    updates and deletes, and database triggers (``komek.common.db_triggers``) refuse both in SQL,
    ``REPLACE`` included; on PostgreSQL the application's role may only insert and select (ADR
    0018). Each row is a link of a hash chain (``komek.common.audit_chain``): ``seq`` its position,
    ``prev_hash`` the hash of the row before it, ``row_hash`` the SHA-256 of its own fields and
    ``prev_hash``; ``komek audit verify`` finds the first broken link.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_username = models.CharField(_("user"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    territory = models.CharField(_("KATO code"), max_length=9, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    seq = models.BigIntegerField(_("position in the chain"), unique=True, editable=False)
    prev_hash = models.CharField(_("hash of the previous record"), max_length=64, editable=False)
    row_hash = models.CharField(_("hash of this record"), max_length=64, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["territory"], name="audit_territory_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_username} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogImmutable(_("Audit records cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable(_("Audit records cannot be deleted."))


class AuditChainHead(models.Model):
    """The end of the audit chain: the position and hash of the last record written.

    Its one row is locked by every writer of the log (``SELECT ... FOR UPDATE``; SQLite has one
    writer at a time anyway), so concurrent transactions append to the chain one after another.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    row_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("end of the audit chain")

    def __str__(self) -> str:
        return f"{self.seq} {self.row_hash}"


class RefusalWindow(models.Model):
    """Repeats of one refusal from one client within a short window, counted on the window's row.

    The first refusal of a window writes its audit row (``audit_id``); the repeats only add to
    ``count`` (the audit log is append-only, so the count lives here, beside the row). The same
    counter throttles the client: past the limit of the window its requests are turned away
    before anything else is done.
    """

    key = models.CharField(_("what was refused, from where"), max_length=200)
    window_start = models.DateTimeField(_("window from"))
    count = models.PositiveIntegerField(_("times"), default=1)
    last_at = models.DateTimeField(_("last time"))
    audit_id = models.BigIntegerField(_("audit record"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("repeated refusal")
        verbose_name_plural = _("repeated refusals")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="refusal_window_once")]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} ×{self.count}"
