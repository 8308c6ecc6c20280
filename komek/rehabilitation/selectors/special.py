"""Special social services in the annual report: "389 people received social services at home, of
which 238 people were living alone, 151 people with disabilities"; "As of 01/01/2019, 21 people are
in a line at the psychoneurological medical and social institutions"; "In the framework of 6
projects of the state social order, 461 people received additional services, totaling 17.5 million
tenge" (the Balkhash report 2018); "ССУ оказаны 7 495 чел., в очереди на получение ССУ состоят 199
чел." (the report of the Almaty Social Welfare Department for 2020).

Counted from the care enrolments (home and day care), the placements in residential institutions
and the social-order projects the rehabilitation context keeps. Each figure is the size of a lazy
set of persons defined here once, so that the figure (a grouped count) and its records (the list)
are the same selection:

- served in a setting in the year: an enrolment started by the year's end and not ended before its
  start; in an institution: admitted by the year's end and not departed before its start; in a
  social-order project: served on a day of the year; in a special service given by stays (a
  temporary stay, a crisis centre, the NGOs' services, ``selectors.stays``): a stay in force on a day
  of the year — these count in the persons served, and those of an NGO's project also in the
  social order's persons;
- waiting at the year's end: applied by then and neither started (admitted) nor closed by then; a
  placement cancelled is not waiting (its cancellation has no date, so it leaves every year's queue).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import together
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import (
    CareEnrolment,
    Institution,
    Placement,
    ProjectBeneficiary,
    SocialOrderProject,
)
from komek.rehabilitation.selectors.stays import CENTRE_PROFILES
from komek.rehabilitation.selectors.stays import served as stays_served

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The settings of the section's figures: the care settings and the residential institutions.
INSTITUTION = "institution"
SETTINGS = (choices.CareSetting.HOME, choices.CareSetting.DAY, INSTITUTION)


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _scope(actor: Actor, field_name: str, prefix: str) -> Q:
    return policy.territory_q(actor, field_name) & Q(**{f"{field_name}__startswith": prefix})


def _care_served_q(year: int) -> Q:
    start, end = _bounds(year)
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _care_waiting_q(year: int) -> Q:
    _start, end = _bounds(year)
    return (
        Q(applied_on__lte=end)
        & (Q(started_on__isnull=True) | Q(started_on__gt=end))
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    )


def _placed_q(year: int) -> Q:
    start, end = _bounds(year)
    admitted = (choices.PlacementStatus.ADMITTED, choices.PlacementStatus.DEPARTED)
    return Q(institution__isnull=False, admitted_on__lte=end, status__in=admitted) & (
        Q(departed_on__isnull=True) | Q(departed_on__gte=start)
    )


def _placement_waiting_q(year: int) -> Q:
    _start, end = _bounds(year)
    return (
        Q(applied_on__lte=end)
        & ~Q(status=choices.PlacementStatus.CANCELLED)
        & (Q(admitted_on__isnull=True) | Q(admitted_on__gt=end))
    )


def care_served(*, actor: Actor, year: int, prefix: str) -> QuerySet[CareEnrolment]:
    """The care enrolments (home and day) in force on some day of ``year`` (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    return CareEnrolment.objects.filter(_scope(actor, "person__kato__code", prefix), _care_served_q(year))


def care_waiting(*, actor: Actor, year: int, prefix: str) -> QuerySet[CareEnrolment]:
    """The care applications waiting at the end of ``year``: applied, neither started nor closed."""
    policy.require(actor, Capability.REPORT_VIEW)
    return CareEnrolment.objects.filter(_scope(actor, "person__kato__code", prefix), _care_waiting_q(year))


def placed(*, actor: Actor, year: int, prefix: str) -> QuerySet[Placement]:
    """The placements in a residential institution in force on some day of ``year`` (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    return Placement.objects.filter(_scope(actor, "district", prefix), _placed_q(year))


def placement_waiting(*, actor: Actor, year: int, prefix: str) -> QuerySet[Placement]:
    """The placements waiting at the end of ``year`` (applied, not admitted by then, not cancelled)."""
    policy.require(actor, Capability.REPORT_VIEW)
    return Placement.objects.filter(_scope(actor, "district", prefix), _placement_waiting_q(year))


def project_served(*, actor: Actor, year: int, prefix: str) -> QuerySet[ProjectBeneficiary]:
    """The persons served by social-order projects on a day of ``year`` (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    start, end = _bounds(year)
    return ProjectBeneficiary.objects.filter(
        _scope(actor, "project__district", prefix), served_on__range=(start, end)
    )


def served_persons(
    *, actor: Actor, year: int, prefix: str, setting: str, category: str = ""
) -> QuerySet[Person]:
    """The persons served in ``setting`` (``home``, ``day``, ``institution``, ``social_order`` or
    ``""`` for any of them) in ``year``; of a care ``category`` when given (lazy)."""
    ids: Any
    if setting == INSTITUTION:
        ids = placed(actor=actor, year=year, prefix=prefix).values("person_id")
    elif setting == "social_order":
        by_projects = stays_served(actor=actor, year=year, prefix=prefix).filter(project__isnull=False)
        return Person.objects.filter(
            Q(pk__in=project_served(actor=actor, year=year, prefix=prefix).values("person_id"))
            | Q(pk__in=by_projects.values("person_id"))
        )
    elif setting in choices.CareSetting.values:
        enrolments = care_served(actor=actor, year=year, prefix=prefix).filter(setting=setting)
        if category:
            enrolments = enrolments.filter(category=category)
        ids = enrolments.values("person_id")
    else:
        return Person.objects.filter(
            Q(pk__in=care_served(actor=actor, year=year, prefix=prefix).values("person_id"))
            | Q(pk__in=placed(actor=actor, year=year, prefix=prefix).values("person_id"))
            | Q(pk__in=project_served(actor=actor, year=year, prefix=prefix).values("person_id"))
            | Q(pk__in=stays_served(actor=actor, year=year, prefix=prefix).values("person_id"))
        )
    return Person.objects.filter(pk__in=ids)


def waiting_persons(*, actor: Actor, year: int, prefix: str, setting: str) -> QuerySet[Person]:
    """The persons waiting at the end of ``year`` for ``setting`` (or for any, with ``""``)."""
    ids: Any
    if setting == INSTITUTION:
        ids = placement_waiting(actor=actor, year=year, prefix=prefix).values("person_id")
    elif setting in choices.CareSetting.values:
        ids = care_waiting(actor=actor, year=year, prefix=prefix).filter(setting=setting).values("person_id")
    else:
        return Person.objects.filter(
            Q(pk__in=care_waiting(actor=actor, year=year, prefix=prefix).values("person_id"))
            | Q(pk__in=placement_waiting(actor=actor, year=year, prefix=prefix).values("person_id"))
        )
    return Person.objects.filter(pk__in=ids)


@dataclass
class SpecialServices:
    """The section's counts of a year: persons served and waiting per setting (``home``, ``day``,
    ``institution``), home-care clients per category, the social order's persons and money."""

    served: int = 0
    waiting: int = 0
    served_in: dict[str, int] = field(default_factory=dict)
    waiting_for: dict[str, int] = field(default_factory=dict)
    home_by_category: dict[str, int] = field(default_factory=dict)
    projects: int = 0
    project_persons: int = 0
    project_persons_planned: int = 0
    project_spent: int = 0
    project_planned: int = 0
    #: The special services' projects: (planned persons, planned amount) by service.
    plans_by_service: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The persons the stays of each special service served, and the state centres' beds by profile.
    stay_persons: dict[str, int] = field(default_factory=dict)
    beds: dict[str, int | None] = field(default_factory=dict)


def special_services(*, actor: Actor, year: int, prefix: str) -> SpecialServices:
    """The counts of the section in one query whatever the number of persons
    (``komek.common.together``): served and waiting per setting and the home-care clients per
    category from the enrolments, the placements, the persons of the projects and of the stays per
    service, the projects' plan per service and the state centres' beds per profile."""
    care = care_served(actor=actor, year=year, prefix=prefix)
    care_queue = care_waiting(actor=actor, year=year, prefix=prefix)
    institutions = placed(actor=actor, year=year, prefix=prefix)
    institution_queue = placement_waiting(actor=actor, year=year, prefix=prefix)
    served_by_projects = project_served(actor=actor, year=year, prefix=prefix)
    stays = stays_served(actor=actor, year=year, prefix=prefix)
    settings, categories = choices.CareSetting.values, choices.CareCategory.values
    services, profiles = choices.SpecialService.values, CENTRE_PROFILES
    served_q, waiting_q = _care_served_q(year), _care_waiting_q(year)
    home = Q(setting=choices.CareSetting.HOME)

    def persons(*querysets: QuerySet[Any]) -> together.Part:
        return together.distinct("n", *(qs.values("person_id") for qs in querysets))

    got = together.read(
        care=together.totals(
            CareEnrolment.objects.filter(_scope(actor, "person__kato__code", prefix)),
            **{
                f"s{i}": Count("person", distinct=True, filter=served_q & Q(setting=s))
                for i, s in enumerate(settings)
            },
            **{
                f"w{i}": Count("person", distinct=True, filter=waiting_q & Q(setting=s))
                for i, s in enumerate(settings)
            },
            **{
                f"c{i}": Count("person", distinct=True, filter=served_q & home & Q(category=c))
                for i, c in enumerate(categories)
            },
        ),
        placements=together.totals(
            Placement.objects.filter(_scope(actor, "district", prefix)),
            served=Count("person", distinct=True, filter=_placed_q(year)),
            waiting=Count("person", distinct=True, filter=_placement_waiting_q(year)),
        ),
        project_persons=persons(served_by_projects, stays.filter(project__isnull=False)),
        served=persons(care, institutions, served_by_projects, stays),
        waiting=persons(care_queue, institution_queue),
        plans=together.totals(
            SocialOrderProject.objects.filter(_scope(actor, "district", prefix), year=year),
            n=Count("id"),
            people=Sum("planned_people"),
            planned=Sum("planned_amount"),
            spent=Sum("spent_amount"),
            **{f"n{i}": Count("id", filter=Q(service=s)) for i, s in enumerate(services)},
            **{f"p{i}": Sum("planned_people", filter=Q(service=s)) for i, s in enumerate(services)},
            **{f"a{i}": Sum("planned_amount", filter=Q(service=s)) for i, s in enumerate(services)},
        ),
        stays=together.totals(
            stays,
            **{f"s{i}": Count("person", distinct=True, filter=Q(service=s)) for i, s in enumerate(services)},
        ),
        beds=together.totals(
            Institution.objects.filter(_scope(actor, "kato", prefix), profile__in=profiles),
            **{f"n{i}": Count("id", filter=Q(profile=f)) for i, f in enumerate(profiles)},
            **{f"b{i}": Sum("beds", filter=Q(profile=f)) for i, f in enumerate(profiles)},
        ),
    )
    care_row, placements, plans = got["care"], got["placements"], got["plans"]
    result = SpecialServices()
    for i, setting in enumerate(settings):
        result.served_in[setting] = care_row[f"s{i}"]
        result.waiting_for[setting] = care_row[f"w{i}"]
    for i, category in enumerate(categories):
        result.home_by_category[category] = care_row[f"c{i}"]
    result.served_in[INSTITUTION] = placements["served"]
    result.waiting_for[INSTITUTION] = placements["waiting"]
    result.project_persons = got["project_persons"]["n"]
    result.served = got["served"]["n"]
    result.waiting = got["waiting"]["n"]
    result.projects = plans["n"]
    result.project_persons_planned = int(plans["people"] or 0)
    result.project_planned = int(plans["planned"] or 0)
    result.project_spent = int(plans["spent"] or 0)
    for i, service in enumerate(services):
        if plans[f"n{i}"]:
            result.plans_by_service[service] = (int(plans[f"p{i}"] or 0), int(plans[f"a{i}"] or 0))
        result.stay_persons[service] = got["stays"][f"s{i}"]
    for i, profile in enumerate(profiles):
        if got["beds"][f"n{i}"]:
            result.beds[profile] = got["beds"][f"b{i}"]
    return result
