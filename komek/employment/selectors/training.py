"""Reads of short-term vocational training's approved lists and money (ADR 0062): the regional
commission's decisions in force for an address, the year's lists a user sees, and the queries behind
the figures "выделено 226,9 млн. тенге ... утверждены перечни 25 учебных центров, 27 профессий ...
освоено 100%" (the report of the Almaty Social Welfare Department for 2020, section VII)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.employment.choices import Indicator, MeasureKind
from komek.employment.models import (
    AnnualPlan,
    ListedCentre,
    ListedProfession,
    Occupation,
    Participation,
    TrainingList,
    TrainingProvider,
)
from komek.employment.selectors.figures import _territory

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def lists_in_force(*, kato_code: str, year: int) -> list[TrainingList]:
    """The year's decisions in force at an address: those recorded for a unit the address lies in
    (a handful a year, filtered here by the unit's prefix), the latest first."""
    found = TrainingList.objects.filter(year=year).select_related("kato").order_by("-decided_on", "-id")
    return [d for d in found if kato_code.startswith(d.kato.prefix)]


def lists_of(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[TrainingList]:
    """The decisions of the year recorded for the user's territory (under ``prefix``, when given)."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return TrainingList.objects.filter(_territory(actor, prefix), year=year)


def centres_of(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[TrainingProvider]:
    """The training centres approved for the year: each once, whatever the decisions naming it."""
    listed = ListedCentre.objects.filter(decision__in=lists_of(actor=actor, year=year, prefix=prefix))
    return TrainingProvider.objects.filter(pk__in=listed.values("provider_id"))


def professions_of(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[Occupation]:
    """The professions approved for the year: each once, whatever the decisions naming it."""
    listed = ListedProfession.objects.filter(decision__in=lists_of(actor=actor, year=year, prefix=prefix))
    return Occupation.objects.filter(pk__in=listed.values("occupation_id"))


def plans_of(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[AnnualPlan]:
    """The year's plans of short-term training for everyone: the persons to send and the money."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return AnnualPlan.objects.filter(
        _territory(actor, prefix), year=year, indicator=Indicator.TRAINING, target_group=""
    )


def money_plans_of(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[AnnualPlan]:
    """The year's plans of short-term training holding the money allocated."""
    return plans_of(actor=actor, year=year, prefix=prefix).filter(allocated__isnull=False)


def sent_in(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[Participation]:
    """Persons sent to short-term training in the year (the participation's start), each carrying
    the cost of training them: their sum is the money spent."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return Participation.objects.filter(
        _territory(actor, prefix),
        kind=MeasureKind.TRAINING,
        date_from__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    )
