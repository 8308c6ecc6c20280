"""The registry's per-unit summary (persons, families, children, disability, pensioners), counted
set-based for every unit at once and stored, so that the start pages read a few hundred rows
instead of counting two million persons with their statuses on every request."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from komek.accounts.choices import Capability
from komek.accounts.policy import require, system
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.validation import today
from komek.registry.models import UnitSummary
from komek.registry.statistics import registry_summary

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@transaction.atomic
def summary_refresh(*, actor: Actor, on: dt.date | None = None) -> int:
    """Count the whole registry per unit on ``on`` (today by default) and replace the stored summary
    with it; the count is the same grouped queries as the direct one, for every unit at once
    (nothing per person or per unit). Returns the number of units stored."""
    require(actor, Capability.PERSON_IMPORT)
    day = on or today()
    counted = registry_summary(user=system("registry-summary"), on=day)
    now = timezone.now()
    UnitSummary.objects.all().delete()
    UnitSummary.objects.bulk_create(
        UnitSummary(
            kato_id=unit.kato,
            on=day,
            refreshed_at=now,
            persons=unit.persons,
            families=unit.families,
            children=unit.children,
            disability=unit.disability,
            pensioners=unit.pensioners,
            adult_age=counted.adult_age,
        )
        for unit in counted.units
    )
    audit.record(
        actor=actor, action=AuditAction.UPDATE, object_type="registry.unitsummary", object_id="",
        changes={"on": day.isoformat(), "units": len(counted.units), "persons": counted.total.persons},
    )  # fmt: skip
    return len(counted.units)
