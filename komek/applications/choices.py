"""The state services' choices: channels, languages of letters, statuses of a case, decisions,
appeal outcomes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    OFFICE = "office", _("Department front office")
    AKIM = "akim", _("Akim of a rural district")
    PORTAL = "portal", _("E-government portal")
    # The state corporation's service centres (ЦОН): "1190 of them through non-profit joint-stock
    # company 'The Government corporation', 'The Government for Citizens'" (the Balkhash report 2018).
    GOV4C = "gov4c", _("Government for Citizens (a public service centre)")


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
    # A service whose result is not money (a certificate, a registration, a referral, a provision)
    # given at once: recorded through the register of services rendered (``services.rendered``).
    RENDERED = "rendered", _("Rendered")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Refusal appealed")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_REVIEW, Status.COMMISSION, Status.RETURNED, Status.APPEALED)


class Decision(models.TextChoices):
    ASSIGN = "assign", _("Assign")
    REFUSE = "refuse", _("Refuse")
    RETURN = "return", _("Return for more documents")
    RENDER = "render", _("Result given")


# The decisions a caseworker takes on a case (the decision form); ``render`` is the register's.
CASE_DECISIONS = (Decision.ASSIGN, Decision.REFUSE, Decision.RETURN)
# A service is rendered when its result is given: an assignment, a reasoned refusal, or the result
# of a service that assigns no money (the annual report's "state services rendered").
RENDERED_DECISIONS = (Decision.ASSIGN, Decision.REFUSE, Decision.RENDER)


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld: the case is reviewed again")
    DISMISSED = "dismissed", _("Dismissed: the refusal stands")


class ServiceContext(models.TextChoices):
    """Which context carries a service of the catalogue out (``context`` in services.yaml)."""

    APPLICATIONS = "applications", _("State services")
    EMPLOYMENT = "employment", _("Employment centre")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
