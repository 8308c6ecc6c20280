"""Reads of charity: the partners, the campaigns, a campaign's help lines and the figures of a year for
a territory. Every read is narrowed by the access policy (capability and territory); a partner or a
campaign of a wider territory containing the user's is shown too (a city's fund to a district)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.charity.choices import CampaignKind
from komek.charity.models import Campaign, HelpLine, Partner, Sponsorship
from komek.common.errors import NotFound
from komek.registry.models import Family, Person
from komek.veterans.models import Event

VIEW = Capability.CHARITY_VIEW


def _reach_q(actor: Any, field: str) -> Q:
    """Inside the actor's territory, or of a territory containing it (``field`` is the KATO unit)."""
    allowed = policy.prefixes(actor)
    if allowed is None:
        return Q()
    wider = {p[:n] for p in allowed for n in range(1, len(p) + 1)}
    return policy.prefixes_q(allowed, f"{field}__code") | Q(**{f"{field}__prefix__in": sorted(wider)})


def partners_visible(actor: Any) -> QuerySet[Partner]:
    policy.require(actor, VIEW)
    return Partner.objects.filter(_reach_q(actor, "kato")).select_related("kato")


def partner_get(*, actor: Any, partner_id: int) -> Partner:
    found = partners_visible(actor).filter(pk=partner_id).first()
    if found is None:
        raise NotFound("No such partner in your territory.")
    return found


def campaigns_visible(actor: Any) -> QuerySet[Campaign]:
    policy.require(actor, VIEW)
    return Campaign.objects.filter(_reach_q(actor, "kato")).select_related("kato")


def campaigns_listed(actor: Any) -> QuerySet[Campaign]:
    return campaigns_visible(actor).annotate(
        lines_count=Count("lines", distinct=True), partners_count=Count("partners", distinct=True)
    )


def campaign_get(*, actor: Any, campaign_id: int) -> Campaign:
    found = campaigns_visible(actor).filter(pk=campaign_id).first()
    if found is None:
        raise NotFound("No such campaign in your territory.")
    return found


def lines_visible(actor: Any) -> QuerySet[HelpLine]:
    """The help lines of persons of the actor's territory."""
    return policy.visible(HelpLine.objects.all(), actor, VIEW, field="person__kato__code").select_related(
        "person", "family", "partner"
    )


def sponsorships_visible(actor: Any) -> QuerySet[Sponsorship]:
    return policy.visible(
        Sponsorship.objects.select_related("partner", "event", "event__kato"),
        actor,
        VIEW,
        field="event__kato__code",
    )


def events_to_sponsor(actor: Any) -> QuerySet[Event]:
    """The events for veterans of the actor's territory that recorded a sponsorship."""
    return policy.visible(Event.objects.filter(sponsorship__gt=0), actor, VIEW, field="kato__code")


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def campaigns_of(*, actor: Any, year: int, prefix: str, kind: str = "") -> QuerySet[Campaign]:
    """The campaigns (or social projects) of the territory running some time in the year."""
    start, end = _bounds(year)
    found = policy.visible(Campaign.objects.all(), actor, VIEW, field="kato__code").filter(
        kato__code__startswith=prefix, started__lte=end, ended__gte=start
    )
    return found.filter(kind=kind) if kind else found


def projects_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Campaign]:
    return campaigns_of(actor=actor, year=year, prefix=prefix, kind=CampaignKind.PROJECT).annotate(
        children_covered=F("children_online") + F("children_offline")
    )


def lines_of(*, actor: Any, year: int, prefix: str) -> QuerySet[HelpLine]:
    """The help in kind received in the year by persons (families) living in the territory."""
    start, end = _bounds(year)
    return policy.visible(HelpLine.objects.all(), actor, VIEW, field="person__kato__code").filter(
        person__kato__code__startswith=prefix, date__gte=start, date__lte=end
    )


def families_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Family]:
    lines = lines_of(actor=actor, year=year, prefix=prefix).filter(family=OuterRef("pk"))
    return Family.objects.filter(Exists(lines))


def children_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Person]:
    lines = lines_of(actor=actor, year=year, prefix=prefix).filter(person=OuterRef("pk"), child=True)
    return Person.objects.filter(Exists(lines))


def sponsorships_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Sponsorship]:
    start, end = _bounds(year)
    return policy.visible(Sponsorship.objects.all(), actor, VIEW, field="event__kato__code").filter(
        event__kato__code__startswith=prefix, event__date__gte=start, event__date__lte=end
    )


def sponsored_events_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Event]:
    lines = sponsorships_of(actor=actor, year=year, prefix=prefix).filter(event=OuterRef("pk"))
    return Event.objects.filter(Exists(lines))


def partners_of(*, actor: Any, year: int, prefix: str) -> QuerySet[Partner]:
    """The partners who took part in the year's work of the territory: in its campaigns, giving help
    in kind, sponsoring its events."""
    where = {"actor": actor, "year": year, "prefix": prefix}
    in_campaign = campaigns_of(**where).filter(partners=OuterRef("pk"))
    giving = lines_of(**where).filter(partner=OuterRef("pk"))
    sponsoring = sponsorships_of(**where).filter(partner=OuterRef("pk"))
    return Partner.objects.filter(Exists(in_campaign) | Exists(giving) | Exists(sponsoring))


@dataclass(frozen=True)
class Year:
    """The charity of a territory in a year."""

    campaigns: int
    projects: int
    partners: int
    families: int
    children: int
    lines: int
    value: int
    children_online: int
    children_offline: int
    employed: int
    sponsorship: int
    events: int
    persons: int


def charity_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in five queries, whatever the number of records."""
    where = {"actor": actor, "year": year, "prefix": prefix}
    project = Q(kind=CampaignKind.PROJECT)
    campaigns = campaigns_of(**where).aggregate(
        campaigns=Count("id", filter=Q(kind=CampaignKind.CAMPAIGN)),
        projects=Count("id", filter=project),
        online=Sum("children_online", filter=project),
        offline=Sum("children_offline", filter=project),
        employed=Sum("employed", filter=project),
    )
    lines = lines_of(**where).aggregate(
        n=Count("id"),
        value=Sum("value"),
        families=Count("family", distinct=True),
        children=Count("person", filter=Q(child=True), distinct=True),
    )
    events = sponsored_events_of(**where).aggregate(n=Count("id"), covered=Sum("covered"))
    return Year(
        campaigns=campaigns["campaigns"],
        projects=campaigns["projects"],
        partners=partners_of(**where).count(),
        families=lines["families"],
        children=lines["children"],
        lines=lines["n"],
        value=int(lines["value"] or 0),
        children_online=int(campaigns["online"] or 0),
        children_offline=int(campaigns["offline"] or 0),
        employed=int(campaigns["employed"] or 0),
        sponsorship=int(sponsorships_of(**where).aggregate(s=Sum("amount"))["s"] or 0),
        events=events["n"],
        persons=int(events["covered"] or 0),
    )
