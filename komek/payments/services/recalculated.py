"""Overpayments booked when amounts already paid are lowered (a recalculation after an MCI value
is corrected downward): the payroll's ledger follows the assignments' amounts, never silently.

Benefits announces the lowered assignments (``komek.benefits.signals.amounts_lowered``) inside the
transaction that wrote their new amounts; the receiver (``komek.payments.signals``) calls
``overpayments_book_lowered`` in that transaction. What is owed back is computed set-based over the
approved payrolls' lines: per assignment, the sum over each paid month of what was paid (regular
and arrears lines; a returned one counts, since it is paid again at the amount sent) above the
amount now due for the month, less what recalculations already booked for it. So booking twice, or
after a second lowering, adds only the new difference; the recovery stage of the next payrolls
deducts it from the assignment's payments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.choices import AuditAction
from komek.payments.choices import OverpaymentReason
from komek.payments.generation import AMOUNT, LINE, PAYROLL
from komek.payments.models import Overpayment

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

_BATCH = 500
_EXCESS = f"""
    SELECT x.assignment_id,
           SUM(x.paid - am.monthly_amount)
           - COALESCE((SELECT SUM(o.amount) FROM payments_overpayment o
                       WHERE o.assignment_id = x.assignment_id AND o.reason = 'recalculation'), 0)
    FROM (
        SELECT l.assignment_id, l.for_month, SUM(l.amount) AS paid
        FROM {LINE} l JOIN {PAYROLL} p ON p.id = l.payroll_id AND p.status = 'approved'
        WHERE l.kind IN ('regular', 'arrears') AND l.assignment_id IN ({{marks}})
        GROUP BY l.assignment_id, l.for_month
    ) x
    JOIN {AMOUNT} am ON am.assignment_id = x.assignment_id AND am.valid_from <= x.for_month
         AND (am.valid_to IS NULL OR am.valid_to >= x.for_month)
    WHERE x.paid > am.monthly_amount
    GROUP BY x.assignment_id
"""  # noqa: S608 (table names are constants; values are parameters)


def _owed(assignment_ids: list[int]) -> dict[int, int]:
    """Per assignment: paid above the amounts now due, not booked yet (only positive amounts)."""
    owed: dict[int, int] = {}
    with connection.cursor() as cursor:
        for i in range(0, len(assignment_ids), _BATCH):
            chunk = assignment_ids[i : i + _BATCH]
            cursor.execute(_EXCESS.format(marks=", ".join(["%s"] * len(chunk))), chunk)
            owed.update({int(aid): int(amount) for aid, amount in cursor.fetchall() if amount and amount > 0})
    return owed


def overpayments_book_lowered(*, actor: Actor, assignment_ids: list[int], reason: str) -> list[Overpayment]:
    """Book, per assignment of ``assignment_ids`` in the actor's territory, what approved payrolls
    paid above its amounts as they are now (reason ``recalculation``), one audit row each."""
    policy.require_any(actor, Capability.ASSIGNMENT_MANAGE, Capability.PAYROLL_PREPARE)
    with transaction.atomic():
        owed = _owed(sorted(set(assignment_ids)))
        if not owed:
            return []
        assignments = {
            a.pk: a
            for a in policy.scoped(
                Assignment.objects.filter(pk__in=list(owed)), actor, field="kato_code"
            ).only("id", "recipient_id", "kato_code")
        }
        today = timezone.localdate()
        user = actor if isinstance(actor, User) else None  # the system: the audit log names it
        booked = Overpayment.objects.bulk_create(
            [
                Overpayment(
                    assignment_id=aid,
                    territory=assignments[aid].kato_code,
                    amount=amount,
                    reason=OverpaymentReason.RECALCULATION,
                    detected_on=today,
                    note=reason[:300],
                    created_by=user,
                )
                for aid, amount in sorted(owed.items())
                if aid in assignments
            ],
            batch_size=2000,
        )
        audit.bulk(
            actor=actor, action=AuditAction.CREATE, object_type=audit.object_type_of(Overpayment),
            entries=[
                audit.Entry(
                    object_id=o.pk, person_id=assignments[o.assignment_id].recipient_id,
                    territory=assignments[o.assignment_id].kato_code,
                    changes=audit.created({"assignment": o.assignment_id, "amount": o.amount,
                                           "reason": o.reason, "detected_on": str(o.detected_on)}),
                )  # fmt: skip
                for o in booked
            ],
            reason=reason[:200],
        )  # fmt: skip
    return booked
