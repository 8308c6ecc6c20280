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

Every figure counted from records can be traced to them: a section may give ``records``, called as
``records(actor=..., year=..., prefix=..., code=...)``, which answers the :class:`Records` behind the
figure ``code`` (the families, the persons, the payment lines...) or ``None`` for a figure it does
not trace (a share, an average). The records are a lazy queryset narrowed by the same selector as
the figure, so their count (or the sum of their ``amount`` field, for money) *is* the figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import QuerySet, Sum
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
    "certificates": _("certificates"),
    "questions": _("questions"),
    "objects": _("objects"),
    "beneficiaries": _("families and persons"),
    "visits": _("visits"),
    "events": _("events"),
    "beds": _("beds"),
    "days": _("days"),
    "enterprises": _("enterprises"),
    "memoranda": _("memoranda"),
    "agreements": _("agreements"),
    "inspections": _("inspections"),
    "violations": _("violations"),
    "orders": _("orders"),
    "fines": _("fines"),
    "accidents": _("accidents"),
    "campaigns": _("campaigns"),
    "partners": _("partners"),
    "deliveries": _("deliveries in kind"),
    "consultations": _("consultations"),
    "invitations": _("invitations"),
    "permits": _("permits"),
    "workers": _("workers"),
    "checks": _("checks"),
    "participants": _("participants"),
    "jobs": _("jobs"),
    "projects": _("projects"),
    "agencies": _("agencies"),
    "payments": _("payments"),
    "centres": _("training centres"),
    "professions": _("professions"),
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


#: What the records behind a figure are: stable words, their names translated on the page.
RECORD_KINDS: dict[str, Promise] = {
    "families": _("families"),
    "persons": _("persons"),
    "lines": _("payment lines"),
    "applications": _("applications"),
    "meetings": _("commission meetings"),
    "cases": _("cases on the agendas"),
    "commission_cases": _("cases of the commissions"),
    "questions": _("questions on the agendas"),
    "rows": _("rows of payment lists"),
    "registrations": _("registrations of jobseekers"),
    "participations": _("participations in measures"),
    "objects": _("social-infrastructure objects"),
    "worklist": _("items of the proactive worklist"),
    "veterans": _("veterans"),
    "visits": _("visits at home"),
    "events": _("events for veterans"),
    "awards": _("award cases of mothers of large families"),
    "centre_registrations": _("registrations at centres"),
    "centre_services": _("services of centres"),
    "centre_events": _("events of centres"),
    "enterprises": _("enterprises"),
    "surveys": _("monthly surveys of enterprises"),
    "memoranda_jobs": _("memoranda on keeping jobs"),
    "road_maps": _("road maps with enterprises"),
    "inspections": _("labour inspections"),
    "violations": _("violations of the labour legislation"),
    "fines": _("administrative fines"),
    "arrears": _("wage arrears"),
    "repayments": _("repayments of wage arrears"),
    "accidents": _("industrial accidents"),
    "collective_agreements": _("collective agreements"),
    "charity_campaigns": _("charity campaigns and social projects"),
    "charity_partners": _("charity partners"),
    "charity_help": _("lines of help in kind"),
    "charity_sponsorships": _("sponsorships of events"),
    "consultations": _("consultations on migration"),
    "kandas": _("kandas statuses"),
    "invitations": _("invitations of relatives from abroad"),
    "supports": _("payments of resettlement support"),
    "permits": _("permits to attract foreign labour"),
    "checks": _("checks of employers"),
    "tipo_plans": _("plans of vocational education"),
    "training_plans": _("plans of short-term training with their money"),
    "training_centres": _("training centres on the approved lists"),
    "training_professions": _("professions on the approved lists"),
    "tipo_enrolments": _("enrolments in vocational education"),
    "tipo_steps": _("steps of enrolments in vocational education"),
    "youth_participants": _("participants of youth projects"),
    "contest_entries": _("participants of contests"),
    "status_cases": _("persons without a social status"),
    "involvements": _("involvements in the programme"),
    "labour_statistics": _("published labour-force statistics"),
    "esp_reports": _("reports of the single aggregate payment"),
}


@dataclass(frozen=True)
class Column:
    """A column of the list of records: its heading and how its cells are shown (``text``,
    ``tenge``, ``date``, ``month``)."""

    label: Promise | str
    kind: str = "text"


@dataclass(frozen=True)
class Shown:
    """One record as the list shows it: its cells, the persons it names (for the read's audit row)
    and the page where it is kept (or "")."""

    cells: tuple[Any, ...]
    persons: tuple[int, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Records:
    """The records behind a figure: an ordered lazy ``queryset``, the ``columns`` of the list and
    ``show`` turning one page of records into rows (set-based: a few queries a page, whatever its
    length). ``amount`` names the field whose sum is the figure (money); without it the figure is
    the number of records."""

    kind: str
    queryset: QuerySet[Any]
    columns: tuple[Column, ...]
    show: Callable[[list[Any]], list[Shown]]
    amount: str = ""

    def __post_init__(self) -> None:
        if self.kind not in RECORD_KINDS:
            raise ValueError(f"Unknown kind of records {self.kind!r}: one of {sorted(RECORD_KINDS)}.")

    @property
    def kind_name(self) -> str:
        return str(RECORD_KINDS[self.kind])

    def count(self) -> int:
        return self.queryset.count()

    def total(self) -> int:
        """What the records add up to: the figure (their number, or the sum of ``amount``)."""
        if not self.amount:
            return self.count()
        return int(self.queryset.aggregate(total=Sum(self.amount))["total"] or 0)


class RecordsOf(Protocol):
    def __call__(self, *, actor: Any, year: int, prefix: str, code: str) -> Records | None: ...


def masked_iin(iin: str) -> str:
    """An IIN as lists show it: the date of birth and the check digit, the rest hidden."""
    return f"{iin[:6]}{'•' * 5}{iin[11:]}" if len(iin) == 12 else iin


@dataclass(frozen=True)
class Section:
    """A section of the report: a stable ``code``, its ``title``, its place (``order``) and the
    function computing its figures for a year and a territory."""

    code: str
    title: Promise | str
    order: int
    figures: FiguresOf | Callable[..., list[Figure]]
    records: RecordsOf | Callable[..., Records | None] | None = None


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


def records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The records behind the figure ``code`` (of any section that traces it), or ``None``."""
    for section in sections():
        if section.records is None:
            continue
        found = section.records(actor=actor, year=year, prefix=prefix, code=code)
        if found is not None:
            return found
    return None
