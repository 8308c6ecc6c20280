"""Every read of payrolls, lines and the overpayment ledger, scoped to the user's territory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.roles import Capability
from komek.benefits.models import Assignment, Bank
from komek.common import audit
from komek.common.errors import NotFound
from komek.payments.choices import LineKind, LineStatus, PayrollStatus
from komek.payments.models import Overpayment, PaymentLine, Payroll
from komek.registry.models import Membership, Person

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


# --- The annual report: money paid by programme, from approved payrolls (komek.payments.report) ---


@dataclass(frozen=True)
class PaidFigures:
    """What the approved payrolls of a year paid under some programmes: the families and persons
    reached and the money (lines returned by the bank left out, recoveries subtracted)."""

    families: int
    persons: int
    recipients: int
    amount: int


def _paid_lines(*, actor: Actor, year: int, prefix: str, programmes: Iterable[str]) -> QuerySet[PaymentLine]:
    policy.require(actor, Capability.REPORT_VIEW)
    field = "assignment__kato_code"
    return PaymentLine.objects.filter(
        policy.territory_q(actor, field),
        Q(**{f"{field}__startswith": prefix}),
        payroll__status=PayrollStatus.APPROVED,
        month__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        assignment__programme__in=list(programmes),
    ).exclude(status=LineStatus.RETURNED)


def _members(lines: QuerySet[PaymentLine], year: int) -> int:
    """Members of the paid families during the year plus the persons paid on their own: one query."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    families = lines.filter(assignment__family__isnull=False).values("assignment__family_id")
    alone = lines.filter(assignment__family__isnull=True).values("assignment__person_id")
    members = (
        Membership.objects.filter(family_id__in=families, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values("person_id")
    )
    return Person.objects.filter(Q(pk__in=members) | Q(pk__in=alone)).count()


def paid_figures(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], kind: str = ""
) -> PaidFigures:
    """Families, persons (members of the families, or the persons paid), recipients and money paid
    in ``year`` under ``programmes`` (of one assignment kind, when given), set-based."""
    lines = _paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    if kind:
        lines = lines.filter(assignment__kind=kind)
    totals = lines.aggregate(
        amount=Sum("amount"),
        families=Count("assignment__family", distinct=True),
        recipients=Count("assignment__recipient", distinct=True),
    )
    return PaidFigures(
        families=totals["families"],
        persons=_members(lines, year),
        recipients=totals["recipients"],
        amount=int(totals["amount"] or 0),
    )


def paid_by_programme(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``{programme: (recipients, amount)}`` paid in ``year``: one grouped query."""
    lines = _paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    rows = (
        lines.values("assignment__programme")
        .annotate(n=Count("assignment__recipient", distinct=True), total=Sum("amount"))
        .order_by("assignment__programme")
    )
    return {r["assignment__programme"]: (r["n"], int(r["total"] or 0)) for r in rows}
