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
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import CareEnrolment, Placement, ProjectBeneficiary, SocialOrderProject
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


def _distinct(*querysets: QuerySet[Any]) -> int:
    """How many distinct ``person_id`` the querysets hold together: one UNION counted."""
    first, *rest = (qs.values("person_id").order_by() for qs in querysets)
    return first.union(*rest).count()


def special_services(*, actor: Actor, year: int, prefix: str) -> SpecialServices:
    """The counts of the section, set-based: a few grouped queries whatever the number of persons
    (served and waiting counted together per model, the projects' plan grouped by service)."""
    care = care_served(actor=actor, year=year, prefix=prefix)
    care_queue = care_waiting(actor=actor, year=year, prefix=prefix)
    institutions = placed(actor=actor, year=year, prefix=prefix)
    institution_queue = placement_waiting(actor=actor, year=year, prefix=prefix)
    served_by_projects = project_served(actor=actor, year=year, prefix=prefix)
    stays = stays_served(actor=actor, year=year, prefix=prefix)
    result = SpecialServices()
    care_rows = (
        CareEnrolment.objects.filter(_scope(actor, "person__kato__code", prefix))
        .values("setting")
        .annotate(
            served=Count("person", distinct=True, filter=_care_served_q(year)),
            waiting=Count("person", distinct=True, filter=_care_waiting_q(year)),
        )
        .order_by()
    )
    for row in care_rows:
        result.served_in[row["setting"]] = row["served"]
        result.waiting_for[row["setting"]] = row["waiting"]
    home = care.filter(setting=choices.CareSetting.HOME)
    for category in home.values("category").annotate(n=Count("person", distinct=True)).order_by():
        result.home_by_category[category["category"]] = category["n"]
    placements = Placement.objects.filter(_scope(actor, "district", prefix)).aggregate(
        served=Count("person", distinct=True, filter=_placed_q(year)),
        waiting=Count("person", distinct=True, filter=_placement_waiting_q(year)),
    )
    result.served_in[INSTITUTION] = placements["served"]
    result.waiting_for[INSTITUTION] = placements["waiting"]
    result.project_persons = _distinct(served_by_projects, stays.filter(project__isnull=False))
    result.served = _distinct(care, institutions, served_by_projects, stays)
    result.waiting = _distinct(care_queue, institution_queue)
    plans = (
        SocialOrderProject.objects.filter(_scope(actor, "district", prefix), year=year)
        .values("service")
        .annotate(
            n=Count("id"),
            people=Sum("planned_people"),
            planned=Sum("planned_amount"),
            spent=Sum("spent_amount"),
        )
        .order_by()
    )
    for plan in plans:
        result.projects += plan["n"]
        result.project_persons_planned += int(plan["people"] or 0)
        result.project_planned += int(plan["planned"] or 0)
        result.project_spent += int(plan["spent"] or 0)
        if plan["service"]:
            result.plans_by_service[plan["service"]] = (int(plan["people"] or 0), int(plan["planned"] or 0))
    return result
