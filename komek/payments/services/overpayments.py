"""The overpayment ledger: money paid that was not due, recovered from later payments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.roles import Capability
from komek.benefits.models import Assignment
from komek.benefits.refusals import audited_refusals
from komek.common.audit import audit_record, created, snapshot
from komek.common.errors import DomainError, NotFound
from komek.common.models import AuditAction
from komek.payments.models import Overpayment, OverpaymentReason
from komek.payments.services._common import require_any
from komek.registry.services._common import require_territory, today


@audited_refusals("payments.overpayment", action=AuditAction.CREATE, id_kwarg="assignment_id")
def overpayment_record(
    *,
    actor: Any,
    assignment_id: int,
    amount: int,
    reason: str,
    detected_on: dt.date | None = None,
    note: str = "",
) -> Overpayment:
    """Record an overpayment; the next payrolls deduct it from the assignment's payments."""
    require_any(actor, Capability.PAYROLL_PREPARE, Capability.ASSIGNMENT_MANAGE)
    if reason not in OverpaymentReason.values:
        raise DomainError(_("Unknown value: %(value)s.") % {"value": reason}, field="reason")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("The amount is a positive whole number of tenge."), field="amount")
    detected_on = detected_on or today()
    if detected_on > today():
        raise DomainError(_("The date cannot be in the future."), field="detected_on")
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound(_("No such assignment."), field="assignment_id")
        require_territory(actor, assignment.kato_code)
        overpayment = Overpayment.objects.create(
            assignment=assignment, amount=amount, reason=reason, detected_on=detected_on,
            note=note.strip()[:300], created_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor, action=AuditAction.CREATE, object_type="payments.overpayment",
            object_id=overpayment.pk,
            person_id=assignment.recipient_id, territory=assignment.kato_code,
            changes=created(snapshot(overpayment, ("assignment", "amount", "reason", "detected_on", "note"))),
        )  # fmt: skip
    return overpayment
