"""The monthly and quarterly statistics of rehabilitation provision: per aid, the persons provided in
each month or quarter of a year (issues, hours given, used vouchers), as the coverage table counts
them for the year (``coverage``), and the persons behind each cell (``traces.provided_between``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, Value
from django.db.models.functions import ExtractMonth, ExtractQuarter

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Records
from komek.common.periods import periods_of_year
from komek.registry.selectors import persons_records
from komek.rehabilitation import choices
from komek.rehabilitation.models import HoursRecord, Issue, Voucher
from komek.rehabilitation.selectors.traces import provided_between

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def provided_by_period(
    *, actor: Actor, year: int, prefix: str, quarterly: bool
) -> dict[tuple[str, int], int]:
    """``{(aid, period): persons provided}`` of ``year`` in the territory ``prefix``: one UNION of
    three grouped queries."""
    policy.require(actor, Capability.REPORT_VIEW)
    periods = periods_of_year(year, quarterly)
    start, end = periods[0][1], periods[-1][2]
    extract = ExtractQuarter if quarterly else ExtractMonth

    def scope(field_name: str) -> Q:
        return policy.territory_q(actor, field_name) & Q(**{f"{field_name}__startswith": prefix})

    issued = (
        Issue.objects.filter(scope("person__kato__code"), issued_on__range=(start, end))
        .annotate(p=extract("issued_on"))
        .values("kind", "p")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "p", "n")
        .order_by()
    )
    hours = (
        HoursRecord.objects.filter(scope("person__kato__code"), month__range=(start, end), given__gt=0)
        .annotate(p=extract("month"))
        .values("kind", "p")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "p", "n")
        .order_by()
    )
    vouchers = (
        Voucher.objects.filter(
            scope("district"), status=choices.VoucherStatus.USED, starts_on__range=(start, end)
        )
        .annotate(k=Value(choices.AidKind.SANATORIUM.value), p=extract("starts_on"))
        .values("k", "p")
        .annotate(n=Count("person", distinct=True))
        .values_list("k", "p", "n")
        .order_by()
    )
    cells: dict[tuple[str, int], int] = {}
    for kind, period, n in issued.union(hours, vouchers, all=True):
        cells[(kind, int(period))] = cells.get((kind, int(period)), 0) + int(n or 0)
    return cells


def provided_cell_records(
    *, actor: Actor, year: int, prefix: str, quarterly: bool, kind: str, period: int
) -> Records | None:
    """The persons provided with the aid ``kind`` in the period; ``None`` for an unknown aid or period."""
    policy.require(actor, Capability.REPORT_VIEW)
    periods = {n: (start, end) for n, start, end in periods_of_year(year, quarterly)}
    if kind not in choices.AidKind.values or period not in periods:
        return None
    start, end = periods[period]
    return persons_records(provided_between(actor=actor, prefix=prefix, kind=kind, start=start, end=end))
