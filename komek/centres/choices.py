"""The kinds of centres, of the services they give a registered person and of their group events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreKind(models.TextChoices):
    FAMILY = "family", _("Family centre «Бақытты отбасы»")
    CRAFTS = "crafts", _("Traditional crafts centre")
    LONGEVITY = "longevity", _("Active longevity centre")


class ServiceKind(models.TextChoices):
    LEGAL = "legal", _("Legal consultation")
    PSYCHOLOGICAL = "psychological", _("Psychological consultation")
    SOCIAL_WORK = "social_work", _("Social work")
    INFORMATION = "information", _("Information and advice")
    TRAINING = "training", _("Training")
    LARGE_FAMILY_COURSE = "large_family_course", _("Course for large families")
    CRAFT_COURSE = "craft_course", _("Craft course")
    HEALTH = "health", _("Health or sport activity")
    MEDICAL = "medical", _("Consultation of a geriatrician or nurse")
    CULTURAL = "cultural", _("Cultural activity")


class EventKind(models.TextChoices):
    MASTER_CLASS = "master_class", _("Master class")
    TRAINING = "training", _("Group training")
    CULTURAL = "cultural", _("Cultural event")
    SPORT = "sport", _("Sport event")
    EXCURSION = "excursion", _("Excursion")
    OTHER = "other", _("Other")
