"""The choices of the labour context: the kinds of labour inspections and the state of a fine."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The road-map agreements on the managed transfer of the labour force are concluded with the
#: enterprises of more than 250 workers (the report of the Almaty Social Welfare Department for 2020).
ROAD_MAP_STAFF = 250


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNPLANNED = "unplanned", _("Unplanned")


class FineStatus(models.TextChoices):
    IMPOSED = "imposed", _("Imposed")
    PAID = "paid", _("Paid")
    EXECUTED = "executed", _("Executed by enforcement")


#: The survey's figures: field, label. Flows of the month and the states at its end.
SURVEY_FIELDS: tuple[tuple[str, Any], ...] = (
    ("staff", _("Staff")),
    ("hired", _("Hired")),
    ("quit", _("Dismissed by own wish")),
    ("released", _("Released by redundancy or liquidation")),
    ("unpaid_leave", _("On forced unpaid leave")),
    ("part_time", _("Working part-time")),
    ("downtime", _("Idle through downtime")),
    ("stoppage", _("Idle through a partial stoppage of production")),
    ("forecast", _("Releases forecast next month")),
)
