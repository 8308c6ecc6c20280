"""What was spent, read from the records of the contexts below: one aggregate query per kind.

Each function returns :class:`Spending` rows grouped by what they are of (a benefit programme, an
employment measure, a rehabilitation aid, a special social service), budget source (when the record
names one), department and month; the database sums, Python never walks records. Which budget
programme pays each row is decided afterwards from the dated links (``komek.budget.reference``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

from komek.accounts import policy
from komek.benefits.choices import BudgetSource
from komek.budget.choices import SpecialService, Thing
from komek.employment.choices import MeasureKind
from komek.employment.models import Participation
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.territory import department, prefix_of
from komek.rehabilitation.choices import AidKind, VoucherStatus
from komek.rehabilitation.models import HoursRecord, Issue, SocialOrderProject, Voucher


@dataclass(frozen=True)
class Spending:
    thing: str
    code: str
    source: str  # "" when the record names no budget source
    territory: str  # the department's KATO code
    month: dt.date | None  # None: the record is dated by its year only
    amount: int


@dataclass(frozen=True)
class Scope:
    """Whose records: the actor's KATO prefixes (``None``: everywhere) and one department or all."""

    allowed: list[str] | None
    territory: str | None = None

    def q(self, field: str) -> Q:
        """Rows whose KATO ``field`` lies in the actor's territory and in the chosen department."""
        q = policy.prefixes_q(self.allowed, field)
        if self.territory:
            q &= Q(**{f"{field}__startswith": prefix_of(self.territory)})
        return q


SOURCES = (BudgetSource.REPUBLICAN.value, BudgetSource.REGIONAL.value, BudgetSource.LOCAL.value)


def _month(value: dt.date | dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _department(code: str) -> str:
    return department((code or "").ljust(9, "0"))[0]


def payroll_spending(*, year: int, scope: Scope) -> list[Spending]:
    """Spending of the approved payrolls of ``year``, by programme, source, department and month.

    THE one read of payroll money for the budget: each line's republican, regional and local parts
    (split by the assignment's shares when the payroll was prepared, ADR 0012) count under their
    source; returned lines (the bank sent the money back) are not spent. Read set-based from the
    payrolls' own totals per source (the sums of their lines when prepared; the lines of an
    approved payroll only ever change to returned) less the parts of the returned lines: two
    grouped queries, however many lines the year paid.
    """
    payrolls = Payroll.objects.filter(status=PayrollStatus.APPROVED, month__year=year).filter(
        scope.q("prefix")
    )
    if scope.territory:
        payrolls = payrolls.filter(territory=scope.territory)
    key = ("programme", "territory", "month")
    totals = payrolls.values(*key).annotate(
        republican=Sum("total_republican"), regional=Sum("total_regional"), local=Sum("total_local")
    )
    returned = (
        PaymentLine.objects.filter(payroll__in=payrolls.values("id"), status=LineStatus.RETURNED)
        .values(*(f"payroll__{k}" for k in key))
        .annotate(republican=Sum("republican"), regional=Sum("regional"), local=Sum("local"))
        .order_by()
    )
    spent: dict[tuple[str, str, dt.date], dict[str, int]] = {}
    for row in totals.order_by():
        r: dict[str, Any] = dict(row)
        spent[(r["programme"], r["territory"], r["month"])] = {s: int(r[s] or 0) for s in SOURCES}
    for row in returned:
        r = dict(row)
        parts = spent[(r["payroll__programme"], r["payroll__territory"], r["payroll__month"])]
        for source in SOURCES:
            parts[source] -= int(r[source] or 0)
    return [
        Spending(Thing.PROGRAMME, programme, source, territory, month, amount)
        for (programme, territory, month), parts in spent.items()
        for source, amount in parts.items()
        if amount
    ]


def _grouped(qs: QuerySet, *, code: str, kato: str, month: str, amount: object) -> list[dict]:  # type: ignore[type-arg]
    return list(
        qs.annotate(_dep=Substr(kato, 1, 4), _month=TruncMonth(month))
        .values(code, "_dep", "_month")
        .annotate(total=Sum(amount))  # type: ignore[arg-type]
        .order_by()
    )


def participation_spending(*, year: int, scope: Scope) -> list[Spending]:
    """Paid employment measures: the pay recorded (``paid_total``) in the month the participation
    ends, and a grant's or microcredit's amount in the month it starts (as the centre's figures
    count them: paid plus amount)."""
    base = Participation.objects.filter(scope.q("kato__code"))
    paid = _grouped(
        base.filter(date_to__year=year, paid_total__gt=0), code="kind", kato="kato__code", month="date_to",
        amount=F("paid_total"),
    )  # fmt: skip
    lump_sums = [MeasureKind.GRANT, MeasureKind.MICROCREDIT]
    lump = _grouped(
        base.filter(date_from__year=year, amount__gt=0, kind__in=lump_sums),
        code="kind", kato="kato__code", month="date_from", amount=F("amount"),
    )  # fmt: skip
    return [
        Spending(
            Thing.MEASURE, r["kind"], "", _department(r["_dep"]), _month(r["_month"]), int(r["total"] or 0)
        )
        for r in (*paid, *lump)
    ]


def rehabilitation_spending(*, year: int, scope: Scope) -> list[Spending]:
    """Rehabilitation: aids issued (contract unit price × quantity) in the month of the issue, hours
    given at the contract's price in their month, sanatorium vouchers assigned or used (their price)
    in the month the stay starts."""
    issues = _grouped(
        Issue.objects.filter(issued_on__year=year).filter(scope.q("line__contract__district")),
        code="kind", kato="line__contract__district", month="issued_on",
        amount=F("quantity") * F("line__unit_price"),
    )  # fmt: skip
    hours = _grouped(
        HoursRecord.objects.filter(month__year=year, given__gt=0, line__isnull=False).filter(
            scope.q("line__contract__district")
        ),
        code="kind", kato="line__contract__district", month="month",
        amount=F("given") * F("line__unit_price"),
    )  # fmt: skip
    vouchers = (
        Voucher.objects.filter(starts_on__year=year, status__in=[VoucherStatus.ASSIGNED, VoucherStatus.USED])
        .filter(scope.q("district"))
        .annotate(_dep=Substr("district", 1, 4), _month=TruncMonth("starts_on"))
        .values("_dep", "_month")
        .annotate(total=Sum("price"))
        .order_by()
    )
    out = [
        Spending(Thing.AID, r["kind"], "", _department(r["_dep"]), _month(r["_month"]), int(r["total"] or 0))
        for r in (*issues, *hours)
    ]
    out += [
        Spending(
            Thing.AID,
            AidKind.SANATORIUM,
            "",
            _department(r["_dep"]),
            _month(r["_month"]),
            int(r["total"] or 0),
        )
        for r in vouchers
    ]
    return out


def special_service_spending(*, year: int, scope: Scope) -> list[Spending]:
    """Social-order projects: the amount a project has spent, counted in its year (the record has no
    month)."""
    rows = (
        SocialOrderProject.objects.filter(year=year, spent_amount__gt=0)
        .filter(scope.q("district"))
        .annotate(_dep=Substr("district", 1, 4))
        .values("_dep")
        .annotate(total=Sum("spent_amount"))
        .order_by()
    )
    return [
        Spending(
            Thing.SPECIAL_SERVICE,
            SpecialService.SOCIAL_ORDER,
            "",
            _department(r["_dep"]),
            None,
            int(r["total"]),
        )
        for r in rows
    ]


def all_spending(*, year: int, scope: Scope) -> list[Spending]:
    """Every kind of spending of ``year`` in ``scope`` (seven aggregate queries)."""
    return [
        *payroll_spending(year=year, scope=scope),
        *participation_spending(year=year, scope=scope),
        *rehabilitation_spending(year=year, scope=scope),
        *special_service_spending(year=year, scope=scope),
    ]
