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
from komek.employment.programme_report import SECTIONS as PROGRAMME_SECTIONS
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
    return figures


def employment_section_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``employment.<indicator>`` and ``employment.captured.<group>`` → their records."""
    if not code.startswith("employment."):
        return None
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
