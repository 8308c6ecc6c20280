"""The payments context's part of the start page: payrolls waiting, money paid by month and by unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.periods import add_months
from komek.payments import generation
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
    for each unit given by its KATO prefix (``{key: prefix}``). Each payroll counted its recipients
    and money per address when it was prepared (``Payroll.by_address``); the few lines the bank
    returned since are taken off (a recipient whose every line of the payroll came back is no longer
    counted). Two small queries, however many lines; a payroll prepared without the counts (none
    since they exist) is counted from its lines."""
    payrolls = list(_approved(actor, month, month).values_list("id", "by_address", "line_count"))
    per_address: dict[str, list[int]] = {}
    uncounted = [pk for pk, counted, lines in payrolls if lines and not counted]
    with connection.cursor() as cursor:
        counts = [counted for _, counted, _ in payrolls if counted]
        counts += list(generation.by_address(cursor, uncounted).values())
    for counted in counts:
        for kato, (recipients, amount) in counted.items():
            got = per_address.setdefault(kato, [0, 0])
            got[0], got[1] = got[0] + recipients, got[1] + amount
    counted_ids = [pk for pk, counted, _ in payrolls if counted]
    if counted_ids:
        still_paid = PaymentLine.objects.filter(
            payroll_id=OuterRef("payroll_id"),
            assignment_id=OuterRef("assignment_id"),
            status=LineStatus.PENDING,
        )
        back = (
            PaymentLine.objects.filter(payroll_id__in=counted_ids, status=LineStatus.RETURNED)
            .annotate(still_paid=Exists(still_paid))
            .values("assignment__kato_code")
            .annotate(
                gone=Count("assignment_id", distinct=True, filter=Q(still_paid=False)), total=Sum("amount")
            )
            .order_by()
        )
        for row in back:
            got = per_address.setdefault(row["assignment__kato_code"], [0, 0])
            got[0] -= row["gone"]
            got[1] -= int(row["total"] or 0)
    sums = {key: [0, 0] for key in prefixes}
    for kato, (recipients, amount) in per_address.items():
        for key, prefix in prefixes.items():
            if kato.startswith(prefix):
                sums[key][0] += recipients
                sums[key][1] += amount
    return {key: (n, total) for key, (n, total) in sums.items()}
