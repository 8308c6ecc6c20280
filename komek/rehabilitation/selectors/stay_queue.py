"""Reads of the queue and the caseloads of the stays in special social services (ADR 0045): the
queue list with each waiting person's place, who is next in each queue, a specialist's or a centre's
caseload, and the queue's and the beds' figures of a year — each figure the size of a selection
defined here once, so that the annual report's records are the same persons.

A person waits at the end of ``year`` when they applied by its last day and were neither admitted
nor cancelled by then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import SpecialStay
from komek.rehabilitation.selectors.stays import CENTRE_PROFILES, CentreOccupancy, centres

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

ORDER = (F("priority").asc(), F("applied_on").asc(), F("id").asc())
WAITING = choices.StayStatus.WAITING


def queue_listed(actor: Actor) -> QuerySet[SpecialStay]:
    """The entries of the queues in the actor's territory: waiting, cancelled, or admitted from the
    queue (the list's filters narrow them)."""
    policy.require(actor, Capability.REHAB_VIEW, Capability.PERSON_VIEW)
    return (
        SpecialStay.objects.filter(policy.territory_q(actor, "district"))
        .filter(Q(status__in=[WAITING, choices.StayStatus.CANCELLED]) | Q(from_queue=True))
        .select_related("person", "institution", "project")
    )


def _ahead(stay: SpecialStay) -> Q:
    return Q(service=stay.service, district=stay.district) & (
        Q(priority__lt=stay.priority)
        | Q(priority=stay.priority, applied_on__lt=stay.applied_on)
        | Q(priority=stay.priority, applied_on=stay.applied_on, id__lt=stay.pk)
    )


def places(stays: list[SpecialStay]) -> dict[int, int]:
    """The place of each waiting stay in its queue (entries ahead + 1), one query for all."""
    waiting = [s for s in stays if s.status == WAITING]
    if not waiting:
        return {}
    counts = SpecialStay.objects.filter(status=WAITING).aggregate(
        **{f"s{s.pk}": Count("id", filter=_ahead(s)) for s in waiting}
    )
    return {s.pk: int(counts[f"s{s.pk}"] or 0) + 1 for s in waiting}


@dataclass(frozen=True)
class Next:
    """The first person of a queue (a service in a district), with the free beds of its centre."""

    stay: SpecialStay
    waiting: int
    free: int | None


def next_in_queues(actor: Actor, on: dt.date) -> list[Next]:
    """The first waiting person of each queue in the actor's territory and how many wait (two
    queries and the centres' occupancy)."""
    policy.require(actor, Capability.REHAB_VIEW, Capability.PERSON_VIEW)
    waiting = SpecialStay.objects.filter(policy.territory_q(actor, "district"), status=WAITING)
    sizes = {
        (r["service"], r["district"]): r["n"]
        for r in waiting.values("service", "district").annotate(n=Count("id")).order_by()
    }
    firsts = (
        waiting.annotate(
            place=Window(RowNumber(), partition_by=[F("service"), F("district")], order_by=ORDER)
        )
        .filter(place=1)
        .select_related("person", "institution", "project")
        .order_by("service", "district")
    )
    free = {row.centre.pk: row.free for row in centres(actor, on)}
    return [
        Next(stay=s, waiting=sizes[(s.service, s.district)], free=free.get(s.institution_id or 0))
        for s in firsts
    ]


@dataclass(frozen=True)
class Caseload:
    """The open stays of a specialist or a centre, the persons waiting for the centre, its beds."""

    open_stays: list[SpecialStay]
    waiting: list[SpecialStay]
    occupancy: CentreOccupancy | None


def caseload(
    actor: Actor, *, specialist_id: int | None = None, centre_id: int | None = None, on: dt.date
) -> Caseload:
    """A specialist's caseload (their open stays) or a state centre's (its open stays, its queue
    and its free beds) in the actor's territory."""
    policy.require(actor, Capability.REHAB_VIEW, Capability.PERSON_VIEW)
    scoped = SpecialStay.objects.filter(policy.territory_q(actor, "district")).select_related(
        "person", "institution", "project", "specialist"
    )
    open_stays = scoped.filter(status=choices.StayStatus.ADMITTED, left_on__isnull=True)
    if specialist_id is not None:
        return Caseload(
            list(open_stays.filter(specialist_id=specialist_id).order_by("admitted_on")), [], None
        )
    if centre_id is None:
        return Caseload([], [], None)
    occupancy = next((row for row in centres(actor, on) if row.centre.pk == centre_id), None)
    return Caseload(
        list(open_stays.filter(institution_id=centre_id).order_by("admitted_on")),
        list(scoped.filter(institution_id=centre_id, status=WAITING).order_by(*ORDER)),
        occupancy,
    )


def _scope(actor: Actor, prefix: str) -> Q:
    return policy.territory_q(actor, "district") & Q(district__startswith=prefix)


def waiting_at_end(*, actor: Actor, year: int, prefix: str, service: str = "") -> QuerySet[SpecialStay]:
    """The entries waiting at the end of ``year``: applied by then, neither admitted nor cancelled."""
    policy.require_any(actor, Capability.REPORT_VIEW, Capability.REHAB_VIEW)
    end = dt.date(year, 12, 31)
    found = (
        SpecialStay.objects.filter(_scope(actor, prefix), applied_on__lte=end)
        .exclude(admitted_on__lte=end)
        .exclude(cancelled_on__lte=end)
        .exclude(status=choices.StayStatus.CANCELLED, cancelled_on__isnull=True)
    )
    return found.filter(service=service) if service else found


def admitted_from_queue(*, actor: Actor, year: int, prefix: str, service: str = "") -> QuerySet[SpecialStay]:
    """The stays admitted from the queue in ``year``."""
    policy.require_any(actor, Capability.REPORT_VIEW, Capability.REHAB_VIEW)
    found = SpecialStay.objects.filter(_scope(actor, prefix), from_queue=True, admitted_on__year=year)
    return found.filter(service=service) if service else found


def persons_of(stays: QuerySet[SpecialStay]) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=stays.values("person_id"))


@dataclass(frozen=True)
class QueueFigures:
    service: str
    waiting: int
    from_queue: int
    average_wait: Decimal | None  # days, of the admissions from the queue
    occupancy: Decimal | None  # percent of the centres' bed-days taken in the year


def _bed_days_taken(actor: Actor, year: int, prefix: str) -> dict[str, int]:
    """Per centre profile: the bed-days taken in ``year`` in the centres of stated beds (one query)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    scope = policy.territory_q(actor, "institution__kato") & Q(institution__kato__startswith=prefix)
    stays = SpecialStay.objects.filter(
        scope,
        institution__profile__in=CENTRE_PROFILES,
        institution__beds__isnull=False,
        status=choices.StayStatus.ADMITTED,
        admitted_on__lte=end,
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=start))
    taken: dict[str, int] = {}
    for profile, admitted, left in stays.values_list("institution__profile", "admitted_on", "left_on"):
        if admitted is None or profile is None:  # pragma: no cover - admitted stays of a centre
            continue
        first, last = max(admitted, start), min(left - dt.timedelta(days=1) if left else end, end)
        if last >= first:
            taken[profile] = taken.get(profile, 0) + (last - first).days + 1
    return taken


def queue_figures(
    *, actor: Actor, year: int, prefix: str, beds: dict[str, int | None]
) -> dict[str, QueueFigures]:
    """Per service: waiting at the year's end, admitted from the queue in it and their average wait
    in days, and the occupancy of its state centres' ``beds`` (by service, as ``service_figures``
    counts them): two queries."""
    end = dt.date(year, 12, 31)
    waiting_q = waiting_at_end(actor=actor, year=year, prefix=prefix).values("pk")
    rows = (
        SpecialStay.objects.filter(_scope(actor, prefix))
        .filter(Q(pk__in=waiting_q) | Q(from_queue=True, admitted_on__year=year))
        .values_list("service", "applied_on", "admitted_on")
    )
    waiting: dict[str, int] = {}
    admitted: dict[str, list[int]] = {}
    for service, applied, on in rows:
        if on is not None and on.year == year and applied is not None and on <= end:
            admitted.setdefault(service, []).append((on - applied).days)
        else:
            waiting[service] = waiting.get(service, 0) + 1
    taken = _bed_days_taken(actor, year, prefix)
    days = (end - dt.date(year, 1, 1)).days + 1
    out = {}
    for service in choices.SpecialService.values:
        waits = admitted.get(service, [])
        profile = choices.SERVICE_PROFILE.get(service)
        total = (beds.get(service) or 0) * days
        out[service] = QueueFigures(
            service=service,
            waiting=waiting.get(service, 0),
            from_queue=len(waits),
            average_wait=_one_place(Decimal(sum(waits)) / len(waits)) if waits else None,
            occupancy=_one_place(Decimal(100 * taken.get(profile or "", 0)) / total) if total else None,
        )
    return out


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))
