"""The payments context's part of the start page: payrolls waiting, money paid by month and by unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.periods import add_months
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.selectors import _READERS, payrolls_visible

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def payrolls_waiting(*, user: Actor, limit: int = 10) -> tuple[int, list[Payroll]]:
    """The payrolls of the user's territory not yet approved, oldest month first: two queries."""
    waiting = payrolls_visible(user).exclude(status=PayrollStatus.APPROVED)
    return waiting.count(), list(waiting.order_by("month", "programme", "territory")[:limit])


@dataclass(frozen=True)
class PaidMonth:
    month: dt.date
    payments: int  # payment lines paid (a recipient's regular payment, arrears, a repayment)
    amount: int


def _approved(actor: Actor, start: dt.date, end: dt.date) -> QuerySet[Payroll]:
    policy.require_any(actor, Capability.REPORT_VIEW, *_READERS)
    return Payroll.objects.filter(
        policy.territory_q(actor, "prefix"), status=PayrollStatus.APPROVED, month__range=(start, end)
    )


def paid_by_month(*, actor: Actor, last: dt.date, months: int = 12) -> list[PaidMonth]:
    """Payments and money of the approved payrolls of the ``months`` months up to ``last`` (every
    month listed, zeros when nothing was paid), returned payments left out: the payrolls' own
    totals (the sums of their lines when prepared; an approved payroll's lines only ever change to
    returned) less the few returned lines. Two grouped queries, however many lines."""
    first = add_months(last.replace(day=1), 1 - months)
    payrolls = _approved(actor, first, last)
    paid = payrolls.values("month").annotate(n=Sum("line_count"), total=Sum("total_amount")).order_by()
    back = (
        PaymentLine.objects.filter(payroll__in=payrolls.values("id"), status=LineStatus.RETURNED)
        .values("payroll__month")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by()
    )
    sums = {r["month"]: [int(r["n"] or 0), int(r["total"] or 0)] for r in paid}
    for r in back:
        sums[r["payroll__month"]][0] -= r["n"]
        sums[r["payroll__month"]][1] -= int(r["total"] or 0)
    keys = [add_months(first, i) for i in range(months)]
    return [PaidMonth(m, *sums.get(m, [0, 0])) for m in keys]


def paid_by_unit(*, actor: Actor, month: dt.date, prefixes: dict[str, str]) -> dict[str, tuple[int, int]]:
    """``{key: (recipients, amount)}`` of a month's approved payrolls (returned payments left out)
    for each unit given by its KATO prefix (``{key: prefix}``): one query grouped by the
    assignments' addresses (an assignment has one), summed here per unit."""
    lines = PaymentLine.objects.filter(
        payroll__in=_approved(actor, month, month).values("id"), status=LineStatus.PENDING
    )
    rows = lines.values("assignment__kato_code").annotate(
        n=Count("assignment_id", distinct=True), total=Sum("amount")
    )
    sums = {key: [0, 0] for key in prefixes}
    for row in rows.order_by():
        for key, prefix in prefixes.items():
            if row["assignment__kato_code"].startswith(prefix):
                sums[key][0] += row["n"]
                sums[key][1] += int(row["total"] or 0)
    return {key: (n, total) for key, (n, total) in sums.items()}
