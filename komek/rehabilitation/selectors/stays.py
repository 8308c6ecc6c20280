"""Reads of the stays in special social services (ADR 0040): the list, the state centres with their
occupancy, and the figures of a year per service — persons served, the plan of persons and the amount
of the NGOs' projects — counted from the stays, each figure the size of a selection defined here once
so that the annual report's records are the same persons.

A stay serves in ``year`` when it was in force on some day of it: admitted by the year's end and not
left before the year's start. The territory is the person's district kept on the stay (projects:
their district; centres: their KATO)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import Institution, SocialOrderProject, SpecialStay

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The state centres' profiles (they admit by stays).
CENTRE_PROFILES = tuple(choices.SERVICE_PROFILE.values())


def _scope(actor: Actor, field_name: str, prefix: str) -> Q:
    return policy.territory_q(actor, field_name) & Q(**{f"{field_name}__startswith": prefix})


def stays_listed(actor: Actor) -> QuerySet[SpecialStay]:
    """The stays in the actor's territory, for the list (its filters narrow them)."""
    policy.require(actor, Capability.REHAB_VIEW, Capability.PERSON_VIEW)
    return any_stay(actor).filter(status=choices.StayStatus.ADMITTED)


def any_stay(actor: Actor) -> QuerySet[SpecialStay]:
    """Every stay of the actor's territory, waiting and cancelled entries too."""
    policy.require(actor, Capability.REHAB_VIEW, Capability.PERSON_VIEW)
    return SpecialStay.objects.filter(policy.territory_q(actor, "district")).select_related(
        "person", "person__kato", "institution", "project", "specialist"
    )


def stay_visible(actor: Actor, pk: int) -> SpecialStay | None:
    return any_stay(actor).filter(pk=pk).first()


@dataclass(frozen=True)
class CentreOccupancy:
    centre: Institution
    taken: int

    @property
    def free(self) -> int | None:
        return None if self.centre.beds is None else max(self.centre.beds - self.taken, 0)

    @property
    def percent(self) -> float | None:
        beds = self.centre.beds
        return round(100 * self.taken / beds, 1) if beds else None


def centres(actor: Actor, on: dt.date) -> list[CentreOccupancy]:
    """The state centres of the actor's territory with the beds taken on ``on`` (one query)."""
    policy.require(actor, Capability.REHAB_VIEW)
    in_force = Q(stays__admitted_on__lte=on) & (Q(stays__left_on__isnull=True) | Q(stays__left_on__gt=on))
    rows = (
        Institution.objects.filter(policy.territory_q(actor, "kato"), profile__in=CENTRE_PROFILES)
        .annotate(taken=Count("stays", filter=in_force))
        .order_by("name")
    )
    return [CentreOccupancy(centre=row, taken=row.taken) for row in rows]


def projects(actor: Actor, service: str = "") -> QuerySet[SocialOrderProject]:
    """The NGOs' projects of the special services in the actor's territory (of ``service``)."""
    policy.require(actor, Capability.REHAB_VIEW)
    found = SocialOrderProject.objects.filter(policy.territory_q(actor, "district")).exclude(service="")
    return found.filter(service=service) if service else found


def served(*, actor: Actor, year: int, prefix: str, service: str = "") -> QuerySet[SpecialStay]:
    """The stays in force on some day of ``year`` in the territory ``prefix`` (lazy): the annual
    report's reader and the rehabilitation specialist (the figures page) count them."""
    policy.require_any(actor, Capability.REPORT_VIEW, Capability.REHAB_VIEW)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    stays = SpecialStay.objects.filter(_scope(actor, "district", prefix), admitted_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    return stays.filter(service=service) if service else stays


def served_persons(*, actor: Actor, year: int, prefix: str, service: str) -> QuerySet[Person]:
    """The persons a special service served in ``year`` (the records of its figure)."""
    ids = served(actor=actor, year=year, prefix=prefix, service=service).values("person_id")
    return Person.objects.filter(pk__in=ids)


@dataclass(frozen=True)
class ServiceFigures:
    """One service's figures of a year: persons served, the projects' plan, the beds of the centres."""

    service: str
    label: str
    persons: int
    planned_people: int | None
    planned_amount: int | None
    beds: int | None


def service_figures(
    *,
    actor: Actor,
    year: int,
    prefix: str,
    plans: dict[str, tuple[int, int]] | None = None,
    counted: tuple[dict[str, int], dict[str, int | None]] | None = None,
) -> list[ServiceFigures]:
    """Every special service's figures of ``year`` in ``prefix``: three grouped queries, none when
    the projects' ``plans`` by service (persons, amount) and the ``counted`` persons by service
    and beds by centre profile are already counted (the annual report counts them with the rest of
    its section, ``selectors.special``)."""
    if counted is not None:
        persons, beds = counted
    else:
        persons = {
            row["service"]: row["n"]
            for row in served(actor=actor, year=year, prefix=prefix)
            .values("service")
            .annotate(n=Count("person", distinct=True))
            .order_by()
        }
        beds = {
            row["profile"]: row["beds"]
            for row in Institution.objects.filter(_scope(actor, "kato", prefix), profile__in=CENTRE_PROFILES)
            .values("profile")
            .annotate(beds=Sum("beds"))
            .order_by()
        }
    if plans is None:
        plans = {
            row["service"]: (int(row["people"] or 0), int(row["amount"] or 0))
            for row in SocialOrderProject.objects.filter(_scope(actor, "district", prefix), year=year)
            .exclude(service="")
            .values("service")
            .annotate(people=Sum("planned_people"), amount=Sum("planned_amount"))
            .order_by()
        }
    out = []
    for service, label in choices.SpecialService.choices:
        plan = plans.get(service)
        profile = choices.SERVICE_PROFILE.get(service)
        out.append(
            ServiceFigures(
                service=service,
                label=str(label),
                persons=persons.get(service, 0),
                planned_people=plan[0] if plan else None,
                planned_amount=plan[1] if plan and plan[1] else None,
                beds=beds.get(profile) if profile else None,
            )
        )
    return out


def project_over_plan(actor: Actor, stay: SpecialStay) -> tuple[int, int] | None:
    """(persons served in the project's year, its plan) when an NGO's project has served more persons
    than its plan (a warning, not a limit: the reports show projects beyond their plans)."""
    if stay.project is None:
        return None
    project = stay.project
    persons = (
        SpecialStay.objects.filter(project=project, status=choices.StayStatus.ADMITTED)
        .values("person")
        .distinct()
        .count()
    )
    return (persons, project.planned_people) if persons > project.planned_people else None
