"""Recalculation of assignments whose amount is a multiple of a dated parameter (``amount_parameter``:
the MCI, the subsistence minimum).

When the MCI changes mid-period (2,651 → 2,778 tenge from 1 April 2020), every open assignment whose
amount is a multiple of the MCI gets a new dated amount, ``amount_mci`` (the multiple) times the
value in force where the beneficiary lives, from the first month on or after the change; a change
of the subsistence minimum recalculates the amounts in subsistence minimums alike. Months that
were already paid at the old amount are not touched here: the next payroll pays their difference as
arrears lines (``komek.payments.generation``), so recalculation and payment stay separate steps.
An amount lowered below what was already paid is announced (``komek.benefits.signals``): payments
books the overpayment in this same transaction, and later payrolls recover it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import AmountParameter, AssignmentStatus
from komek.benefits.models import Assignment, AssignmentAmount
from komek.benefits.signals import amounts_lowered
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.money import round_tenge
from komek.common.periods import add_months

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass(frozen=True)
class Recalculation:
    parameter: str
    month: dt.date
    value: Decimal
    changed: int


def first_month_from(day: dt.date) -> dt.date:
    """The first month starting on or after ``day``."""
    return day if day.day == 1 else add_months(day, 1)


def assignments_recalculate(*, actor: Actor, valid_from: dt.date, parameter: str = "mci") -> Recalculation:
    """New amounts from ``valid_from``'s month for the actor's open assignments whose amount is a
    multiple of ``parameter`` (its regional value where the beneficiary lives, when there is one);
    the assignments whose amount went down are announced with ``amounts_lowered`` (their
    overpayment). ``value`` of the result is the national value."""
    policy.require(actor, Capability.ASSIGNMENT_MANAGE)
    if parameter not in AmountParameter.values:
        raise DomainError(
            _("The amount can follow only the MCI or the subsistence minimum."), field="parameter"
        )
    from komek.legislation.loader import parameter_table

    month = first_month_from(valid_from)
    table = parameter_table()
    value = table.value(parameter, month)
    with transaction.atomic():
        assignments = list(
            Assignment.objects.select_for_update()
            .filter(policy.territory_q(actor, "kato_code"), amount_parameter=parameter, period_end__gte=month)
            .filter(amount_mci__isnull=False)
            .filter(status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.SUSPENDED])
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=month))
        )
        by_id = {a.pk: a for a in assignments}
        current = {
            row.assignment_id: row
            for row in AssignmentAmount.objects.filter(
                assignment_id__in=list(by_id), valid_from__lte=month
            ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        }
        to_update: list[AssignmentAmount] = []
        to_create: list[AssignmentAmount] = []
        changed: list[Assignment] = []
        lowered: list[int] = []
        reason = f"{parameter} = {value} from {month}"
        for pk, assignment in by_id.items():
            row = current.get(pk)
            in_force = table.value(parameter, month, assignment.kato_code)
            new_amount = round_tenge(assignment.amount_mci * in_force)  # type: ignore[operator]
            if row is None or row.monthly_amount == new_amount:
                continue
            if row.valid_from == month:
                row.monthly_amount, row.reason, row.recalculated = new_amount, reason, True
                to_update.append(row)
            else:
                to_create.append(
                    AssignmentAmount(
                        assignment_id=pk, territory=assignment.kato_code, valid_from=month,
                        valid_to=row.valid_to, monthly_amount=new_amount, reason=reason, recalculated=True,
                    )
                )  # fmt: skip
                row.valid_to = month - dt.timedelta(days=1)
                to_update.append(row)
            if new_amount < row.monthly_amount:
                lowered.append(pk)
            assignment.monthly_amount = new_amount
            changed.append(assignment)
        AssignmentAmount.objects.bulk_update(
            to_update, ["monthly_amount", "reason", "valid_to", "recalculated"], batch_size=2000
        )
        AssignmentAmount.objects.bulk_create(to_create, batch_size=2000)
        Assignment.objects.bulk_update(changed, ["monthly_amount"], batch_size=2000)
        audit.record(
            actor=actor, action=AuditAction.UPDATE, object_type="benefits.recalculation",
            object_id=f"{parameter}:{month}", reason=reason, territory=audit.user_territory(actor),
            changes={"assignments": [None, sorted(a.pk for a in changed)], parameter: [None, str(value)]},
        )  # fmt: skip
        if lowered:
            amounts_lowered.send(
                sender=Assignment, actor=actor, assignment_ids=sorted(lowered), reason=reason
            )
    return Recalculation(parameter=parameter, month=month, value=value, changed=len(changed))
