"""The annual report of a department: every registered section for a year and a territory.

The contexts contribute their sections (``komek.common.annual``); this module asks each for the
year and again for the year before, checks who may read it and where, and audits the read. It
writes nothing but the audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import annual, audit
from komek.common.annual import Figure, Records, Shown
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.kato import kato_unit
from komek.common.money import round_share
from komek.common.validation import today

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The first year a department's records can hold (the Republic's social programmes of today).
FIRST_YEAR = 1991
OBJECT_TYPE = "reports.annual"
FIGURE_OBJECT_TYPE = "reports.figure"
#: Records on a page of a figure's list.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Line:
    """A figure as the report prints it: the figure, its change and the share of its plan, and
    whether the records behind it can be listed."""

    figure: Figure
    traced: bool = field(default=False, compare=False)

    @property
    def change(self) -> Decimal | int | None:
        value, previous = self.figure.value, self.figure.previous
        return None if value is None or previous is None else value - previous

    @property
    def of_plan(self) -> Decimal | None:
        value, plan = self.figure.value, self.figure.plan
        return None if value is None or not plan else round_share(value, plan)

    @property
    def unit_name(self) -> str:
        return str(annual.UNITS[self.figure.unit])


@dataclass(frozen=True)
class ReportSection:
    code: str
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    territory: str
    territory_name: str
    language: str
    sections: list[ReportSection]

    def as_json(self) -> dict[str, Any]:
        """The command's contract: ``{"year", "territory", "sections": [{"code", "title",
        "figures": [{"code", "label", "value", "unit", "previous", "plan"}]}]}``."""
        return {
            "year": self.year,
            "territory": self.territory,
            "sections": [
                {
                    "code": s.code,
                    "title": s.title,
                    "figures": [
                        {
                            "code": line.figure.code,
                            "label": line.figure.label,
                            "value": _plain(line.figure.value),
                            "unit": line.figure.unit,
                            "previous": _plain(line.figure.previous),
                            "plan": _plain(line.figure.plan),
                        }
                        for line in s.lines
                    ],
                }
                for s in self.sections
            ],
        }


def _plain(value: Decimal | int | None) -> float | int | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def merged(current: list[Figure], previous: list[Figure]) -> list[Figure]:
    """The year's figures with the year before's values; a figure only the year before had (a
    programme no longer paid) follows with no value."""
    before = {f.code: f for f in previous}
    now = {f.code for f in current}
    rows = [
        Figure(f.code, f.label, f.value, f.unit, before[f.code].value if f.code in before else None, f.plan)
        for f in current
    ]
    rows += [Figure(f.code, f.label, None, f.unit, f.value, None) for f in previous if f.code not in now]
    return rows


def _refuse(actor: Actor, exc: DomainError, year: Any, territory: str) -> None:
    with transaction.atomic():
        audit.refusal(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=f"{year}:{territory}"[:64],
            reason=str(exc),
            territory=territory if territory.isdigit() and len(territory) == 9 else "",
        )


def _checked(actor: Actor, year: Any, territory: str) -> tuple[int, Any]:
    policy.require(actor, Capability.REPORT_VIEW)
    this_year = today().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        raise DomainError(
            _("The year must be a number from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year},
            field="year",
        )
    unit = kato_unit(territory, field="territory")
    policy.require_territory(actor, unit.code, field="territory")
    return year, unit


def _traced(section: annual.Section, actor: Actor, year: int, prefix: str, figure: Figure) -> bool:
    """Whether the section lists the records behind the figure (a lazy query: nothing is run)."""
    if section.records is None or figure.value is None:
        return False
    return section.records(actor=actor, year=year, prefix=prefix, code=figure.code) is not None


def annual_report(
    *, actor: Actor, year: Any, territory: str, language: str | None = None, export: str = ""
) -> AnnualReport:
    """The annual report of ``territory`` (a KATO code of the actor's territory) for ``year``, its
    texts in ``language`` (the active one by default). The read is audited (``export`` names the
    format of a file taken away); a refusal (role, territory, year) is audited with its reason."""
    try:
        checked_year, unit = _checked(actor, year, territory)
    except DomainError as exc:
        _refuse(actor, exc, year, territory)
        raise
    language = language or (translation.get_language() or "ru")[:2]
    with translation.override(language):
        sections = []
        for section in annual.sections():
            current = section.figures(actor=actor, year=checked_year, prefix=unit.prefix)
            previous = section.figures(actor=actor, year=checked_year - 1, prefix=unit.prefix)
            lines = [
                Line(f, _traced(section, actor, checked_year, unit.prefix, f))
                for f in merged(current, previous)
            ]
            sections.append(ReportSection(section.code, str(section.title), lines))
        report = AnnualReport(checked_year, unit.code, unit.name, language, sections)
    audit.read(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        object_type=OBJECT_TYPE,
        object_id=f"{checked_year}:{unit.code}",
        changes={"format": [None, export or "page"], "language": [None, language]},
        territory=unit.code,
    )
    return report


@dataclass(frozen=True)
class FigureRecords:
    """One page of the records behind a figure of the annual report, with the figure itself."""

    year: int
    territory: str
    territory_name: str
    section_title: str
    figure: Figure
    records: Records
    page: Page[Any]
    rows: list[Shown]
    total: int

    @property
    def table(self) -> list[tuple[Shown, list[tuple[str, Any]]]]:
        """Each row shown with its cells paired with their columns' kinds (how the page formats them)."""
        kinds = [c.kind for c in self.records.columns]
        return [(row, list(zip(kinds, row.cells, strict=True))) for row in self.rows]


def figure_records(*, actor: Actor, year: Any, territory: str, code: str, page: Any = 1) -> FigureRecords:
    """The records behind the figure ``code`` of the annual report of ``territory`` for ``year``,
    one page of them (``PAGE_SIZE``), with the figure as the report prints it. Scoped through the
    policy like the report (a territory outside the reader's units is refused and the refusal
    audited); the read is audited naming the persons shown. A figure without records (a share, an
    average) or unknown: ``NotFound``."""
    try:
        checked_year, unit = _checked(actor, year, territory)
    except DomainError as exc:
        _refuse(actor, exc, year, territory)
        raise
    for section in annual.sections():
        if section.records is None:
            continue
        records = section.records(actor=actor, year=checked_year, prefix=unit.prefix, code=code)
        if records is not None:
            break
    else:
        raise NotFound(_("The report has no list of records behind this figure."), field="figure")
    figure = next(
        (f for f in section.figures(actor=actor, year=checked_year, prefix=unit.prefix) if f.code == code),
        None,
    )
    if figure is None:
        raise NotFound(_("The report has no list of records behind this figure."), field="figure")
    paginator = Paginator(records.queryset, PAGE_SIZE)
    shown_page = paginator.get_page(page)
    rows = records.show(list(shown_page.object_list))
    persons = sorted({pid for row in rows for pid in row.persons})
    audit.read(
        actor=actor,
        object_type=FIGURE_OBJECT_TYPE,
        object_id=f"{checked_year}:{unit.code}:{code}"[:64],
        changes={"page": [None, shown_page.number]},
        persons=persons,
        territory=unit.code,
    )
    return FigureRecords(
        year=checked_year,
        territory=unit.code,
        territory_name=unit.name,
        section_title=str(section.title),
        figure=figure,
        records=records,
        page=shown_page,
        rows=rows,
        total=records.total() if records.amount else paginator.count,
    )
