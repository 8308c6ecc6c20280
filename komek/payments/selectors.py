"""Every read of payrolls, lines and the overpayment ledger, scoped to the user's territory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment, Bank
from komek.common import audit
from komek.common.errors import NotFound
from komek.payments.choices import LineKind, LineStatus, PayrollStatus
from komek.payments.models import Overpayment, PaymentLine, Payroll

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

_READERS = (Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE)


def payrolls_visible(user: Actor) -> QuerySet[Payroll]:
    """Payrolls whose whole territory lies within the user's."""
    policy.require_any(user, *_READERS)
    return policy.scoped(Payroll.objects.all(), user, field="prefix").select_related(
        "prepared_by", "approved_by"
    )


def payrolls_approved(*, user: Actor, month: dt.date, programme: str | None = None) -> list[Payroll]:
    """The month's approved payrolls (of one programme, when given) that go to the banks."""
    payrolls = payrolls_visible(user).filter(month=month, status=PayrollStatus.APPROVED)
    if programme:
        payrolls = payrolls.filter(programme=programme)
    return list(payrolls.order_by("programme", "budget_source", "territory"))


@dataclass(frozen=True)
class BankTotal:
    bank: Bank
    lines: int
    amount: int
    returned: int


@dataclass(frozen=True)
class PayrollView:
    payroll: Payroll
    banks: list[BankTotal]
    kinds: dict[str, tuple[int, int]]
    lines: list[PaymentLine]


def payroll_view(*, user: Actor, payroll_id: int, lines: int = 50) -> PayrollView:
    """The payroll with its totals per bank and kind and its first lines (an audited read: the
    lines name recipients)."""
    payroll = payrolls_visible(user).filter(pk=payroll_id).first()
    if payroll is None:
        raise NotFound(_("No such payroll."))
    by_bank = (
        PaymentLine.objects.filter(payroll=payroll)
        .values("bank_id")
        .annotate(n=Count("id"), total=Sum("amount"), back=Count("id", filter=Q(status=LineStatus.RETURNED)))
        .order_by("bank_id")
    )
    banks = {b.pk: b for b in Bank.objects.all()}
    bank_totals = [BankTotal(banks[r["bank_id"]], r["n"], int(r["total"] or 0), r["back"]) for r in by_bank]
    kinds = {
        r["kind"]: (r["n"], int(r["total"] or 0))
        for r in PaymentLine.objects.filter(payroll=payroll)
        .values("kind")
        .annotate(n=Count("id"), total=Sum("amount"))
    }
    first = list(
        PaymentLine.objects.filter(payroll=payroll)
        .select_related("assignment__recipient")
        .order_by("assignment_id", "kind", "for_month")[:lines]
    )
    audit.read(actor=user, obj=payroll, territory=payroll.territory)
    return PayrollView(payroll=payroll, banks=bank_totals, kinds=kinds, lines=first)


def lines_for_assignment(*, user: Actor, assignment_id: int) -> list[PaymentLine]:
    """The payment lines of an assignment in the user's territory (none for a role without payments)."""
    if not any(policy.can(user, c) for c in (Capability.ASSIGNMENT_VIEW, *_READERS)):
        return []
    scope = policy.scoped(Assignment.objects.all(), user, field="kato_code").values("id")
    return list(
        PaymentLine.objects.filter(assignment_id=assignment_id, assignment__in=scope)
        .select_related("payroll")
        .order_by("-for_month", "-month", "kind")
    )


@dataclass(frozen=True)
class LedgerRow:
    overpayment: Overpayment
    assignment_overpaid: int
    assignment_recovered: int

    @property
    def outstanding(self) -> int:
        return self.assignment_overpaid - self.assignment_recovered


def overpayment_ledger(*, user: Actor, limit: int = 200) -> list[LedgerRow]:
    """Overpayments with what has been recovered from the same assignment so far."""
    policy.require_any(
        user, Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE, Capability.ASSIGNMENT_MANAGE
    )
    rows = list(
        policy.scoped(Overpayment.objects.all(), user, field="assignment__kato_code")
        .select_related("assignment__recipient", "created_by")
        .order_by("-detected_on", "-id")[:limit]
    )
    ids = {r.assignment_id for r in rows}
    overpaid = {
        r["assignment_id"]: int(r["total"])
        for r in Overpayment.objects.filter(assignment_id__in=ids)
        .values("assignment_id")
        .annotate(total=Sum("amount"))
    }
    recovered = {
        r["assignment_id"]: -int(r["total"])
        for r in PaymentLine.objects.filter(
            assignment_id__in=ids, kind=LineKind.RECOVERY, status=LineStatus.PENDING
        )
        .values("assignment_id")
        .annotate(total=Sum("amount"))
    }
    return [LedgerRow(r, overpaid.get(r.assignment_id, 0), recovered.get(r.assignment_id, 0)) for r in rows]
