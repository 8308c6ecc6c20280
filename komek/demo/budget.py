"""The demo town's budget: allocations for the current and the last year that follow from its own
records, and next year's plan forecast from its registry.

For each budget programme and source the town spends from or is committed to in a year (its
payrolls, measures, deliveries), the accountant enters an allocation of the spending and the
commitments plus a margin of about 8 % (rounded up to a thousand tenge), and the head approves it,
so the execution page shows what the records give against plausible allocations. Illustrative
amounts, not the town's real budget. Idempotent: an allocation already there is kept.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from komek.budget.models import Allocation, Plan
from komek.budget.selectors import budget_execution
from komek.budget.services import allocation_approve, allocation_create, plan_forecast

TERRITORY = "351600000"
MARGIN_PERCENT = 108


def _amount(need: int) -> int:
    with_margin = need * MARGIN_PERCENT // 100
    return -(-with_margin // 1000) * 1000


def demo_allocations(
    *, accountant: Any, head: Any, system: Any, years: list[int] | None = None
) -> list[Allocation]:
    """Approved allocations of the demo town for ``years`` (default: the current and the last)."""
    today = timezone.localdate()
    made = []
    for year in years or [today.year - 1, today.year]:
        execution = budget_execution(actor=system, year=year, territory=TERRITORY)
        for row in execution.rows:
            need = row.spent + row.committed
            exists = Allocation.objects.filter(
                year=year, programme=row.programme, source=row.source, territory=TERRITORY
            ).exists()
            if need <= 0 or exists:
                continue
            allocation = allocation_create(
                actor=accountant, year=year, programme=row.programme, source=row.source,
                territory=TERRITORY, amount=_amount(need),
            )  # fmt: skip
            made.append(allocation_approve(actor=head, allocation_id=allocation.pk))
    return made


def demo_plan(*, accountant: Any) -> Plan | None:
    """Next year's plan of the demo town, made by the accountant from the rules engine's forecast
    over the town's registry (a draft for the head to approve). Idempotent: a plan already made is
    kept as it is (the accountant forecasts it again from its page)."""
    year = timezone.localdate().year + 1
    if Plan.objects.filter(year=year, territory=TERRITORY).exists():
        return None
    return plan_forecast(actor=accountant, year=year, territory=TERRITORY)
