"""The state services' choices: channels, languages of letters, statuses of a case, decisions,
appeal outcomes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    OFFICE = "office", _("Department front office")
    AKIM = "akim", _("Akim of a rural district")
    PORTAL = "portal", _("E-government portal")


class Language(models.TextChoices):
    KK = "kk", "Қазақша"
    RU = "ru", "Русский"
    EN = "en", "English"


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_REVIEW = "in_review", _("In review")
    COMMISSION = "commission", _("At the commission")
    RETURNED = "returned", _("Returned for documents")
    ASSIGNED = "assigned", _("Assigned")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Refusal appealed")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_REVIEW, Status.COMMISSION, Status.RETURNED, Status.APPEALED)


class Decision(models.TextChoices):
    ASSIGN = "assign", _("Assign")
    REFUSE = "refuse", _("Refuse")
    RETURN = "return", _("Return for more documents")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld: the case is reviewed again")
    DISMISSED = "dismissed", _("Dismissed: the refusal stands")


class ServiceContext(models.TextChoices):
    """Which context carries a service of the catalogue out (``context`` in services.yaml)."""

    APPLICATIONS = "applications", _("State services")
    EMPLOYMENT = "employment", _("Employment centre")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
