"""The registry of the annual report's sections: each context contributes its own (ADR 0015).

The annual report of a department (the Balkhash report 2018, the report of the Almaty Social
Welfare Department for 2020) is a sequence of sections — state services, employment, TSA, housing
assistance, assistance by council decisions, rehabilitation, the commissions — each written by the
context that holds its records. The registry lives below every context so that any of them can add
its section from its ``report.py`` when Django starts (``AppConfig.ready``), and the reports
context, on top, assembles whatever is registered: a context added later (the budget) adds its
section without anything else changing.

A section's ``figures`` is called as ``figures(actor=..., year=..., prefix=...)``: the actor whose
capability and territory the section's selector checks through ``komek.accounts.policy``, the
calendar year and the KATO prefix of the territory reported on. It returns the figures of that
year only; the reports context calls it again with ``year - 1`` for the year before, so "previous"
is always computed by the same query. A figure's ``plan`` is filled where the records hold one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Number = int | Decimal

#: The units a figure is counted in: stable words in the JSON, their names translated on the page.
UNITS: dict[str, Promise] = {
    "services": _("services"),
    "applications": _("applications"),
    "families": _("families"),
    "persons": _("persons"),
    "tenge": _("tenge"),
    "percent": _("%"),
    "meetings": _("meetings"),
    "cases": _("cases"),
}


@dataclass(frozen=True)
class Figure:
    """One line of a section: ``value`` of the year, ``previous`` (the year before), ``plan``."""

    code: str
    label: str
    value: Number | None
    unit: str
    previous: Number | None = None
    plan: Number | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"Unknown unit {self.unit!r} of figure {self.code!r}: one of {sorted(UNITS)}.")


class FiguresOf(Protocol):
    def __call__(self, *, actor: Any, year: int, prefix: str) -> list[Figure]: ...


@dataclass(frozen=True)
class Section:
    """A section of the report: a stable ``code``, its ``title``, its place (``order``) and the
    function computing its figures for a year and a territory."""

    code: str
    title: Promise | str
    order: int
    figures: FiguresOf | Callable[..., list[Figure]]


_SECTIONS: dict[str, Section] = {}


def register(*sections: Section) -> None:
    """Add sections (from a context's ``AppConfig.ready``). Registering a code again replaces it
    only with the same function: two contexts cannot claim one section."""
    for section in sections:
        known = _SECTIONS.get(section.code)
        if known is not None and known.figures is not section.figures:
            raise ValueError(f"Report section {section.code!r} is registered twice.")
        _SECTIONS[section.code] = section


def sections() -> list[Section]:
    """Every registered section in the order of the report."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.code))
