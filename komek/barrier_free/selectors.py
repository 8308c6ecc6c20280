"""Reads of the barrier-free environment: the register of objects, one object's card, and the figures
of a year for a territory (certified, to adapt, adapted, the indicator against its plan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.barrier_free.choices import Finding
from komek.barrier_free.models import Adaptation, Passport, SocialObject, YearPlan
from komek.common.errors import NotFound

#: The states an object of the register is in, as the list filters them.
STATES = ("uncertified", "accessible", "to_adapt", "adapted")


def objects_visible(actor: Any) -> QuerySet[SocialObject]:
    return policy.visible(SocialObject.objects.all(), actor, Capability.BARRIER_FREE_VIEW, field="kato__code")


def object_list(
    *, actor: Any, query: str = "", state: str = "", kind: str = "", kato: str = ""
) -> QuerySet[SocialObject]:
    """The objects of the actor's territory, narrowed by a search and the list's filters."""
    found = objects_visible(actor).select_related("kato", "passport", "adaptation")
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(address__icontains=query) | Q(owner__icontains=query)
        )
    if kind:
        found = found.filter(kind=kind)
    if kato:
        found = found.filter(kato__code__startswith=kato)
    if state == "uncertified":
        found = found.filter(passport__isnull=True)
    elif state == "accessible":
        found = found.filter(passport__finding=Finding.ACCESSIBLE)
    elif state == "to_adapt":
        found = found.exclude(passport__finding=Finding.ACCESSIBLE).filter(
            passport__isnull=False, adaptation__isnull=True
        )
    elif state == "adapted":
        found = found.filter(adaptation__isnull=False)
    return found.order_by("kato_id", "name", "id")


def object_get(*, actor: Any, object_id: int) -> SocialObject:
    found = (
        objects_visible(actor).select_related("kato", "passport", "adaptation").filter(pk=object_id).first()
    )
    if found is None:
        raise NotFound("No such object in your territory.")
    return found


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def passports_of(*, actor: Any, year: int, prefix: str, in_year: bool = False) -> QuerySet[Passport]:
    """Passports of the territory's objects made by the end of ``year`` (or within it)."""
    found = policy.visible(
        Passport.objects.all(), actor, Capability.BARRIER_FREE_VIEW, field="object__kato__code"
    )
    found = found.filter(object__kato__code__startswith=prefix, date__lte=year_end(year))
    return found.filter(date__gte=dt.date(year, 1, 1)) if in_year else found


def adaptations_of(*, actor: Any, year: int, prefix: str, in_year: bool = False) -> QuerySet[Adaptation]:
    """Adaptations of the territory's objects finished by the end of ``year`` (or within it)."""
    found = policy.visible(
        Adaptation.objects.all(), actor, Capability.BARRIER_FREE_VIEW, field="object__kato__code"
    )
    found = found.filter(object__kato__code__startswith=prefix, finished__lte=year_end(year))
    return found.filter(finished__gte=dt.date(year, 1, 1)) if in_year else found


@dataclass(frozen=True)
class Year:
    """The barrier-free environment of a territory at the end of a year."""

    certified: int
    certified_in_year: int
    to_adapt: int
    adapted: int
    adapted_in_year: int
    plan_certify: int | None
    plan_adapt: int | None
    plan_indicator: Decimal | None

    @property
    def accessible(self) -> int:
        """Certified objects accessible now: found accessible, or adapted since."""
        return self.certified - self.to_adapt + self.adapted

    @property
    def indicator(self) -> Decimal | None:
        """The share of certified objects accessible, in percent with one decimal (81.8)."""
        if not self.certified:
            return None
        share = Decimal(self.accessible * 100) / Decimal(self.certified)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def barrier_free_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in three queries: passports, adaptations, plans."""
    start = dt.date(year, 1, 1)
    passports = passports_of(actor=actor, year=year, prefix=prefix).aggregate(
        certified=Count("id"),
        in_year=Count("id", filter=Q(date__gte=start)),
        to_adapt=Count("id", filter=~Q(finding=Finding.ACCESSIBLE)),
    )
    adapted = adaptations_of(actor=actor, year=year, prefix=prefix).aggregate(
        adapted=Count("id"), in_year=Count("id", filter=Q(finished__gte=start))
    )
    plans = list(
        YearPlan.objects.filter(year=year, kato__code__startswith=prefix)
        .filter(policy.territory_q(actor, "kato__code"))
        .select_related("kato")
    )
    # The target indicator is the territory's own (its development programme's), never summed.
    own = next((p.indicator for p in plans if p.kato.prefix == prefix), None)
    return Year(
        certified=passports["certified"],
        certified_in_year=passports["in_year"],
        to_adapt=passports["to_adapt"],
        adapted=adapted["adapted"],
        adapted_in_year=adapted["in_year"],
        plan_certify=sum(p.to_certify for p in plans) if plans else None,
        plan_adapt=sum(p.to_adapt for p in plans) if plans else None,
        plan_indicator=own,
    )


def plans_visible(actor: Any) -> QuerySet[YearPlan]:
    return policy.visible(
        YearPlan.objects.select_related("kato"), actor, Capability.BARRIER_FREE_VIEW, field="kato__code"
    )
