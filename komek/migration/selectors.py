"""Reads of migration: the kandas list and card, consultations, invitations, permits, checks and the
figures of a year for a territory. Every read is narrowed by the access policy (capability and
territory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
from komek.common.models import KatoUnit
from komek.migration.choices import LabourCategory, SupportKind
from komek.migration.models import Check, Consultation, Invitation, KandasStatus, Permit, Support
from komek.migration.quota import Quota, quotas_of
from komek.registry.models import Person

VIEW = Capability.MIGRATION_VIEW


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def statuses_visible(actor: Any) -> QuerySet[KandasStatus]:
    return policy.visible(KandasStatus.objects.all(), actor, VIEW, field="person__kato__code")


def statuses_listed(actor: Any) -> QuerySet[KandasStatus]:
    return (
        statuses_visible(actor)
        .select_related("person", "kato")
        .annotate(family=Count("members", distinct=True), support=Sum("supports__amount"))
    )


def status_get(*, actor: Any, status_id: int) -> KandasStatus:
    found = (
        statuses_visible(actor).select_related("person", "person__kato", "kato").filter(pk=status_id).first()
    )
    if found is None:
        raise NotFound("No such kandas in your territory.")
    return found


def consultations_visible(actor: Any) -> QuerySet[Consultation]:
    return policy.visible(Consultation.objects.select_related("kato"), actor, VIEW, field="kato__code")


def invitations_visible(actor: Any) -> QuerySet[Invitation]:
    return policy.visible(
        Invitation.objects.select_related("kato", "inviter"), actor, VIEW, field="kato__code"
    )


def permits_visible(actor: Any) -> QuerySet[Permit]:
    return policy.visible(Permit.objects.select_related("kato"), actor, VIEW, field="kato__code")


def checks_visible(actor: Any) -> QuerySet[Check]:
    return policy.visible(Check.objects.select_related("kato"), actor, VIEW, field="kato__code")


def consultations_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Consultation]:
    start, end = _bounds(year)
    return consultations_visible(actor).filter(kato__code__startswith=prefix, date__gte=start, date__lte=end)


def statuses_of(*, actor: Any, year: int, prefix: str) -> QuerySet[KandasStatus]:
    """The statuses assigned in the year to settle in the territory."""
    start, end = _bounds(year)
    return statuses_visible(actor).filter(
        kato__code__startswith=prefix, assigned_on__gte=start, assigned_on__lte=end
    )


def kandas_persons_of(*, actor: Any, year: int, prefix: str, country: str = "") -> QuerySet[Person]:
    """The persons the year's statuses include (of one country of origin): the kandas and their
    family members."""
    statuses = statuses_of(actor=actor, year=year, prefix=prefix)
    if country:
        statuses = statuses.filter(country=country)
    return Person.objects.filter(Q(kandas_status__in=statuses) | Q(kandas_member_of__in=statuses)).distinct()


def invitations_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Invitation]:
    start, end = _bounds(year)
    return invitations_visible(actor).filter(
        kato__code__startswith=prefix, issued__gte=start, issued__lte=end
    )


def supports_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Support]:
    start, end = _bounds(year)
    return policy.visible(Support.objects.all(), actor, VIEW, field="status__person__kato__code").filter(
        status__kato__code__startswith=prefix, paid_on__gte=start, paid_on__lte=end
    )


def supported_of(*, actor: Any, year: int, prefix: str) -> QuerySet[KandasStatus]:
    """The statuses (of any year) whose support was paid in the year."""
    return statuses_visible(actor).filter(
        pk__in=supports_of(actor=actor, year=year, prefix=prefix).values("status")
    )


def permits_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Permit]:
    start, end = _bounds(year)
    return permits_visible(actor).filter(kato__code__startswith=prefix, issued__gte=start, issued__lte=end)


def checks_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Check]:
    start, end = _bounds(year)
    return checks_visible(actor).filter(kato__code__startswith=prefix, date__gte=start, date__lte=end)


@dataclass(frozen=True)
class Year:
    """Migration in a territory in a year."""

    consulted: int
    assigned: int
    persons: int
    persons_by_country: dict[str, int]
    invitations: int
    invitations_citizens: int
    supported: int
    support_by_kind: dict[str, int]
    quotas: list[Quota]
    permits_by_category: dict[str, int]
    workers: int
    workers_by_country: dict[str, int]
    fee: int
    checks: int
    violations: int

    @property
    def quota(self) -> int:
        return sum(q.quota or 0 for q in self.quotas)

    @property
    def permits(self) -> int:
        return sum(self.permits_by_category.values())


def _ranked(found: dict[str, int]) -> dict[str, int]:
    """By count, the largest first (the report lists the countries so)."""
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def _scalar(queryset: QuerySet[Any], aggregate: Any) -> Any:
    """One aggregate of a queryset as a subquery of one value (grouped by a constant, which Django
    leaves out of the GROUP BY, so it aggregates every row)."""
    grouped = queryset.order_by().annotate(one=Value(1)).values("one").annotate(value=aggregate)
    return Coalesce(Subquery(grouped.values("value")[:1]), 0)


def migration_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in four queries (and the legislation's quota), whatever the records:
    the counts of consultations, invitations, support and checks in one row."""
    supports = supports_of(actor=actor, year=year, prefix=prefix)
    invitations = invitations_of(actor=actor, year=year, prefix=prefix)
    checks = checks_of(actor=actor, year=year, prefix=prefix)
    counts = (
        KatoUnit.objects.order_by("code")
        .annotate(
            consulted=_scalar(consultations_of(actor=actor, year=year, prefix=prefix), Count("id")),
            invitations=_scalar(invitations, Count("id")),
            citizens=_scalar(invitations.filter(inviter_citizen=True), Count("id")),
            supported=_scalar(supports, Count("status", distinct=True)),
            relocation=_scalar(supports.filter(kind=SupportKind.RELOCATION), Sum("amount")),
            rent=_scalar(supports.filter(kind=SupportKind.RENT), Sum("amount")),
            checks=_scalar(checks, Count("id")),
            violations=_scalar(checks, Sum("violations")),
        )
        .values(
            "consulted", "invitations", "citizens", "supported", "relocation", "rent", "checks", "violations"
        )
        .first()
    ) or dict.fromkeys(
        ("consulted", "invitations", "citizens", "supported", "relocation", "rent", "checks", "violations"), 0
    )
    by_country: dict[str, int] = {}
    assigned = 0
    statuses = statuses_of(actor=actor, year=year, prefix=prefix)
    for row in statuses.values("country").annotate(n=Count("id", distinct=True), m=Count("members")):
        assigned += row["n"]
        by_country[row["country"]] = by_country.get(row["country"], 0) + row["n"] + row["m"]
    by_category = dict.fromkeys(LabourCategory.values, 0)
    workers_by_country: dict[str, int] = {}
    workers = fee = 0
    permits = permits_of(actor=actor, year=year, prefix=prefix)
    for issued in permits.values("category", "country").annotate(
        n=Count("id"), w=Sum("workers"), f=Sum("fee")
    ):
        by_category[issued["category"]] += issued["n"]
        many = int(issued["w"] or 0)
        workers_by_country[issued["country"]] = workers_by_country.get(issued["country"], 0) + many
        workers += many
        fee += int(issued["f"] or 0)
    return Year(
        consulted=int(counts["consulted"]),
        assigned=assigned,
        persons=sum(by_country.values()),
        persons_by_country=_ranked(by_country),
        invitations=int(counts["invitations"]),
        invitations_citizens=int(counts["citizens"]),
        supported=int(counts["supported"]),
        support_by_kind={
            SupportKind.RELOCATION: int(counts["relocation"]),
            SupportKind.RENT: int(counts["rent"]),
        },
        quotas=quotas_of(year=year, code=prefix, used=False),
        permits_by_category=by_category,
        workers=workers,
        workers_by_country=_ranked(workers_by_country),
        fee=fee,
        checks=int(counts["checks"]),
        violations=int(counts["violations"]),
    )
