"""Handing an approved payroll's registry to a bank: checked, audited, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.payments import registries
from komek.payments.choices import PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services._checks import require_payroll_territory
from komek.payments.territory import lines_in

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FORMATS = ("csv", "pain001")


def payroll_export(*, actor: Actor, payroll_id: int, bic: str, fmt: str) -> tuple[str, Iterator[str]]:
    """The file name and the text chunks of one bank's registry of an approved payroll."""
    policy.require_any(actor, Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE)
    if fmt not in FORMATS:
        raise DomainError(_("Unknown format: %(value)s.") % {"value": fmt}, field="format")
    payroll = Payroll.objects.filter(pk=payroll_id).first()
    if payroll is None:
        raise NotFound(_("No such payroll."), field="payroll_id")
    require_payroll_territory(actor, payroll)
    if payroll.status != PayrollStatus.APPROVED:
        raise DomainError(_("Only an approved payroll goes to the banks."), field="payroll_id", code="status")
    if bic not in registries.banks_of(payroll):
        raise DomainError(_("This payroll pays nothing through bank %(bic)s.") % {"bic": bic}, field="bank")
    count, total = registries.totals(payroll, bic)
    audit.read(
        actor=actor, action=AuditAction.EXPORT, obj=payroll,
        changes={"bank": [None, bic], "format": [None, fmt], "payments": [None, count],
                 "total": [None, total]},
        territory=payroll.territory,
        persons=PaymentLine.objects.filter(lines_in(payroll.prefix), payroll=payroll, bank_id=bic)
        .values_list("assignment__recipient_id", flat=True)
        .distinct(),
    )  # fmt: skip
    chunks = (
        registries.pain001_chunks(payroll, bic) if fmt == "pain001" else registries.csv_chunks(payroll, bic)
    )
    return registries.file_name(payroll, bic, fmt), chunks
