"""Handing an approved payroll's registry to a bank: checked, audited, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from komek.accounts.roles import Capability
from komek.common.audit import audit_record
from komek.common.errors import DomainError, NotFound
from komek.common.models import AuditAction
from komek.payments import export
from komek.payments.models import Payroll, PayrollStatus
from komek.payments.services._common import OBJECT, require_any, require_prefix

FORMATS = ("csv", "pain001")


def payroll_export(*, actor: Any, payroll_id: int, bic: str, fmt: str) -> tuple[str, Iterator[str]]:
    """The file name and the text chunks of one bank's registry of an approved payroll."""
    require_any(actor, Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE)
    if fmt not in FORMATS:
        raise DomainError(_("Unknown format: %(value)s.") % {"value": fmt}, field="format")
    payroll = Payroll.objects.filter(pk=payroll_id).first()
    if payroll is None:
        raise NotFound(_("No such payroll."), field="payroll_id")
    require_prefix(actor, payroll.prefix)
    if payroll.status != PayrollStatus.APPROVED:
        raise DomainError(_("Only an approved payroll goes to the banks."), field="payroll_id", code="status")
    if bic not in export.banks_of(payroll):
        raise DomainError(_("This payroll pays nothing through bank %(bic)s.") % {"bic": bic}, field="bank")
    count, total = export.totals(payroll, bic)
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type=OBJECT, object_id=payroll.pk,
        changes={"bank": [None, bic], "format": [None, fmt], "payments": [None, count],
                 "total": [None, total]},
        reason=str(payroll), territory=payroll.territory,
    )  # fmt: skip
    chunks = export.pain001_chunks(payroll, bic) if fmt == "pain001" else export.csv_chunks(payroll, bic)
    return export.file_name(payroll, bic, fmt), chunks
