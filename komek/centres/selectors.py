"""Reads of the centres: the centres of the actor's territory with their counts, one centre, its
registered persons, and the figures of a year by centre and by kind of service (a few queries,
whatever the number of records)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.centres.models import Centre, Event, Registration, Service
from komek.common.errors import NotFound


def centres_visible(actor: Any) -> QuerySet[Centre]:
    return policy.visible(Centre.objects.all(), actor, Capability.CENTRES_VIEW, field="kato__code")


def centre_list(*, actor: Any, year: int) -> list[Centre]:
    """The centres with the persons registered now and the services and events of ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = centres_visible(actor).select_related("kato").order_by("kato_id", "name", "id")
    centres = list(found)
    ids = [c.pk for c in centres]
    registered = dict(
        Registration.objects.filter(centre_id__in=ids, ended_on__isnull=True)
        .values("centre_id").annotate(n=Count("id")).values_list("centre_id", "n")
    )  # fmt: skip
    services = dict(
        Service.objects.filter(centre_id__in=ids, date__range=(start, end))
        .values("centre_id").annotate(n=Count("id")).values_list("centre_id", "n")
    )  # fmt: skip
    events = dict(
        Event.objects.filter(centre_id__in=ids, date__range=(start, end))
        .values("centre_id").annotate(n=Count("id")).values_list("centre_id", "n")
    )  # fmt: skip
    for c in centres:
        c.registered = registered.get(c.pk, 0)  # type: ignore[attr-defined]
        c.services_in_year = services.get(c.pk, 0)  # type: ignore[attr-defined]
        c.events_in_year = events.get(c.pk, 0)  # type: ignore[attr-defined]
    return centres


def centre_get(*, actor: Any, centre_id: int) -> Centre:
    found = centres_visible(actor).select_related("kato").filter(pk=centre_id).first()
    if found is None:
        raise NotFound("No such centre in your territory.")
    return found


def registrations_of(centre: Centre) -> QuerySet[Registration]:
    """The registrations of a centre with their persons and the number of services each had."""
    return (
        Registration.objects.filter(centre=centre)
        .select_related("person")
        .annotate(services_count=Count("services"))
    )


def in_territory(queryset: QuerySet[Any], actor: Any, prefix: str, field: str = "centre__kato__code") -> Any:
    found = policy.visible(queryset, actor, Capability.CENTRES_VIEW, field=field)
    return found.filter(**{f"{field}__startswith": prefix})


def registrations_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Registration]:
    found = in_territory(Registration.objects.all(), actor, prefix)
    return found.filter(registered_on__year=year)


def services_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Service]:
    return in_territory(Service.objects.all(), actor, prefix).filter(date__year=year)


def events_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Event]:
    return in_territory(Event.objects.all(), actor, prefix).filter(date__year=year)


def year_by_centre(*, actor: Any, year: int, prefix: str) -> list[dict[str, Any]]:
    """For each centre of the territory: persons registered in the year, services by kind, online
    services, events and their participants."""
    centres = {
        c.pk: c for c in in_territory(Centre.objects.select_related("kato"), actor, prefix, "kato__code")
    }
    rows: dict[int, dict[str, Any]] = {
        pk: {"centre": c, "registered": 0, "services": 0, "online": 0, "kinds": {}, "events": 0,
             "participants": 0}
        for pk, c in sorted(centres.items(), key=lambda item: (item[1].kato_id, item[1].name))
    }  # fmt: skip
    for pk, n in (
        registrations_in(actor=actor, year=year, prefix=prefix)
        .values("centre_id").annotate(n=Count("id")).values_list("centre_id", "n")
    ):  # fmt: skip
        rows[pk]["registered"] = n
    for pk, kind, n, online in (
        services_in(actor=actor, year=year, prefix=prefix)
        .values("centre_id", "kind")
        .annotate(n=Count("id"), online=Count("id", filter=Q(online=True)))
        .values_list("centre_id", "kind", "n", "online")
    ):
        rows[pk]["kinds"][kind] = n
        rows[pk]["services"] += n
        rows[pk]["online"] += online
    for pk, n, people in (
        events_in(actor=actor, year=year, prefix=prefix)
        .values("centre_id").annotate(n=Count("id"), people=Sum("participants"))
        .values_list("centre_id", "n", "people")
    ):  # fmt: skip
        rows[pk]["events"] = n
        rows[pk]["participants"] = people or 0
    return list(rows.values())
