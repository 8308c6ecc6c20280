"""Discarding a payroll that is not approved yet, to prepare it again after late changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals
from komek.payments.choices import PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services._checks import OBJECT, require_payroll_territory
from komek.payments.services.run import payroll_run
from komek.payments.territory import lines_in

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="payroll_id")
def payroll_prepare_again(*, actor: Actor, payroll_id: int) -> Payroll:
    """Drop a prepared payroll's lines and prepare it anew from the assignments as they are now
    (the changes since preparation that ``komek.payments.differences`` lists: an amount, an account,
    a termination or suspension, a new assignment, a returned payment to pay again). An approved
    payroll is final."""
    policy.require(actor, Capability.PAYROLL_PREPARE)
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().filter(pk=payroll_id).first()
        if payroll is None:
            raise NotFound(_("No such payroll."), field="payroll_id")
        require_payroll_territory(actor, payroll)
        if payroll.status == PayrollStatus.APPROVED:
            raise DomainError(
                _("An approved payroll cannot be prepared again."), field="payroll_id", code="status"
            )
        key = {"month": payroll.month, "programme": payroll.programme, "territory": payroll.territory}
        deleted, _by_model = PaymentLine.objects.filter(lines_in(payroll.prefix), payroll=payroll).delete()
        audit.record(
            actor=actor, action=AuditAction.DELETE, obj=payroll,
            changes={"lines": [payroll.line_count, None], "total": [payroll.total_amount, None]},
            reason=str(payroll), territory=payroll.territory,
        )  # fmt: skip
        payroll.delete()
    fresh = payroll_run(actor=actor, **key)  # type: ignore[arg-type]
    if not fresh:
        raise DomainError(
            _("Nothing is payable any more for this payroll."), field="payroll_id", code="empty"
        )
    return fresh[0]
