"""Every read of payrolls, lines and the overpayment ledger, scoped to the user's territory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
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
from komek.payments.territory import prefix_of
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
    kinds: dict[str, tuple[int, int]]  # kind's label: (lines, total)
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
    kinds = {  # by the kind's name in the user's language: users read words, not codes
        str(LineKind(r["kind"]).label): (r["n"], int(r["total"] or 0))
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
    names = {
        a.pk: a.recipient.full_name
        for a in Assignment.objects.filter(pk__in=ids)
        .select_related("recipient")
        .only("id", "recipient__surname", "recipient__name", "recipient__patronymic")
    }
    audit.read(
        actor=user, object_type="payments.payroll_changes", object_id=payroll.pk, territory=payroll.territory,
        changes={"assignments": [None, sorted(ids)]},
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


@dataclass(frozen=True)
class PaidFigures:
    """What the approved payrolls of a year paid under some programmes: the families and persons
    reached and the money (lines returned by the bank left out, recoveries subtracted)."""

    families: int
    persons: int
    recipients: int
    amount: int


def paid_lines(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str] | None
) -> QuerySet[PaymentLine]:
    """The lines of the approved payrolls of ``year`` (payroll month in the year) in the territory
    ``prefix``, returned lines left out, of ``programmes`` (of every programme with ``None``)."""
    policy.require(actor, Capability.REPORT_VIEW)
    field = "assignment__kato_code"
    lines = PaymentLine.objects.filter(
        policy.territory_q(actor, field),
        Q(**{f"{field}__startswith": prefix}),
        payroll__status=PayrollStatus.APPROVED,
        month__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ).exclude(status=LineStatus.RETURNED)
    return lines if programmes is None else lines.filter(assignment__programme__in=list(programmes))


def _member_sets(lines: QuerySet[PaymentLine], year: int) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The person ids of the paid families' members during the year, and of the persons paid on
    their own (lazy)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    families = lines.filter(assignment__family__isnull=False).values("assignment__family_id")
    alone = lines.filter(assignment__family__isnull=True).values("assignment__person_id")
    members = (
        Membership.objects.filter(family_id__in=families, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values("person_id")
    )
    return members, alone


def members_paid(lines: QuerySet[PaymentLine], year: int) -> QuerySet[Person]:
    """Members of the paid families during the year plus the persons paid on their own (lazy):
    the records behind ``members_paid_count``."""
    members, alone = _member_sets(lines, year)
    return Person.objects.filter(Q(pk__in=members) | Q(pk__in=alone))


def members_paid_count(lines: QuerySet[PaymentLine], year: int) -> int:
    """How many persons ``members_paid`` lists, counted as a UNION of the two sets (distinct):
    PostgreSQL joins each set once, where "in the members or in the persons alone" scanned the
    whole registry."""
    members, alone = _member_sets(lines, year)
    return members.order_by().union(alone.order_by()).count()


def members_paid_counts(lines: QuerySet[PaymentLine], year: int, kinds: Iterable[str]) -> dict[str, int]:
    """``members_paid_count`` of all ``lines`` (key ``""``) and of the lines of each assignment kind
    of ``kinds``, in one query: the (person, kind) pairs of the paid families' members and of the
    persons paid alone, gathered once, then counted distinct per kind (the registry's memberships
    are read once, not once per kind)."""
    kinds = list(kinds)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    families_sql, families_params = (
        lines.filter(assignment__family__isnull=False)
        .values(paid_family=F("assignment__family_id"), paid_kind=F("assignment__kind"))
        .order_by()
        .distinct()
        .query.sql_with_params()
    )
    alone_sql, alone_params = (
        lines.filter(assignment__family__isnull=True)
        .values(paid_person=F("assignment__person_id"), paid_kind=F("assignment__kind"))
        .order_by()
        .distinct()
        .query.sql_with_params()
    )
    membership = Membership._meta.db_table
    counts = ", ".join(
        ["COUNT(DISTINCT p.person_id)"]
        + ["COUNT(DISTINCT CASE WHEN p.kind = %s THEN p.person_id END)"] * len(kinds)
    )
    # Only Django's own compiled SQL and the table's name are put in the text; values are parameters.
    sql = (
        f"SELECT {counts} FROM ("  # noqa: S608
        f" SELECT m.person_id AS person_id, f.paid_kind AS kind FROM {membership} m"
        f" JOIN ({families_sql}) f ON m.family_id = f.paid_family"
        " WHERE m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)"
        f" UNION SELECT a.paid_person, a.paid_kind FROM ({alone_sql}) a"
        ") p"
    )
    params = [*kinds, *families_params, end, start, *alone_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {"": row[0], **{kind: row[n + 1] for n, kind in enumerate(kinds)}}


def paid_figures(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], kind: str = ""
) -> PaidFigures:
    """Families, persons (members of the families, or the persons paid), recipients and money paid
    in ``year`` under ``programmes`` (of one assignment kind, when given), set-based."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    if kind:
        lines = lines.filter(assignment__kind=kind)
    totals = lines.aggregate(
        amount=Sum("amount"),
        families=Count("assignment__family", distinct=True),
        recipients=Count("assignment__recipient", distinct=True),
    )
    return PaidFigures(
        families=totals["families"],
        persons=members_paid_count(lines, year),
        recipients=totals["recipients"],
        amount=int(totals["amount"] or 0),
    )


def paid_figures_by_kind(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], kinds: Iterable[str]
) -> dict[str, PaidFigures]:
    """``paid_figures`` of all the lines (key ``""``) and of each assignment kind of ``kinds``, the
    families, recipients and money of every part in one pass over the year's lines (a filtered
    aggregate per part), the persons by one UNION count per part."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    parts: dict[str, Q | None] = {"": None, **{kind: Q(assignment__kind=kind) for kind in kinds}}
    aggregates: dict[str, Any] = {}
    for n, only in enumerate(parts.values()):
        aggregates[f"amount_{n}"] = Sum("amount", filter=only)
        aggregates[f"families_{n}"] = Count("assignment__family", distinct=True, filter=only)
        aggregates[f"recipients_{n}"] = Count("assignment__recipient", distinct=True, filter=only)
    totals = lines.aggregate(**aggregates)
    persons = members_paid_counts(lines, year, [kind for kind in parts if kind])
    result = {}
    for n, kind in enumerate(parts):
        result[kind] = PaidFigures(
            families=totals[f"families_{n}"],
            persons=persons[kind],
            recipients=totals[f"recipients_{n}"],
            amount=int(totals[f"amount_{n}"] or 0),
        )
    return result


def paid_by_programme(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``{programme: (recipients, amount)}`` paid in ``year``: one grouped query."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    rows = (
        lines.values("assignment__programme")
        .annotate(n=Count("assignment__recipient", distinct=True), total=Sum("amount"))
        .order_by("assignment__programme")
    )
    return {r["assignment__programme"]: (r["n"], int(r["total"] or 0)) for r in rows}


# --- The home page: payrolls waiting, money paid by month and by district (komek.reports.home) ---
