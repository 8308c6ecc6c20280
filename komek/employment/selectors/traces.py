"""The records behind the employment figures of the annual report (``komek.employment.report``):
the registrations, the participations in measures and the persons captured, narrowed exactly as
``figures.employment_figures`` counts them, so that the length of each list is its figure."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Column, Records, Shown, masked_iin
from komek.employment.choices import TARGET_FIELDS, DeregistrationGround, Indicator, MeasureKind, TargetGroup
from komek.employment.models import AnnualPlan, Jobseeker, Occupation, Participation, TrainingProvider
from komek.employment.selectors import training
from komek.employment.selectors.figures import _territory
from komek.registry.models import Person
from komek.registry.selectors import persons_records

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

REGISTRATION_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Registered on"), "date"),
    Column(gettext_lazy("Deregistered on"), "date"),
    Column(gettext_lazy("Ground")),
)
PARTICIPATION_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Measure")),
    Column(gettext_lazy("From"), "date"),
    Column(gettext_lazy("To"), "date"),
)


def _show_registrations(page: list[Jobseeker]) -> list[Shown]:
    return [
        Shown(
            (
                j.person.full_name,
                masked_iin(j.person.iin),
                j.registered_on,
                j.deregistered_on,
                j.get_deregistration_ground_display() if j.deregistration_ground else "",
            ),
            (j.person_id,),
            reverse("employment:jobseeker_detail", args=[j.pk]),
        )
        for j in page
    ]


def _show_participations(page: list[Participation]) -> list[Shown]:
    return [
        Shown(
            (p.person.full_name, masked_iin(p.person.iin), p.get_kind_display(), p.date_from, p.date_to),
            (p.person_id,),
            reverse("employment:jobseeker_detail", args=[p.jobseeker_id]) if p.jobseeker_id else "",
        )
        for p in page
    ]


def _registrations(rows: QuerySet[Jobseeker]) -> Records:
    ordered = rows.select_related("person").order_by("registered_on", "id")
    return Records("registrations", ordered, REGISTRATION_COLUMNS, _show_registrations)


def participations_records(rows: QuerySet[Participation]) -> Records:
    ordered = rows.select_related("person").order_by("date_from", "id")
    return Records("participations", ordered, PARTICIPATION_COLUMNS, _show_participations)


def employment_records(
    *, actor: Actor, year: int, prefix: str, indicator: str, group: str = ""
) -> Records | None:
    """The records of an indicator of the plan-versus-actual table: ``applied`` → the registrations
    of the year, ``employed`` → those ended by employment, a measure → its participations started
    in the year, ``captured`` (of a target group, when given) → the distinct persons employed or
    starting a measure. ``None`` for an indicator or a group the table does not have."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    if group and group not in TargetGroup.values:
        return None
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    registrations = Jobseeker.objects.filter(_territory(actor, prefix))
    participations = Participation.objects.filter(_territory(actor, prefix), date_from__range=(start, end))
    hired = registrations.filter(
        deregistration_ground=DeregistrationGround.EMPLOYED, deregistered_on__range=(start, end)
    )
    if indicator == Indicator.CAPTURED:
        flag = Q(**{TARGET_FIELDS[group]: True}) if group else Q()
        return persons_records(
            Person.objects.filter(
                Q(pk__in=participations.filter(flag).values("person_id"))
                | Q(pk__in=hired.filter(flag).values("person_id"))
            )
        )
    if group:
        return None
    if indicator == Indicator.APPLIED:
        return _registrations(registrations.filter(registered_on__range=(start, end)))
    if indicator == Indicator.EMPLOYED:
        return _registrations(hired)
    if indicator in MeasureKind.values:
        return participations_records(participations.filter(kind=indicator))
    return None


TRAINING_PLAN_COLUMNS = (
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Planned, people")),
    Column(gettext_lazy("Money allocated"), "tenge"),
)
CENTRE_COLUMNS = (Column(gettext_lazy("Training centre")), Column(gettext_lazy("Territory")))
PROFESSION_COLUMNS = (Column(gettext_lazy("Code")), Column(gettext_lazy("Profession")))


def _show_training_plans(page: list[AnnualPlan]) -> list[Shown]:
    url = reverse("employment:plan_edit")
    return [Shown((p.kato.name, p.planned, p.allocated), (), f"{url}?year={p.year}") for p in page]


def _show_centres(page: list[TrainingProvider]) -> list[Shown]:
    url = reverse("employment:training_lists")
    return [Shown((c.name, c.kato.name), (), url) for c in page]


def _show_professions(page: list[Occupation]) -> list[Shown]:
    url = reverse("employment:training_lists")
    return [Shown((o.code, o.title), (), url) for o in page]


def training_records(*, actor: Actor, year: int, prefix: str, code: str) -> Records | None:
    """The records behind short-term training's money and lists: the plans holding the money
    allocated, the participations carrying the money spent, the centres and the professions
    approved (each once); none behind the share spent."""
    where: dict[str, Any] = {"actor": actor, "year": year, "prefix": prefix}
    if code == "employment.training.allocated":
        plans = training.money_plans_of(**where).select_related("kato").order_by("kato", "id")
        return Records(
            "training_plans", plans, TRAINING_PLAN_COLUMNS, _show_training_plans, amount="allocated"
        )
    if code == "employment.training.spent":
        return dataclasses.replace(participations_records(training.sent_in(**where)), amount="amount")
    if code == "employment.training.centres":
        centres = training.centres_of(**where).select_related("kato").order_by("name", "id")
        return Records("training_centres", centres, CENTRE_COLUMNS, _show_centres)
    if code == "employment.training.professions":
        professions = training.professions_of(**where).order_by("code")
        return Records("training_professions", professions, PROFESSION_COLUMNS, _show_professions)
    return None
