"""The monthly and quarterly statistics of money paid: recipients and amounts per programme, per kind
of assignment and per family type, for each month or quarter of a year (the tables a department
sends up), and the records behind each cell.

Counted from the same lines as the annual report (``paid_lines``: approved payrolls, returned lines
left out, recoveries subtracted), by the payroll month. Set-based: one grouped query for a table
by programme or kind; one per period for the family type (the family's composition on the
period's last day is a constant of that query).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractQuarter

from komek.common.annual import Records
from komek.common.periods import periods_of_year
from komek.legislation.terms import legal_term
from komek.payments.choices import FamilyType
from komek.payments.models import PaymentLine
from komek.payments.selectors.paid import paid_lines
from komek.payments.selectors.traces import lines_records
from komek.registry.models import Membership, Person
from komek.registry.selectors import persons_records
from komek.rules.terms import ADULT_AGE, LARGE_FAMILY_CHILDREN

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The breakdowns of the tables: the field of the line's assignment, or the family type.
BREAKDOWNS = {"programme": "assignment__programme", "kind": "assignment__kind", "family_type": "family_type"}
#: What a cell counts: distinct recipients paid in the period, or the money.
MEASURES = ("recipients", "amount")

Cells = dict[tuple[str, int], dict[str, int]]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def with_family_type(lines: QuerySet[PaymentLine], on: dt.date) -> QuerySet[PaymentLine]:
    """The lines annotated with their family's type on ``on``: a person paid alone or a family of
    one lives alone; else by the minors among the members (the legislation's age of majority and
    number of children making a large family)."""
    adult, large = legal_term(ADULT_AGE, on), legal_term(LARGE_FAMILY_CHILDREN, on)
    members = Membership.objects.filter(
        family_id=OuterRef("assignment__family_id"), valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))

    def counted(rows: QuerySet[Membership]) -> Coalesce:
        return Coalesce(
            Subquery(rows.order_by().values("family_id").annotate(n=Count("id")).values("n")[:1]), 0
        )

    minors = members.filter(person__birth_date__gt=_years_before(on, adult))
    return lines.annotate(family_size=counted(members), family_minors=counted(minors)).annotate(
        family_type=Case(
            When(assignment__family__isnull=True, then=Value(FamilyType.ALONE.value)),
            When(family_size__lte=1, then=Value(FamilyType.ALONE.value)),
            When(family_minors__gte=large, then=Value(FamilyType.LARGE.value)),
            When(family_minors__gte=1, then=Value(FamilyType.WITH_CHILDREN.value)),
            default=Value(FamilyType.WITHOUT_CHILDREN.value),
            output_field=CharField(),
        )
    )


def _totals() -> dict[str, Count | Sum]:
    return {"recipients": Count("assignment__recipient", distinct=True), "amount": Sum("amount")}


def paid_by_period(*, actor: Actor, year: int, prefix: str, quarterly: bool, by: str) -> Cells:
    """``{(key, period): {"recipients": n, "amount": tenge}}`` of ``year`` in the territory
    ``prefix``, ``by`` programme, kind or family type, per month (1–12) or quarter (1–4)."""
    field = BREAKDOWNS[by]
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=None)
    cells: Cells = {}
    if by == "family_type":
        for n, start, end in periods_of_year(year, quarterly):
            rows = with_family_type(lines.filter(month__range=(start, end)), end)
            for row in rows.values(field).annotate(**_totals()).order_by():
                cells[(row[field], n)] = {"recipients": row["recipients"], "amount": int(row["amount"] or 0)}
        return cells
    period = ExtractQuarter("month") if quarterly else ExtractMonth("month")
    for row in lines.annotate(period=period).values(field, "period").annotate(**_totals()).order_by():
        cells[(row[field], row["period"])] = {
            "recipients": row["recipients"],
            "amount": int(row["amount"] or 0),
        }
    return cells


def paid_cell_records(
    *, actor: Actor, year: int, prefix: str, quarterly: bool, by: str, key: str, period: int, measure: str
) -> Records | None:
    """The records behind a cell: the recipients paid, or the payment lines; ``None`` for a
    breakdown, period or measure the tables do not have."""
    periods = {n: (start, end) for n, start, end in periods_of_year(year, quarterly)}
    if by not in BREAKDOWNS or period not in periods or measure not in MEASURES:
        return None
    start, end = periods[period]
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=None).filter(
        month__range=(start, end)
    )
    if by == "family_type":
        lines = with_family_type(lines, end)
    lines = lines.filter(**{BREAKDOWNS[by]: key})
    if measure == "amount":
        return lines_records(lines)
    return persons_records(Person.objects.filter(pk__in=lines.values("assignment__recipient_id")))
