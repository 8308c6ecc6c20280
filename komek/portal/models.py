"""The citizen portal's own records: the one-time sign-in codes (hashed) and the outbox of the
demo identity provider (the message an SMS gateway would carry, shown to staff)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.registry.fields import PersonAddress


class SignInCode(models.Model):
    """A one-time code sent to a citizen: kept as a hash, valid for a few minutes, used once, a
    limited number of wrong tries."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="portal_code_expires"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    """A message of the demo identity provider: what it would send by SMS, kept for staff to read."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    address = models.CharField(_("to"), max_length=254)
    text = models.TextField(_("text"))
    kato_code = models.CharField(_("KATO"), max_length=9, db_index=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.address} {self.created_at:%Y-%m-%d %H:%M}"


class CodeRequest(models.Model):
    """A sign-in code asked for, kept for the window of the limits (``KOMEK_CITIZEN_CODES_*``): how
    many an IIN and a client address asked lately. The IIN is kept as a keyed hash (any IIN typed,
    in the registry or not); rows older than the window are deleted by the next request."""

    iin_hash = models.CharField(max_length=64)
    address = models.CharField(_("client address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("asked"), db_index=True)

    class Meta:
        verbose_name = _("sign-in code request")
        verbose_name_plural = _("sign-in code requests")
        indexes = [
            models.Index(fields=["iin_hash", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.address or '-'} {self.created_at:%Y-%m-%d %H:%M}"
