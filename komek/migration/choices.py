"""The choices of migration: topics of consultations, kinds of support of kandas and the categories
of foreign labour (the Law of the Republic of Kazakhstan of 22 July 2011 No. 477-IV "On migration of
population" and the rules of the quota for attracting foreign labour)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    STATUS = "status", _("The kandas status")
    RESETTLEMENT = "resettlement", _("Resettlement and its support")
    INVITATION = "invitation", _("Invitation of relatives from abroad")
    CITIZENSHIP = "citizenship", _("Citizenship and documents")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other questions of the migration legislation")


class SupportKind(models.TextChoices):
    RELOCATION = "relocation", _("Relocation subsidy")
    RENT = "rent", _("Housing rent compensation")


class LabourCategory(models.TextChoices):
    """The four categories of foreign workers the quota is set and counted by."""

    I = "1", _("Category I: heads and their deputies")  # noqa: E741
    II = "2", _("Category II: heads of structural divisions")
    III = "3", _("Category III: specialists")
    IV = "4", _("Category IV: skilled workers")


#: The short names of the categories, as the reports print them ("I категория – 304").
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
