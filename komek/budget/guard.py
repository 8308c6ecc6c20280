"""The budget's check on payroll approval: no approval beyond the allocation.

Registered with ``komek.payments.guards`` from ``BudgetConfig.ready()``; ``payroll_approve`` runs it
inside its transaction with the payroll locked. The allocation's row is locked as well, so two
payrolls of one budget programme approved at once are checked one after the other. Each budget
source is checked with the payroll's part of it (a co-financed TSA payroll against the republican
and the local allocation). A source with no allocation entered for the programme's year and
department is not checked: the budget is not kept in Komek there.

It reads only what it checks: the allocations of the payroll's budget programme in its department,
and the spending of the things linked to that budget programme (``compute_execution`` with
``programme``), not the year's whole execution; no commitments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from komek.benefits.choices import BudgetSource
from komek.budget.choices import AllocationStatus, Thing
from komek.budget.models import Allocation
from komek.budget.reference import reference
from komek.budget.selectors.execution import compute_execution
from komek.budget.selectors.spending import Scope
from komek.budget.titles import money, programme_title, source_label
from komek.common.errors import DomainError

if TYPE_CHECKING:
    from komek.payments.models import Payroll


def payroll_within_allocation(payroll: Payroll) -> None:
    """Refuse the approval when any budget source's allocation of the programme would be exceeded
    by the payroll's part of that source (its lines' republican, regional and local parts)."""
    line = reference().budget_line_for(Thing.PROGRAMME, payroll.programme, payroll.month, payroll.territory)
    if line is None:
        return
    year = payroll.month.year
    parts = {
        BudgetSource.REPUBLICAN.value: payroll.total_republican,
        BudgetSource.REGIONAL.value: payroll.total_regional,
        BudgetSource.LOCAL.value: payroll.total_local,
    }
    allocations = list(
        Allocation.objects.select_for_update()
        .filter(
            year=year,
            programme=line.code,
            source__in=[s for s, part in parts.items() if part > 0],
            territory=payroll.territory,
            status=AllocationStatus.APPROVED,
        )  # fmt: skip
        .order_by("source")
    )
    if not allocations:
        return
    today = timezone.localdate()
    execution = compute_execution(
        year=year, scope=Scope(None, payroll.territory), on=today, today=today,
        programme=line.code, committed=False,
    )  # fmt: skip
    for allocation in allocations:
        part = parts[allocation.source]
        row = execution.row(line.code, allocation.source, payroll.territory)
        allocated = row.allocated if row is not None else allocation.amount
        spent = row.spent if row is not None else 0
        over = spent + part - allocated
        if over > 0:
            raise DomainError(
                _(
                    "The payroll's part of %(amount)s from the %(source)s would take budget programme "
                    "%(programme)s beyond its allocation of %(allocated)s for %(year)d: %(spent)s is spent "
                    "already, %(over)s over. Amend the allocation before approving."
                )
                % {
                    "amount": money(part),
                    "programme": programme_title(line.code),
                    "source": source_label(allocation.source),
                    "allocated": money(allocated),
                    "year": year,
                    "spent": money(spent),
                    "over": money(over),
                },
                field="payroll_id",
                code="over_allocation",
            )
