"""The overpayment ledger: money paid that was not due, recovered from later payments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals
from komek.payments.choices import OverpaymentReason
from komek.payments.models import Overpayment

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor


@audited_refusals(audit.object_type_of(Overpayment), id_kwarg="assignment_id")
def overpayment_record(
    *,
    actor: Actor,
    assignment_id: int,
    amount: int,
    reason: str,
    detected_on: dt.date | None = None,
    note: str = "",
) -> Overpayment:
    """Record an overpayment; the next payrolls deduct it from the assignment's payments."""
    policy.require_any(actor, Capability.PAYROLL_PREPARE, Capability.ASSIGNMENT_MANAGE)
    if reason not in OverpaymentReason.values:
        raise DomainError(_("Unknown value: %(value)s.") % {"value": reason}, field="reason")
    if reason == OverpaymentReason.RECALCULATION:
        raise DomainError(
            _("An overpayment of a recalculation is booked by the recalculation itself."), field="reason"
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("The amount is a positive whole number of tenge."), field="amount")
    today = timezone.localdate()
    detected_on = detected_on or today
    if detected_on > today:
        raise DomainError(_("The date cannot be in the future."), field="detected_on")
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound(_("No such assignment."), field="assignment_id")
        policy.require_territory(actor, assignment.kato_code)
        overpayment = Overpayment.objects.create(
            assignment=assignment, territory=assignment.kato_code, amount=amount, reason=reason,
            detected_on=detected_on,
            note=note.strip()[:300], created_by=cast("User", actor),
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=overpayment,
            person_id=assignment.recipient_id, territory=assignment.kato_code,
            changes=audit.created(
                audit.snapshot(overpayment, ("assignment", "amount", "reason", "detected_on", "note"))
            ),
        )  # fmt: skip
    return overpayment
