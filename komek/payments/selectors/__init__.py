"""Every read of payrolls, lines and the overpayment ledger, scoped to the user's territory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import BudgetSource
from komek.benefits.models import Assignment, Bank
from komek.common import audit
from komek.common.errors import NotFound, PermissionDenied
from komek.common.kato import kato_unit
from komek.common.periods import add_months
from komek.payments.choices import LineKind, LineStatus, PayrollStatus
from komek.payments.differences import Difference, differences
from komek.payments.models import Overpayment, PaymentLine, Payroll
from komek.payments.repayments import returned_waiting
from komek.payments.territory import lines_in, prefix_of

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
    kinds: dict[str, tuple[int, int]]  # kind's label: (lines, total)
    lines: list[PaymentLine]


def payroll_view(*, user: Actor, payroll_id: int, lines: int = 50) -> PayrollView:
    """The payroll with its totals per bank and kind and its first lines (an audited read: the
    lines name recipients)."""
    payroll = payrolls_visible(user).filter(pk=payroll_id).first()
    if payroll is None:
        raise NotFound(_("No such payroll."))
    own = PaymentLine.objects.filter(lines_in(payroll.prefix), payroll=payroll)  # its partition only
    by_bank = (
        own.values("bank_id")
        .annotate(n=Count("id"), total=Sum("amount"), back=Count("id", filter=Q(status=LineStatus.RETURNED)))
        .order_by("bank_id")
    )
    banks = {b.pk: b for b in Bank.objects.all()}
    bank_totals = [BankTotal(banks[r["bank_id"]], r["n"], int(r["total"] or 0), r["back"]) for r in by_bank]
    kinds = {  # by the kind's name in the user's language: users read words, not codes
        str(LineKind(r["kind"]).label): (r["n"], int(r["total"] or 0))
        for r in own.values("kind").annotate(n=Count("id"), total=Sum("amount"))
    }
    first = list(
        own.select_related("assignment__recipient").order_by("assignment_id", "kind", "for_month")[:lines]
    )
    audit.read(
        actor=user,
        obj=payroll,
        territory=payroll.territory,
        persons=[ln.assignment.recipient_id for ln in first],
    )
    return PayrollView(payroll=payroll, banks=bank_totals, kinds=kinds, lines=first)


@dataclass(frozen=True)
class Changed:
    difference: Difference
    recipient: str


@dataclass(frozen=True)
class Waiting:
    """A returned payment not paid again: the assignment's account is still the one returned."""

    assignment_id: int
    recipient: str
    paid_month: dt.date
    amount: int
    iban: str
    reason: str


@dataclass(frozen=True)
class PayrollChanges:
    total: int
    changes: list[Changed]
    waiting: list[Waiting]


def payroll_changes(*, user: Actor, payroll: Payroll, limit: int = 100) -> PayrollChanges:
    """What changed since the (prepared) payroll was prepared, and the returned payments of its
    programme and department up to its month that wait for a corrected account. Set-based
    (a few queries whatever the payroll's size); an audited read when it names anyone."""
    policy.require_any(user, *_READERS)
    if not policy.in_territory(user, payroll.prefix):
        raise PermissionDenied(_("This payroll is outside your territorial units."))
    total, found = differences(payroll, limit=limit)
    returned = returned_waiting(
        month=add_months(payroll.month, 1), programme=payroll.programme, prefix=payroll.prefix, limit=limit
    )
    ids = {d.assignment_id for d in found} | {row[0] for row in returned}
    if not ids:
        return PayrollChanges(total=total, changes=[], waiting=[])
    recipients = list(
        Assignment.objects.filter(pk__in=ids)
        .select_related("recipient")
        .only("id", "recipient__surname", "recipient__name", "recipient__patronymic")
    )
    names = {a.pk: a.recipient.full_name for a in recipients}
    audit.read(
        actor=user, object_type="payments.payroll_changes", object_id=payroll.pk, territory=payroll.territory,
        changes={"assignments": [None, sorted(ids)]}, persons=[a.recipient_id for a in recipients],
    )  # fmt: skip
    return PayrollChanges(
        total=total,
        changes=[Changed(d, names.get(d.assignment_id, "")) for d in found],
        waiting=[
            Waiting(aid, names.get(aid, ""), paid_month, amount, iban, reason)
            for aid, paid_month, amount, iban, reason in returned
        ],
    )


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
    if rows:
        audit.read(
            actor=user, object_type="payments.overpayment", persons=[r.assignment.recipient_id for r in rows],
            territory=audit.common_territory(r.assignment.kato_code for r in rows),
        )  # fmt: skip
    return [LedgerRow(r, overpaid.get(r.assignment_id, 0), recovered.get(r.assignment_id, 0)) for r in rows]


@dataclass(frozen=True)
class SourcePaid:
    """What a programme paid from one budget source in a year: the total and each month's amount."""

    programme: str
    source: str  # republican, regional or local (``BudgetSource``)
    amount: int
    months: tuple[int, ...]  # January to December, by payroll month


def paid_by_programme_and_source(*, user: Actor, year: int, territory: str) -> list[SourcePaid]:
    """The amounts paid per programme and budget source in a year and territory: the sums of the
    parts of the lines of the approved payrolls of the year's months, returned payments left out
    (the money came back), recoveries deducted. Budget execution (issue 12, "spent" per programme
    and source) and the annual report (issue 13) read it; one query, whatever the number of lines.

    ``territory`` is a KATO code within the user's: a department or larger sums its payrolls; a
    unit inside a department (a settlement, a district of Almaty) the lines of the assignments
    addressed there. Rows with nothing paid are left out; ordered by programme, then source."""
    policy.require_any(user, *_READERS)
    unit = kato_unit(territory, field="territory")
    policy.require_territory(user, unit.code, field="territory")
    lines = PaymentLine.objects.filter(
        payroll__status=PayrollStatus.APPROVED,
        payroll__month__gte=dt.date(year, 1, 1),
        payroll__month__lte=dt.date(year, 12, 1),
        status=LineStatus.PENDING,
    )
    department = prefix_of(unit.code)
    if len(unit.prefix) <= len(department):
        lines = lines.filter(payroll__prefix__startswith=unit.prefix)
    else:
        lines = lines.filter(payroll__prefix=department, assignment__kato_code__startswith=unit.prefix)
    sums = (
        lines.values("payroll__programme", "month")
        .annotate(**{source: Sum(source) for source in BudgetSource.values})
        .order_by()
    )
    months: dict[tuple[str, str], list[int]] = {}
    for row in sums:
        values: dict[str, Any] = dict(row)
        for source in BudgetSource.values:
            by_month = months.setdefault((values["payroll__programme"], source), [0] * 12)
            by_month[values["month"].month - 1] += int(values[source] or 0)
    order = {source: i for i, source in enumerate(BudgetSource.values)}
    return [
        SourcePaid(programme, source, sum(amounts), tuple(amounts))
        for (programme, source), amounts in sorted(months.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))
        if any(amounts)
    ]


# --- The annual report: money paid by programme, from approved payrolls (komek.payments.report) ---
