"""The annual report's section of the employment centre: the plan-versus-actual table of the year
("captured by measures of employment 2971 people or 118% (the annual plan 2520 people)", the
Balkhash report 2018), by indicator and for the captured by target group, with the annual plans."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Figure, Records, Section
from komek.employment.choices import Indicator, TargetGroup
from komek.employment.creation_report import job_creation_section
from komek.employment.microfinance_report import microfinance_lines
from komek.employment.programme_report import SECTIONS as PROGRAMME_SECTIONS
from komek.employment.selectors.directions import CODES, Directions, directions_records, directions_year
from komek.employment.selectors.figures import employment_figures, group_plans
from komek.employment.selectors.traces import employment_records


def employment_section(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Each indicator of the plan (captured, applied, employed, each measure) with its plan, then
    the captured by target group with theirs."""
    policy.require(actor, Capability.REPORT_VIEW)
    data = employment_figures(user=actor, year=year, prefix=prefix)
    figures = [
        Figure(f"employment.{row.indicator}", row.label, row.actual, "persons", plan=row.planned)
        for row in data.rows
    ]
    plans = group_plans(user=actor, year=year, prefix=prefix)
    captured = data.row(Indicator.CAPTURED)
    for group in TargetGroup:
        figures.append(
            Figure(
                f"employment.captured.{group.value}",
                _("Captured by measures of employment: %(group)s") % {"group": group.label},
                captured.by_group.get(group.value, 0),
                "persons",
                plan=plans.get((Indicator.CAPTURED.value, group.value)),
            )
        )
    return figures + _directions(actor=actor, year=year, prefix=prefix)


def _training(d: Directions) -> list[Figure]:
    """Short-term training's money and the regional commission's lists (ADR 0062): "выделено 226,9
    млн. тенге. Региональной комиссией утверждены перечни 25 учебных центров, 27 профессий ...
    освоено 100%" (the report of the Almaty Social Welfare Department for 2020)."""
    return [
        Figure(
            "employment.training.allocated",
            _("Short-term vocational training: money allocated"),
            d.training_allocated,
            "tenge",
        ),
        Figure(
            "employment.training.spent",
            _("Short-term vocational training: money spent on those sent"),
            d.training_spent,
            "tenge",
            plan=d.training_allocated,
        ),
        Figure(
            "employment.training.spent_percent",
            _("Short-term vocational training: share of the money spent"),
            d.training_spent_percent,
            "percent",
        ),
        Figure(
            "employment.training.centres",
            _("Training centres approved by the regional commission"),
            d.training_centres,
            "centres",
        ),
        Figure(
            "employment.training.professions",
            _("Professions approved by the regional commission"),
            d.training_professions,
            "professions",
        ),
    ]


def training_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Short-term training as the programme's report tells it: sent against the plan, finished, the
    money and the approved lists, in one statement (the annual report's codes)."""
    d = directions_year(actor=actor, year=year, prefix=prefix)
    return [
        Figure(
            f"employment.{Indicator.TRAINING.value}",
            str(Indicator.TRAINING.label),
            d.training_sent,
            "persons",
            plan=d.training_planned,
        ),
        Figure(
            "employment.training.finished",
            _("Short-term vocational training: finished"),
            d.training_finished,
            "persons",
        ),
        *_training(d),
    ]


def _directions(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The third direction's totals, the training finished and its money and lists, the money of
    the second direction and the employment centre's register (``selectors.directions``)."""
    d = directions_year(actor=actor, year=year, prefix=prefix)
    return [
        Figure(
            "employment.temporary",
            _("Employed on temporary jobs: social jobs, youth practice and public works"),
            d.temporary,
            "persons",
        ),
        Figure("employment.grants_microcredits", _("Given grants and microcredits"), d.business, "persons"),
        Figure(
            "employment.training.finished",
            _("Short-term vocational training: finished"),
            d.training_finished,
            "persons",
        ),
        *_training(d),
        Figure(
            "employment.microcredit.amount", _("Microcredits: amount, tenge"), d.microcredit_amount, "tenge"
        ),
        Figure("employment.grant.amount", _("Grants: amount, tenge"), d.grant_amount, "tenge"),
        Figure(
            "employment.registered_unemployed",
            _("Registered as unemployed in the year"),
            d.registered_unemployed,
            "persons",
        ),
        Figure(
            "employment.register",
            _("On the employment centre's register at the end of the year"),
            d.on_register,
            "persons",
        ),
        Figure(
            "employment.register.unemployed",
            _("On the register at the end of the year: unemployed"),
            d.on_register_unemployed,
            "persons",
        ),
        *microfinance_lines(d.microfinance, section="employment"),
    ]


def employment_section_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``employment.<indicator>`` and ``employment.captured.<group>`` → their records."""
    if not code.startswith("employment."):
        return None
    if code in CODES:
        return directions_records(actor=actor, year=year, prefix=prefix, code=code)
    indicator, _dot, group = code.removeprefix("employment.").partition(".")
    if group and indicator != Indicator.CAPTURED:
        return None
    return employment_records(actor=actor, year=year, prefix=prefix, indicator=indicator, group=group)


SECTIONS = (
    Section("employment", gettext_lazy("Employment"), 20, employment_section, employment_section_records),
    *PROGRAMME_SECTIONS,
    Section(
        "job_creation",
        gettext_lazy("Job creation, the employment road map and the labour exchange"),
        24,
        job_creation_section,
    ),
)
