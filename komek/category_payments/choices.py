"""The states of a payment list and the origins of its rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Under review")
    APPROVED = "approved", _("Approved")


class RowOrigin(models.TextChoices):
    SELECTED = "selected", _("Selected by the rules")
    ADDED = "added", _("Added by hand")
    IMPORTED = "imported", _("Imported from a file")
