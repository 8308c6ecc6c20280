"""The choices of the barrier-free environment: kinds of social-infrastructure objects and what their
certification found."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectKind(models.TextChoices):
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social protection")
    CULTURE = "culture", _("Culture")
    SPORT = "sport", _("Sport")
    TRANSPORT = "transport", _("Transport")
    TRADE = "trade", _("Trade and services")
    ADMINISTRATION = "administration", _("State bodies")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


class Finding(models.TextChoices):
    """What the passport of an object concludes about its accessibility for persons with disabilities."""

    ACCESSIBLE = "accessible", _("Accessible: no adaptation needed")
    PARTIAL = "partial", _("Partly accessible: to adapt")
    INACCESSIBLE = "inaccessible", _("Not accessible: to adapt")
