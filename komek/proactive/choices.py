"""The choices of the proactive worklist: what an item is, where it stands, how a notice goes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    # Eligible by the rules engine for a programme they do not receive: offered support.
    CANDIDATE = "candidate", _("Entitled, not receiving")
    # Receiving under an active assignment the rules engine no longer finds them eligible for.
    NOT_ELIGIBLE = "not_eligible", _("Receiving, no longer eligible")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("To work")
    OFFERED = "offered", _("Offered")
    CONSENTED = "consented", _("Consented")
    DISMISSED = "dismissed", _("Dismissed")
    # An open item a later scan of the same territory no longer found (the registry changed).
    GONE = "gone", _("No longer found")


#: Items still in the work: a scan refreshes or keeps them, never adds a second one.
LIVE_STATUSES = (ItemStatus.OPEN, ItemStatus.OFFERED, ItemStatus.CONSENTED)


class NoticeChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
