"""Importing a bank's return file: which payments of an approved payroll came back.

The file is CSV with the columns ``reference,amount,reason`` (the reference is the payment's
end-to-end id from the registry). Every row is checked before anything is written: a reference
that is not a payment of this payroll, an amount that differs from what was sent, a payment named
twice or already returned refuses the whole file, naming each bad row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from typing import TYPE_CHECKING, cast

from django.db import connection, transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, ValidationFailed
from komek.common.refusals import audited_refusals
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine, Payroll, ReturnFile
from komek.payments.services._checks import OBJECT, require_payroll_territory
from komek.payments.territory import lines_in, lines_in_sql

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

_REF = re.compile(r"^KMK(\d+)-(\d+)$")
_BATCH = 500


def _parse(content: bytes) -> list[tuple[int, str, str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The return file is not UTF-8 text."), field="file", code="return_file") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != ["reference", "amount", "reason"]:
        raise DomainError(
            _("The return file's first line must be: reference,amount,reason."),
            field="file",
            code="return_file",
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [*row, "", "", ""]
        rows.append((number, cells[0].strip(), cells[1].strip(), cells[2].strip()))
    if not rows:
        raise DomainError(_("The return file names no payment."), field="file", code="return_file")
    return rows


def _sent(payroll_id: int, prefix: str, assignment_ids: list[int]) -> dict[int, tuple[int, bool]]:
    """Net amount sent and whether already returned, per assignment of the payroll."""
    out: dict[int, tuple[int, bool]] = {}
    for i in range(0, len(assignment_ids), _BATCH):
        chunk = assignment_ids[i : i + _BATCH]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT assignment_id, SUM(amount), MAX(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) "  # noqa: S608
                f"FROM payments_paymentline WHERE payroll_id = %s AND {lines_in_sql(prefix, '')} "
                f"AND assignment_id IN ({marks}) "
                "GROUP BY assignment_id",
                [payroll_id, *chunk],
            )
            for aid, total, returned in cursor.fetchall():
                out[int(aid)] = (int(total), bool(returned))
    return out


def _check(payroll: Payroll, rows: list[tuple[int, str, str, str]]) -> tuple[dict[int, str], int]:
    errors: list[str] = []
    wanted: dict[int, tuple[int, int, str]] = {}
    for number, ref, amount_text, reason in rows:
        match = _REF.match(ref)
        if match is None or int(match.group(1)) != payroll.pk:
            errors.append(
                _("Row %(row)d: %(ref)s is not a payment of this payroll.") % {"row": number, "ref": ref}
            )
            continue
        try:
            amount = int(amount_text.replace(" ", "").removesuffix(".00"))
        except ValueError:
            errors.append(
                _("Row %(row)d: the amount %(value)s is not a number.")
                % {"row": number, "value": amount_text}
            )
            continue
        aid = int(match.group(2))
        if aid in wanted:
            errors.append(_("Row %(row)d: %(ref)s is named twice.") % {"row": number, "ref": ref})
            continue
        wanted[aid] = (number, amount, reason)
    sent = _sent(payroll.pk, payroll.prefix, sorted(wanted))
    for aid, (number, amount, _reason) in wanted.items():
        ref = f"KMK{payroll.pk}-{aid}"
        if aid not in sent:
            errors.append(
                _("Row %(row)d: %(ref)s is not a payment of this payroll.") % {"row": number, "ref": ref}
            )
        elif sent[aid][1]:
            errors.append(_("Row %(row)d: %(ref)s was already returned.") % {"row": number, "ref": ref})
        elif sent[aid][0] != amount:
            errors.append(
                _("Row %(row)d: %(ref)s was sent as %(sent)d tenge, the bank returns %(amount)d.")
                % {"row": number, "ref": ref, "sent": sent[aid][0], "amount": amount}
            )
    if errors:
        raise ValidationFailed({"file": errors})
    return {
        aid: (reason or _("returned by the bank"))[:200] for aid, (_n, _a, reason) in wanted.items()
    }, sum(amount for _n, amount, _r in wanted.values())


@audited_refusals(OBJECT, id_kwarg="payroll_id")
def payroll_returns_import(*, actor: Actor, payroll_id: int, file_name: str, content: bytes) -> ReturnFile:
    """Mark the payments a bank returned; all rows or none."""
    policy.require(actor, Capability.PAYROLL_PREPARE)
    payroll = Payroll.objects.filter(pk=payroll_id).first()
    if payroll is None:
        raise NotFound(_("No such payroll."), field="payroll_id")
    require_payroll_territory(actor, payroll)
    if payroll.status != PayrollStatus.APPROVED:
        raise DomainError(_("Returns belong to an approved payroll."), field="payroll_id", code="status")
    digest = hashlib.sha256(content).hexdigest()
    if ReturnFile.objects.filter(payroll=payroll, sha256=digest).exists():
        raise DomainError(_("This return file was imported already."), field="file", code="duplicate")
    reasons, total = _check(payroll, _parse(content))
    with transaction.atomic():
        by_reason: dict[str, list[int]] = {}
        for aid, reason in reasons.items():
            by_reason.setdefault(reason, []).append(aid)
        for reason, ids in by_reason.items():
            for i in range(0, len(ids), _BATCH):
                own = PaymentLine.objects.filter(lines_in(payroll.prefix), payroll=payroll)
                own.filter(assignment_id__in=ids[i : i + _BATCH]).update(
                    status=LineStatus.RETURNED, return_reason=reason
                )
        record = ReturnFile.objects.create(
            payroll=payroll, file_name=file_name[:255], sha256=digest, payments=len(reasons), amount=total,
            imported_by=cast("User", actor),
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.IMPORT, obj=payroll,
            changes={"returned": [None, sorted(reasons)], "amount": [None, total]}, reason=file_name[:200],
            territory=payroll.territory,
        )  # fmt: skip
    return record
