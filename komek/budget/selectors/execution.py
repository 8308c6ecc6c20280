"""The execution of the budget in a year: allocated, committed and spent per budget programme,
source and department, and spent by month — from the records, in a bounded number of queries.

Allocated is the approved allocations' amount with the amendments dated on or before the day of
the report. Spent and committed come from the records of payments, employment and rehabilitation
(``spending`` and ``commitments``), each row assigned to its budget programme by the dated links
(the link in force on the row's month, for the row's department). A record whose thing has no
budget programme is not dropped: it is listed as unlinked, so a missing link shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.budget.choices import AllocationStatus, BudgetSource
from komek.budget.models import Allocation
from komek.budget.reference import Reference, reference
from komek.budget.selectors.commitments import commitments, contract_commitments, first_open_month
from komek.budget.selectors.spending import Scope, Spending, all_spending
from komek.common.money import round_share
from komek.payments.territory import department

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass
class ExecutionRow:
    programme: str
    source: str
    territory: str
    allocated: int = 0
    planned_recipients: int = 0
    committed: int = 0
    spent: int = 0
    months: dict[int, int] = field(default_factory=dict)  # month number (0: the year, undated) -> spent

    @property
    def percent(self) -> Decimal | None:
        """Spent as a percentage of the allocation, one decimal; ``None`` with no allocation."""
        return round_share(self.spent, self.allocated, places=1)

    @property
    def left(self) -> int:
        return self.allocated - self.spent


@dataclass(frozen=True)
class Unlinked:
    thing: str
    code: str
    territory: str
    amount: int


@dataclass
class Execution:
    year: int
    territory: str | None
    on: dt.date
    rows: list[ExecutionRow]
    unlinked: list[Unlinked]

    def row(self, programme: str, source: str, territory: str) -> ExecutionRow | None:
        return next(
            (r for r in self.rows if (r.programme, r.source, r.territory) == (programme, source, territory)),
            None,
        )

    def by_programme(self) -> list[ExecutionRow]:
        """The rows summed over departments: one per budget programme and source."""
        merged: dict[tuple[str, str], ExecutionRow] = {}
        for r in self.rows:
            m = merged.setdefault(
                (r.programme, r.source), ExecutionRow(r.programme, r.source, self.territory or "")
            )
            m.allocated += r.allocated
            m.planned_recipients += r.planned_recipients
            m.committed += r.committed
            m.spent += r.spent
            for month, amount in r.months.items():
                m.months[month] = m.months.get(month, 0) + amount
        return [merged[k] for k in sorted(merged)]

    def totals(self) -> ExecutionRow:
        total = ExecutionRow("", "", self.territory or "")
        for r in self.rows:
            total.allocated += r.allocated
            total.committed += r.committed
            total.spent += r.spent
            for m, amount in r.months.items():
                total.months[m] = total.months.get(m, 0) + amount
        return total


def _allocations(year: int, scope: Scope, on: dt.date, programme: str | None) -> list[dict[str, Any]]:
    allocations = Allocation.objects.filter(year=year, status=AllocationStatus.APPROVED)
    if programme is not None:
        allocations = allocations.filter(programme=programme)
    rows = (
        allocations.filter(scope.q("prefix"))
        .values("programme", "source", "territory", "amount", "planned_recipients")
        .annotate(change=Coalesce(Sum("amendments__delta", filter=Q(amendments__date__lte=on)), 0))
        .order_by()
    )
    if scope.territory:
        rows = rows.filter(territory=scope.territory)
    return [dict(r) for r in rows]


def compute_execution(
    *,
    year: int,
    scope: Scope,
    on: dt.date,
    today: dt.date,
    ref: Reference | None = None,
    programme: str | None = None,
    committed: bool = True,
) -> Execution:
    """The execution in ``scope`` (no access check: :func:`budget_execution` is the selector).

    With ``programme`` only that budget programme's allocations and the records of the things linked
    to it are read (the payroll guard); ``committed=False`` leaves the commitments out."""
    ref = ref or reference()
    codes = ref.things_of(programme) if programme is not None else None
    rows: dict[tuple[str, str, str], ExecutionRow] = {}
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in _allocations(year, scope, on, programme):
        key = (a["programme"], a["source"], a["territory"])
        row = rows.setdefault(key, ExecutionRow(*key))
        row.allocated += int(a["amount"]) + int(a["change"])
        row.planned_recipients += int(a["planned_recipients"])
        sources[(a["programme"], a["territory"])].add(a["source"])
    unlinked: dict[tuple[str, str, str], int] = defaultdict(int)

    def place(item: Spending) -> ExecutionRow | None:
        line = ref.budget_line_for(item.thing, item.code, item.month or dt.date(year, 12, 31), item.territory)
        if line is None:
            unlinked[(item.thing, item.code, item.territory)] += item.amount
            return None
        source = item.source
        if not source:
            # The record names no source: the single source the programme is allocated from here,
            # else the local budget.
            allocated = sources.get((line.code, item.territory), set())
            source = next(iter(allocated)) if len(allocated) == 1 else BudgetSource.LOCAL
        if programme is not None and line.code != programme:
            return None
        key = (line.code, source, item.territory)
        return rows.setdefault(key, ExecutionRow(*key))

    for item in all_spending(year=year, scope=scope, codes=codes):
        spent = place(item)
        if spent is not None:
            spent.spent += item.amount
            month = item.month.month if item.month else 0
            spent.months[month] = spent.months.get(month, 0) + item.amount
    if committed:
        start = first_open_month(year=year, scope=scope, today=today)
        for item in (
            *commitments(year=year, scope=scope, start=start, codes=codes),
            *contract_commitments(year=year, scope=scope, today=today, codes=codes),
        ):
            committing = place(item)
            if committing is not None:
                committing.committed += item.amount
    ordered = sorted(rows.values(), key=lambda r: (r.territory, r.programme, r.source))
    return Execution(
        year=year, territory=scope.territory, on=on, rows=ordered,
        unlinked=[Unlinked(t, c, d, amount) for (t, c, d), amount in sorted(unlinked.items())],
    )  # fmt: skip


def budget_execution(
    *, actor: Actor, year: int, territory: str | None = None, on: dt.date | None = None
) -> Execution:
    """The execution of ``year`` in the actor's territory (or one department of it), as of ``on``
    (default today in Almaty)."""
    policy.require(actor, Capability.BUDGET_VIEW)
    if territory:
        territory = department(territory)[0]
        policy.require_territory(actor, territory, field="territory")
    today = timezone.localdate()
    return compute_execution(
        year=year, scope=Scope(policy.prefixes(actor), territory), on=on or today, today=today
    )
