"""The budget's choices: the status of an allocation, the special social services linked to a
budget programme. Budget sources are the assignments' (``komek.benefits.choices.BudgetSource``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from komek.benefits.choices import BudgetSource

__all__ = ["AllocationStatus", "BudgetSource", "SpecialService", "Thing"]


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class SpecialService(models.TextChoices):
    """Special social services, as links.yaml names them."""

    HOME = "home", _("Special social services at home")
    DAY = "day", _("Day care in a centre")
    RESIDENTIAL = "residential", _("Residential institution")
    SOCIAL_ORDER = "social_order", _("State social-order project")


class Thing(models.TextChoices):
    """What a spending record is of: the sections of links.yaml."""

    PROGRAMME = "programme", _("Benefit programme")
    MEASURE = "measure", _("Employment measure")
    AID = "aid", _("Rehabilitation aid")
    SPECIAL_SERVICE = "special_service", _("Special social service")
