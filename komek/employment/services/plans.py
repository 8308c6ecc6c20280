"""Annual plans: the planned number of people per indicator, territory and target group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.employment.choices import Indicator, TargetGroup
from komek.employment.models import AnnualPlan
from komek.employment.services._checks import audit, manage, positive_int, today

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


PLAN_FIRST_YEAR = 2020


@transaction.atomic
def plan_set(
    *,
    actor: Actor,
    year: int,
    kato: str,
    indicator: str,
    target_group: str = "",
    planned: int,
    allocated: int | None = None,
) -> AnnualPlan:
    """Set (or change) the annual plan of an indicator for a territory and target group; the plan
    of short-term training for everyone also holds the money allocated for it (``allocated``)."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    if not isinstance(year, int) or not PLAN_FIRST_YEAR <= year <= today().year + 1:
        raise DomainError(
            _("The plan's year must be between %(first)s and %(last)s.")
            % {"first": PLAN_FIRST_YEAR, "last": today().year + 1},
            field="year",
        )
    if indicator not in Indicator.values:
        raise DomainError(_("Unknown indicator."), field="indicator")
    if target_group and target_group not in TargetGroup.values:
        raise DomainError(_("Unknown target group."), field="target_group")
    number = positive_int(planned, field="planned", allow_zero=True)
    if allocated is not None and (indicator != Indicator.TRAINING or target_group):
        raise DomainError(
            _("Money is planned only for short-term training, for everyone."), field="allocated"
        )
    money = None if allocated is None else positive_int(allocated, field="allocated", allow_zero=True)
    plan, was_created = AnnualPlan.objects.select_for_update().get_or_create(
        year=year,
        kato=unit,
        indicator=indicator,
        target_group=target_group,
        defaults={"planned": number, "allocated": money},
    )
    before = None if was_created else plan.planned
    money_before = None if was_created else plan.allocated
    if not was_created and (plan.planned, plan.allocated) != (number, money):
        plan.planned, plan.allocated = number, money
        plan.save(update_fields=["planned", "allocated"])
    audit(
        actor=actor,
        territory=unit.code,
        obj=plan,
        action=AuditAction.CREATE if was_created else AuditAction.UPDATE,
        changes={
            "year": [None, year] if was_created else [year, year],
            "indicator": [None, indicator],
            "target_group": [None, target_group],
            "planned": [before, number],
            **({"allocated": [money_before, money]} if money_before != money else {}),
        },
    )
    return plan
