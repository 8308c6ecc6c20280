"""The annual report's reads of what was paid: the year's approved lines of a territory, the
families, persons, recipients and money they paid (set-based, one pass per figure set)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine
from komek.registry.models import Membership, Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass(frozen=True)
class PaidFigures:
    """What the approved payrolls of a year paid under some programmes: the families and persons
    reached and the money (lines returned by the bank left out, recoveries subtracted)."""

    families: int
    persons: int
    recipients: int
    amount: int


def paid_lines(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str] | None
) -> QuerySet[PaymentLine]:
    """The lines of the approved payrolls of ``year`` (payroll month in the year) in the territory
    ``prefix``, returned lines left out, of ``programmes`` (of every programme with ``None``)."""
    policy.require(actor, Capability.REPORT_VIEW)
    field = "assignment__kato_code"
    lines = PaymentLine.objects.filter(
        policy.territory_q(actor, field),
        Q(**{f"{field}__startswith": prefix}),
        policy.prefix_q(prefix, "territory", ranged=True),  # the lines' partitions of the territory only
        payroll__status=PayrollStatus.APPROVED,
        month__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ).exclude(status=LineStatus.RETURNED)
    return lines if programmes is None else lines.filter(assignment__programme__in=list(programmes))


def _member_sets(lines: QuerySet[PaymentLine], year: int) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The person ids of the paid families' members during the year, and of the persons paid on
    their own (lazy)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    families = lines.filter(assignment__family__isnull=False).values("assignment__family_id")
    alone = lines.filter(assignment__family__isnull=True).values("assignment__person_id")
    members = (
        Membership.objects.filter(family_id__in=families, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values("person_id")
    )
    return members, alone


def members_paid(lines: QuerySet[PaymentLine], year: int) -> QuerySet[Person]:
    """Members of the paid families during the year plus the persons paid on their own (lazy):
    the records behind ``members_paid_counts``."""
    members, alone = _member_sets(lines, year)
    return Person.objects.filter(Q(pk__in=members) | Q(pk__in=alone))


def members_paid_counts(lines: QuerySet[PaymentLine], year: int, kinds: Iterable[str]) -> dict[str, int]:
    """How many persons ``members_paid`` lists, of all ``lines`` (key ``""``) and of the lines of
    each assignment kind of ``kinds``, in one query: the (person, kind) pairs of the paid families'
    members and of the persons paid alone, gathered once, then counted distinct per kind (the
    registry's memberships are read once, not once per kind)."""
    kinds = list(kinds)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    families_sql, families_params = (
        lines.filter(assignment__family__isnull=False)
        .values(paid_family=F("assignment__family_id"), paid_kind=F("assignment__kind"))
        .order_by()
        .distinct()
        .query.sql_with_params()
    )
    alone_sql, alone_params = (
        lines.filter(assignment__family__isnull=True)
        .values(paid_person=F("assignment__person_id"), paid_kind=F("assignment__kind"))
        .order_by()
        .distinct()
        .query.sql_with_params()
    )
    membership = Membership._meta.db_table
    counts = ", ".join(
        ["COUNT(DISTINCT p.person_id)"]
        + ["COUNT(DISTINCT CASE WHEN p.kind = %s THEN p.person_id END)"] * len(kinds)
    )
    # Only Django's own compiled SQL and the table's name are put in the text; values are parameters.
    sql = (
        f"SELECT {counts} FROM ("  # noqa: S608
        f" SELECT m.person_id AS person_id, f.paid_kind AS kind FROM {membership} m"
        f" JOIN ({families_sql}) f ON m.family_id = f.paid_family"
        " WHERE m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)"
        f" UNION SELECT a.paid_person, a.paid_kind FROM ({alone_sql}) a"
        ") p"
    )
    params = [*kinds, *families_params, end, start, *alone_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {"": row[0], **{kind: row[n + 1] for n, kind in enumerate(kinds)}}


def paid_figures(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], kind: str = ""
) -> PaidFigures:
    """Families, persons (members of the families, or the persons paid), recipients and money paid
    in ``year`` under ``programmes`` (of one assignment kind, when given), set-based."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    if kind:
        lines = lines.filter(assignment__kind=kind)
    totals = lines.aggregate(
        amount=Sum("amount"),
        families=Count("assignment__family", distinct=True),
        recipients=Count("assignment__recipient", distinct=True),
    )
    return PaidFigures(
        families=totals["families"],
        persons=members_paid_counts(lines, year, [])[""],
        recipients=totals["recipients"],
        amount=int(totals["amount"] or 0),
    )


def paid_subjects(*, actor: Actor, year: int, prefix: str, programmes: Iterable[str]) -> int:
    """The distinct persons the assignments paid in ``year`` under ``programmes`` are for (the
    children schooled at home, whose parents receive the money): one query."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    return int(lines.aggregate(n=Count("assignment__person", distinct=True))["n"])


def paid_figures_by_kind(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], kinds: Iterable[str]
) -> dict[str, PaidFigures]:
    """``paid_figures`` of all the lines (key ``""``) and of each assignment kind of ``kinds``, the
    families, recipients and money of every part in one pass over the year's lines (a filtered
    aggregate per part), the persons by one UNION count per part."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    parts: dict[str, Q | None] = {"": None, **{kind: Q(assignment__kind=kind) for kind in kinds}}
    aggregates: dict[str, Any] = {}
    for n, only in enumerate(parts.values()):
        aggregates[f"amount_{n}"] = Sum("amount", filter=only)
        aggregates[f"families_{n}"] = Count("assignment__family", distinct=True, filter=only)
        aggregates[f"recipients_{n}"] = Count("assignment__recipient", distinct=True, filter=only)
    totals = lines.aggregate(**aggregates)
    persons = members_paid_counts(lines, year, [kind for kind in parts if kind])
    result = {}
    for n, kind in enumerate(parts):
        result[kind] = PaidFigures(
            families=totals[f"families_{n}"],
            persons=persons[kind],
            recipients=totals[f"recipients_{n}"],
            amount=int(totals[f"amount_{n}"] or 0),
        )
    return result


def paid_by_programme(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``{programme: (recipients, amount)}`` paid in ``year``: one grouped query."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    rows = (
        lines.values("assignment__programme")
        .annotate(n=Count("assignment__recipient", distinct=True), total=Sum("amount"))
        .order_by("assignment__programme")
    )
    return {r["assignment__programme"]: (r["n"], int(r["total"] or 0)) for r in rows}


# --- The home page: payrolls waiting, money paid by month and by district (komek.reports.home) ---
