"""Reads of the work with veterans: the list, one veteran's card, memoranda, events and the figures of
a year for a territory. Every read is narrowed by the access policy (capability and territory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
from komek.veterans.choices import Category
from komek.veterans.models import Event, Exemption, Memorandum, Patronage, Veteran, Visit

VIEW = Capability.VETERANS_VIEW


def veterans_visible(actor: Any) -> QuerySet[Veteran]:
    return policy.visible(Veteran.objects.all(), actor, VIEW, field="person__kato__code")


def veterans_listed(actor: Any) -> QuerySet[Veteran]:
    """The veterans of the actor's territory, each marked whether under an open patronage."""
    open_patronage = Patronage.objects.filter(veteran=OuterRef("pk"), ended__isnull=True)
    return (
        veterans_visible(actor)
        .select_related("person", "person__kato")
        .annotate(has_patron=Exists(open_patronage))
    )


def veteran_get(*, actor: Any, veteran_id: int) -> Veteran:
    found = veterans_visible(actor).select_related("person", "person__kato").filter(pk=veteran_id).first()
    if found is None:
        raise NotFound("No such veteran in your territory.")
    return found


def memoranda_visible(actor: Any) -> QuerySet[Memorandum]:
    return policy.visible(
        Memorandum.objects.select_related("kato"), actor, VIEW, field="kato__code"
    ).annotate(exempted=Count("exemptions"))


def events_visible(actor: Any) -> QuerySet[Event]:
    return policy.visible(Event.objects.select_related("kato"), actor, VIEW, field="kato__code").annotate(
        named=Count("veterans")
    )


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def veterans_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Veteran]:
    """The veterans of the territory in a year: recorded by its end and alive at its start."""
    start, end = _bounds(year)
    return veterans_visible(actor).filter(
        Q(person__death_date__isnull=True) | Q(person__death_date__gte=start),
        person__kato__code__startswith=prefix,
        recorded_on__lte=end,
    )


def patronised_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Veteran]:
    start, end = _bounds(year)
    during = Patronage.objects.filter(veteran=OuterRef("pk"), started__lte=end).filter(
        Q(ended__isnull=True) | Q(ended__gte=start)
    )
    return veterans_of(actor=actor, year=year, prefix=prefix).filter(Exists(during))


def exempted_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Veteran]:
    start, end = _bounds(year)
    during = Exemption.objects.filter(veteran=OuterRef("pk"), started__lte=end).filter(
        Q(ended__isnull=True) | Q(ended__gte=start)
    )
    return veterans_of(actor=actor, year=year, prefix=prefix).filter(Exists(during))


def visits_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Visit]:
    start, end = _bounds(year)
    return policy.visible(Visit.objects.all(), actor, VIEW, field="veteran__person__kato__code").filter(
        veteran__person__kato__code__startswith=prefix, date__gte=start, date__lte=end
    )


def visited_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Veteran]:
    start, end = _bounds(year)
    during = Visit.objects.filter(veteran=OuterRef("pk"), date__gte=start, date__lte=end)
    return veterans_visible(actor).filter(person__kato__code__startswith=prefix).filter(Exists(during))


def events_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Event]:
    start, end = _bounds(year)
    return policy.visible(Event.objects.all(), actor, VIEW, field="kato__code").filter(
        kato__code__startswith=prefix, date__gte=start, date__lte=end
    )


@dataclass(frozen=True)
class Year:
    """The work with veterans of a territory in a year."""

    by_category: dict[str, int]
    veterans: int
    patronised: int
    visited: int
    visits: int
    gifts: int
    exempted: int
    events: int
    covered: int
    sponsorship: int


def veterans_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in a fixed number of queries, whatever the number of veterans."""
    rows = veterans_of(actor=actor, year=year, prefix=prefix).values("category").annotate(n=Count("id"))
    by_category = dict.fromkeys(Category.values, 0)
    for row in rows:
        by_category[row["category"]] = row["n"]
    visits = visits_of(actor=actor, year=year, prefix=prefix).aggregate(
        n=Count("id"), gifts=Sum("gift_value")
    )
    events = events_of(actor=actor, year=year, prefix=prefix).aggregate(
        n=Count("id"), covered=Sum("covered"), money=Sum("sponsorship")
    )
    return Year(
        by_category=by_category,
        veterans=sum(by_category.values()),
        patronised=patronised_of(actor=actor, year=year, prefix=prefix).count(),
        visited=visited_of(actor=actor, year=year, prefix=prefix).count(),
        visits=visits["n"],
        gifts=int(visits["gifts"] or 0),
        exempted=exempted_of(actor=actor, year=year, prefix=prefix).count(),
        events=events["n"],
        covered=int(events["covered"] or 0),
        sponsorship=int(events["money"] or 0),
    )
