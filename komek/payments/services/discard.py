"""Discarding a payroll that is not approved yet, to prepare it again after late changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.roles import Capability
from komek.benefits.refusals import audited_refusals
from komek.common.audit import audit_record
from komek.common.errors import DomainError, NotFound
from komek.common.models import AuditAction
from komek.payments.models import PaymentLine, Payroll, PayrollStatus
from komek.payments.services._common import OBJECT, require_any, require_prefix
from komek.payments.services.run import payroll_run


@audited_refusals(OBJECT, id_kwarg="payroll_id")
def payroll_prepare_again(*, actor: Any, payroll_id: int) -> Payroll:
    """Drop a prepared payroll's lines and prepare it anew from the assignments as they are now
    (a termination or a suspension entered after preparing). An approved payroll is final."""
    require_any(actor, Capability.PAYROLL_PREPARE)
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().filter(pk=payroll_id).first()
        if payroll is None:
            raise NotFound(_("No such payroll."), field="payroll_id")
        require_prefix(actor, payroll.prefix)
        if payroll.status == PayrollStatus.APPROVED:
            raise DomainError(
                _("An approved payroll cannot be prepared again."), field="payroll_id", code="status"
            )
        key = {"month": payroll.month, "programme": payroll.programme, "territory": payroll.territory}
        deleted, _by_model = PaymentLine.objects.filter(payroll=payroll).delete()
        audit_record(
            actor=actor, action=AuditAction.DELETE, object_type=OBJECT, object_id=payroll.pk,
            changes={"lines": [payroll.line_count, None], "total": [payroll.total_amount, None]},
            reason=str(payroll), territory=payroll.territory,
        )  # fmt: skip
        payroll.delete()
    fresh = [
        p
        for p in payroll_run(actor=actor, **key)  # type: ignore[arg-type]
        if p.budget_source == payroll.budget_source
    ]
    if not fresh:
        raise DomainError(
            _("Nothing is payable any more for this payroll."), field="payroll_id", code="empty"
        )
    return fresh[0]
