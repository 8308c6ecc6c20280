"""Coverage figures per aid kind and year: entitled, provided, in queue, "security %", money.

Each figure family is one set-based aggregate over the year (grouped by aid kind), never a query
per person: entitled (entitlements in force during the year), provided (issues, used vouchers and
hours given, as one UNION), waiting at the end of the year, contracted money, and money spent.

"Security %" is what the departments' reports print next to each aid ("prosthetic and orthopaedic
products – 116 people, security 72.5%", seed 000): the share of the people who needed the aid in the
year who got it, provided / (provided + still waiting at the end of the year) (ADR 0009).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.dated import not_ended_q
from komek.common.money import round_share
from komek.rehabilitation import choices
from komek.rehabilitation.models import ContractLine, Entitlement, HoursRecord, Issue, QueueEntry, Voucher

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass
class CoverageRow:
    kind: str
    label: str
    entitled: int = 0
    provided: int = 0
    in_queue: int = 0
    contracted: int = 0
    spent: int = 0

    @property
    def security(self) -> Decimal | None:
        return round_share(self.provided, self.provided + self.in_queue)


@dataclass
class Coverage:
    year: int
    rows: list[CoverageRow]
    extra: list[CoverageRow] = field(default_factory=list)

    @property
    def total_contracted(self) -> int:
        return sum(r.contracted for r in self.rows)

    @property
    def total_spent(self) -> int:
        return sum(r.spent for r in self.rows)


# --- Rows of services built in other apps ----------------------------------------------------------
# Home-schooling reimbursement for disabled children is a state service of ``komek.applications``:
# this table asks that app for the year's figures and shows them as an extra row of the coverage page
# and export. A hook has the signature
#     (year, kato_prefixes or None for the whole country) -> CoverageRow | None
EXTRA_ROWS: list[Callable[[int, list[str] | None], CoverageRow | None]] = []


def home_schooling_row(year: int, prefixes: list[str] | None) -> CoverageRow | None:
    """Home-schooling reimbursement for disabled children, a state service of komek.applications."""
    from komek.applications.selectors.report import HOME_SCHOOLING, home_schooling_coverage

    figures = home_schooling_coverage(year=year, prefixes=prefixes)
    if figures is None:
        return None
    return CoverageRow(
        kind=HOME_SCHOOLING,
        label=figures.label,
        entitled=figures.entitled,
        provided=figures.provided,
        in_queue=figures.in_queue,
        spent=figures.spent,
    )


EXTRA_ROWS.append(home_schooling_row)
# -------------------------------------------------------------------------------------------------


def _by_kind(rows: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, n in rows:  # type: ignore[attr-defined]
        out[kind] = out.get(kind, 0) + int(n or 0)
    return out


def coverage(*, user: Actor, year: int, district: str | None = None, prefix: str = "") -> Coverage:
    """The coverage table of a year for the user's territory (or one district of it, or the
    territory of the KATO ``prefix`` for the annual report)."""
    policy.require(user, Capability.REHAB_VIEW)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    prefixes = policy.prefixes(user)

    def scope(field_name: str) -> Q:
        q = policy.territory_q(user, field_name)
        q &= Q(**{f"{field_name}__startswith": prefix}) if prefix else Q()
        return q & Q(**{f"{field_name}__startswith": district[:4]}) if district else q

    entitled = _by_kind(
        Entitlement.objects.filter(scope("person__kato__code"), valid_from__lte=end)
        .filter(not_ended_q(start))
        .values("kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "n")
        .order_by()
    )
    issued = (
        Issue.objects.filter(scope("person__kato__code"), issued_on__range=(start, end))
        .values("kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "n")
        .order_by()
    )
    vouchers = (
        Voucher.objects.filter(
            scope("district"), status=choices.VoucherStatus.USED, starts_on__range=(start, end)
        )
        .annotate(k=Value(choices.AidKind.SANATORIUM.value))
        .values("k")
        .annotate(n=Count("person", distinct=True))
        .values_list("k", "n")
        .order_by()
    )
    hours = (
        HoursRecord.objects.filter(scope("person__kato__code"), month__range=(start, end), given__gt=0)
        .values("kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "n")
        .order_by()
    )
    provided = _by_kind(issued.union(vouchers, hours, all=True))
    in_queue = _by_kind(
        QueueEntry.objects.filter(scope("district"), applied_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .values("kind")
        .annotate(n=Count("person", distinct=True))
        .values_list("kind", "n")
        .order_by()
    )
    contracted = _by_kind(
        ContractLine.objects.filter(scope("contract__district"), contract__year=year)
        .values("kind")
        .annotate(n=Sum(F("unit_price") * F("quantity")))
        .values_list("kind", "n")
        .order_by()
    )
    spent_items = (
        Issue.objects.filter(scope("person__kato__code"), issued_on__range=(start, end))
        .values("kind")
        .annotate(n=Sum(F("quantity") * F("line__unit_price")))
        .values_list("kind", "n")
        .order_by()
    )
    spent_vouchers = (
        Voucher.objects.filter(
            scope("district"), status=choices.VoucherStatus.USED, starts_on__range=(start, end)
        )
        .annotate(k=Value(choices.AidKind.SANATORIUM.value))
        .values("k")
        .annotate(n=Sum("price"))
        .values_list("k", "n")
        .order_by()
    )
    spent_hours = (
        HoursRecord.objects.filter(scope("person__kato__code"), month__range=(start, end), line__isnull=False)
        .values("kind")
        .annotate(n=Coalesce(Sum(F("given") * F("line__unit_price")), 0))
        .values_list("kind", "n")
        .order_by()
    )
    spent = _by_kind(spent_items.union(spent_vouchers, spent_hours, all=True))
    rows = [
        CoverageRow(
            kind=kind.value,
            label=str(kind.label),
            entitled=entitled.get(kind.value, 0),
            provided=provided.get(kind.value, 0),
            in_queue=in_queue.get(kind.value, 0),
            contracted=contracted.get(kind.value, 0),
            spent=spent.get(kind.value, 0),
        )
        for kind in choices.AidKind
    ]
    extra = [row for hook in EXTRA_ROWS if (row := hook(year, prefixes)) is not None]
    return Coverage(year=year, rows=rows, extra=extra)
