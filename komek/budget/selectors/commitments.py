"""What is committed for the rest of a year: active assignments and signed contracts.

- **Assignments**: for each remaining month the sum of the monthly amounts of the assignments that
  pay in it (the payroll's own schedule: ``komek.rules.schedule.periodicities_paying``, or the
  assignment's first month), split by each assignment's shares of the budget sources (ADR 0012), as
  one conditional sum per month and source in a single ``GROUP BY`` over programme and department.
- **Employment contracts** (public works, social jobs, youth practice with an employer): the
  participations under way, whose pay is recorded as spent when they end, commit the state's
  monthly share for each month of the year they run (a month counts when the participation is under
  way on its 15th, so a period of whole months counts each month once), less what is recorded paid.
- **Supply contracts of rehabilitation** of the year: each contract line's amount less what was
  issued, given (hours) or assigned (vouchers) against it, never below nothing (two queries).
- **Social-order projects** of the year: the planned amount less the amount spent.

Each kind is one aggregate query, grouped by what it is of and department; Python never walks
records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import BigIntegerField, Case, F, Max, Q, Sum, Value, When
from django.db.models.functions import Substr

from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import SHARE_WHOLE, Assignment
from komek.budget.choices import SpecialService, Thing
from komek.budget.selectors.spending import SOURCES, Codes, Scope, Spending, wanted
from komek.common.periods import add_months
from komek.employment.choices import MeasureKind, MeasureOutcome
from komek.employment.models import Participation
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll
from komek.payments.territory import department
from komek.rehabilitation.choices import VoucherStatus
from komek.rehabilitation.models import ContractLine, HoursRecord, Issue, SocialOrderProject, Voucher
from komek.rules.schedule import periodicities_paying

#: The employment measures paid under a contract with an employer, month by month.
CONTRACT_MEASURES = (MeasureKind.PUBLIC_WORKS, MeasureKind.SOCIAL_JOB, MeasureKind.YOUTH_PRACTICE)


def first_open_month(*, year: int, scope: Scope, today: dt.date) -> dt.date | None:
    """The first month of ``year`` still to be paid: after the last approved payroll of the scope
    (January when none is); ``None`` when the year is over."""
    if year < today.year:
        return None
    payrolls = Payroll.objects.filter(status=PayrollStatus.APPROVED, month__year=year).filter(
        scope.q("prefix")
    )
    if scope.territory:
        payrolls = payrolls.filter(territory=scope.territory)
    last = payrolls.aggregate(last=Max("month"))["last"]
    start = add_months(last, 1) if last else dt.date(year, 1, 1)
    return start if start.year == year else None


def commitments(*, year: int, scope: Scope, start: dt.date | None, codes: Codes = None) -> list[Spending]:
    """The committed amounts of the active assignments, by programme, source, department and month,
    from ``start`` to December."""
    programmes = wanted(codes, Thing.PROGRAMME)
    if start is None or programmes == set():
        return []
    months = [dt.date(year, m, 1) for m in range(start.month, 13)]
    sums = {}
    for month in months:
        following = add_months(month, 1)
        pays = Q(period_start__lt=following, period_end__gte=month) & (
            Q(periodicity__in=periodicities_paying(month)) | Q(period_start__gte=month)
        )
        for source in SOURCES:  # the amount times the source's share, in basis points
            sums[f"m{month.month}_{source}"] = Sum(
                Case(
                    When(pays, then=F("monthly_amount") * F(f"share_{source}")),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
            )
    assignments = (
        Assignment.objects.all()
        if programmes is None
        else Assignment.objects.filter(programme__in=programmes)
    )
    rows = (
        assignments.filter(status=AssignmentStatus.ACTIVE, period_end__gte=start)
        .filter(period_start__lte=dt.date(year, 12, 31))
        .filter(scope.q("kato_code"))
        .annotate(_dep=Substr("kato_code", 1, 4))
        .values("programme", "_dep")
        .annotate(**sums)
        .order_by()
    )
    out = []
    for row in rows:
        r: dict[str, Any] = dict(row)
        territory = department(r["_dep"].ljust(9, "0"))[0]
        for month in months:
            for source in SOURCES:
                amount = int(r[f"m{month.month}_{source}"] or 0) // SHARE_WHOLE
                if amount:
                    out.append(Spending(Thing.PROGRAMME, r["programme"], source, territory, month, amount))
    return out


def contract_commitments(*, year: int, scope: Scope, today: dt.date, codes: Codes = None) -> list[Spending]:
    """What the signed contracts of ``year`` still commit: employment contracts under way, supply
    contracts of rehabilitation, social-order projects (none for a year that is over)."""
    if year < today.year:
        return []
    return [
        *_employment_contracts(year, scope, wanted(codes, Thing.MEASURE)),
        *_supply_contracts(year, scope, wanted(codes, Thing.AID)),
        *_social_order(year, scope, wanted(codes, Thing.SPECIAL_SERVICE)),
    ]


def _employment_contracts(year: int, scope: Scope, kinds: set[str] | None) -> list[Spending]:
    chosen = [k for k in CONTRACT_MEASURES if kinds is None or k in kinds]
    if not chosen:
        return []
    months = [dt.date(year, m, 15) for m in range(1, 13)]
    sums = {
        f"m{day.month}": Sum(
            Case(
                When(date_from__lte=day, date_to__gte=day, then=F("state_monthly")),
                default=Value(0),
                output_field=BigIntegerField(),
            )
        )
        for day in months
    }
    rows = (
        Participation.objects.filter(
            kind__in=chosen,
            outcome=MeasureOutcome.IN_PROGRESS,
            state_monthly__gt=0,
            date_from__lte=dt.date(year, 12, 15),
            date_to__gte=dt.date(year, 1, 15),
        )  # fmt: skip
        .filter(scope.q("kato__code"))
        .annotate(_dep=Substr("kato__code", 1, 4))
        .values("kind", "_dep")
        .annotate(paid=Sum("paid_total"), **sums)
        .order_by()
    )
    out = []
    for row in rows:
        r: dict[str, Any] = dict(row)
        territory = department(r["_dep"].ljust(9, "0"))[0]
        paid = int(r["paid"] or 0)  # recorded paid already: taken off the first months
        for day in months:
            amount = int(r[f"m{day.month}"] or 0)
            taken = min(paid, amount)
            paid -= taken
            if amount - taken:
                out.append(
                    Spending(Thing.MEASURE, r["kind"], "", territory, day.replace(day=1), amount - taken)
                )
    return out


def _supply_contracts(year: int, scope: Scope, kinds: set[str] | None) -> list[Spending]:
    """Two queries: the year's contract lines, and what was used against them (issues and hours at
    the line's price, vouchers at theirs), grouped by line in one ``UNION ALL``; a line's remainder
    is never below nothing. Python walks contract lines (tens per department), not records."""
    if kinds == set():
        return []
    lines = ContractLine.objects.filter(contract__year=year).filter(scope.q("contract__district"))
    if kinds is not None:
        lines = lines.filter(kind__in=kinds)
    contracted = {
        r["pk"]: (r["kind"], r["contract__district"], int(r["unit_price"]) * int(r["quantity"]))
        for r in lines.values("pk", "kind", "contract__district", "unit_price", "quantity")
    }
    if not contracted:
        return []
    mine = Q(line__contract__year=year) & scope.q("line__contract__district")

    def per_line(qs: Any, amount: Any) -> Any:
        return qs.filter(mine).values("line").annotate(used=Sum(amount)).order_by()

    used_rows = per_line(Issue.objects.all(), F("quantity") * F("line__unit_price")).union(
        per_line(HoursRecord.objects.all(), F("given") * F("line__unit_price")),
        per_line(Voucher.objects.filter(status__in=[VoucherStatus.ASSIGNED, VoucherStatus.USED]), F("price")),
        all=True,
    )
    used: dict[int, int] = defaultdict(int)
    for row in used_rows:
        used[row["line"]] += int(row["used"] or 0)
    left: dict[tuple[str, str], int] = defaultdict(int)
    for pk, (kind, district, amount) in contracted.items():
        left[(kind, department(district)[0])] += max(amount - used[pk], 0)
    return [
        Spending(Thing.AID, kind, "", territory, None, amount)
        for (kind, territory), amount in sorted(left.items())
        if amount
    ]


def _social_order(year: int, scope: Scope, services: set[str] | None) -> list[Spending]:
    if services is not None and SpecialService.SOCIAL_ORDER not in services:
        return []
    rows = (
        SocialOrderProject.objects.filter(year=year, planned_amount__gt=F("spent_amount"))
        .filter(scope.q("district"))
        .annotate(_dep=Substr("district", 1, 4))
        .values("_dep")
        .annotate(total=Sum(F("planned_amount") - F("spent_amount")))
        .order_by()
    )
    return [
        Spending(
            Thing.SPECIAL_SERVICE,
            SpecialService.SOCIAL_ORDER,
            "",
            department(r["_dep"].ljust(9, "0"))[0],
            None,
            int(r["total"]),
        )  # fmt: skip
        for r in rows
        if r["total"]
    ]
