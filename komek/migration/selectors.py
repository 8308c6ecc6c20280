"""Reads of migration: the kandas list and card, consultations, invitations, permits, checks and the
figures of a year for a territory. Every read is narrowed by the access policy (capability and
territory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def quota(self) -> int:
        return sum(q.quota or 0 for q in self.quotas)

    @property
    def permits(self) -> int:
        return sum(self.permits_by_category.values())


def _by_country(rows: Any, key: str, total: str) -> dict[str, int]:
    found = {row[key]: int(row[total] or 0) for row in rows}
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def migration_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in a fixed number of queries, whatever the number of records."""
    statuses = statuses_of(actor=actor, year=year, prefix=prefix)
    holders = statuses.values("country").annotate(n=Count("id"))
    members = (
        KandasStatus.members.through.objects.filter(kandasstatus__in=statuses)
        .values("kandasstatus__country")
        .annotate(n=Count("id"))
    )
    by_country: dict[str, int] = {}
    for row in holders:
        by_country[row["country"]] = by_country.get(row["country"], 0) + row["n"]
    for row in members:
        code = row["kandasstatus__country"]
        by_country[code] = by_country.get(code, 0) + row["n"]
    invitations = invitations_of(actor=actor, year=year, prefix=prefix).aggregate(
        n=Count("id"), citizens=Count("id", filter=Q(inviter_citizen=True))
    )
    supports = supports_of(actor=actor, year=year, prefix=prefix)
    by_kind = dict.fromkeys(SupportKind.values, 0)
    for row in supports.values("kind").annotate(total=Sum("amount")):
        by_kind[row["kind"]] = int(row["total"] or 0)
    permits = permits_of(actor=actor, year=year, prefix=prefix)
    by_category = dict.fromkeys(LabourCategory.values, 0)
    for row in permits.values("category").annotate(n=Count("id")):
        by_category[row["category"]] = row["n"]
    totals = permits.aggregate(workers=Sum("workers"), fee=Sum("fee"))
    checks = checks_of(actor=actor, year=year, prefix=prefix).aggregate(n=Count("id"), v=Sum("violations"))
    return Year(
        consulted=consultations_of(actor=actor, year=year, prefix=prefix).count(),
        assigned=sum(row["n"] for row in holders),
        persons=sum(by_country.values()),
        persons_by_country=dict(sorted(by_country.items(), key=lambda item: (-item[1], item[0]))),
        invitations=invitations["n"],
        invitations_citizens=invitations["citizens"],
        supported=supports.values("status").distinct().count(),
        support_by_kind=by_kind,
        quotas=quotas_of(year=year, code=prefix) if policy.can(actor, VIEW) else [],
        permits_by_category=by_category,
        workers=int(totals["workers"] or 0),
        workers_by_country=_by_country(permits.values("country").annotate(n=Sum("workers")), "country", "n"),
        fee=int(totals["fee"] or 0),
        checks=checks["n"],
        violations=int(checks["v"] or 0),
    )
