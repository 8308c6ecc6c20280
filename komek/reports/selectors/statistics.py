"""The statistics a department sends up, month by month or quarter by quarter: recipients and amounts
paid by programme, by kind of assignment and by family type; participations in employment measures
by measure and by target group; rehabilitation provision by aid. Each table is asked of the context
that holds its records (set-based selectors there); each cell can be traced to its records.

Checked and audited like the annual report: the capability, the year, a territory of the reader's
units (a refusal audited), a read row for the page or the file taken away, and for a cell's records
a read row naming the persons shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from komek.benefits.choices import AssignmentKind
from komek.common import audit
from komek.common.annual import Figure, Records
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.employment.choices import MeasureKind, TargetGroup
from komek.employment.selectors.statistics import measures_by_period, measures_cell_records
from komek.payments.choices import FamilyType
from komek.payments.purposes import programme_title
from komek.payments.selectors.statistics import paid_by_period, paid_cell_records
from komek.rehabilitation.choices import AidKind
from komek.rehabilitation.selectors.statistics import provided_by_period, provided_cell_records
from komek.reports.selectors import PAGE_SIZE, FigureRecords, _checked, _refuse

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT_TYPE = "reports.statistics"
PERIODS = ("monthly", "quarterly")

#: The measures of the tables: their words in the links and files, names and units.
MEASURES = {
    "recipients": (gettext_lazy("recipients"), "persons"),
    "amount": (gettext_lazy("paid, tenge"), "tenge"),
    "participations": (gettext_lazy("participations"), "persons"),
    "provided": (gettext_lazy("persons provided"), "persons"),
}


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    cells: list[int]  # one per column of the table (period by measure)


@dataclass(frozen=True)
class StatTable:
    """A table of the statistics: rows (programmes, kinds, groups...) by periods and measures."""

    code: str
    title: str
    measures: list[str]
    periods: list[tuple[int, str]]
    rows: list[StatRow]

    @property
    def columns(self) -> list[tuple[int, str, str]]:
        """``(period, measure, heading)`` of each column of cells, periods first."""
        return [(n, m, f"{label}: {MEASURES[m][0]}") for n, label in self.periods for m in self.measures]

    def cell(self, key: str, period: int, measure: str) -> int:
        row = next((r for r in self.rows if r.key == key), None)
        if row is None:
            return 0
        index = [(n, m) for n, m, _heading in self.columns].index((period, measure))
        return row.cells[index]

    @property
    def grid(self) -> list[tuple[StatRow, list[tuple[int, str, int]]]]:
        """Each row with its cells as ``(period, measure, value)``: what the page links."""
        return [
            (row, [(n, m, v) for (n, m, _h), v in zip(self.columns, row.cells, strict=True)])
            for row in self.rows
        ]


@dataclass(frozen=True)
class Statistics:
    year: int
    territory: str
    territory_name: str
    period: str
    tables: list[StatTable]

    def table(self, code: str) -> StatTable:
        found = next((t for t in self.tables if t.code == code), None)
        if found is None:
            raise NotFound(_("No such table of the statistics."), field="table")
        return found


def _period_labels(quarterly: bool) -> list[tuple[int, str]]:
    if quarterly:
        return [(n, _("Quarter %(n)s") % {"n": n}) for n in range(1, 5)]
    return [(n, str(MONTHS[n])) for n in range(1, 13)]


def _table(
    code: str,
    title: str,
    measures: list[str],
    quarterly: bool,
    keys: list[tuple[str, str]],
    value: Callable[..., int],
) -> StatTable:
    periods = _period_labels(quarterly)
    rows = [
        StatRow(key, label, [value(key, n, m) for n, _label in periods for m in measures])
        for key, label in keys
    ]
    return StatTable(code, title, measures, periods, rows)


def _tables(actor: Actor, year: int, prefix: str, quarterly: bool) -> list[StatTable]:
    language = (get_language() or "ru")[:2]
    tables = []
    for by, title in (
        ("programme", _("Recipients and amounts paid by programme")),
        ("kind", _("Recipients and amounts paid by kind of assistance")),
        ("family_type", _("Recipients and amounts paid by family type")),
    ):
        cells = paid_by_period(actor=actor, year=year, prefix=prefix, quarterly=quarterly, by=by)
        if by == "programme":
            codes = sorted({key for key, _n in cells})
            keys = [(c, programme_title(c, dt.date(year, 12, 1), language)) for c in codes]
        elif by == "kind":
            keys = [(k.value, str(k.label)) for k in AssignmentKind]
        else:
            keys = [(k.value, str(k.label)) for k in FamilyType]
        tables.append(
            _table(
                f"paid.{by}", title, ["recipients", "amount"], quarterly, keys,
                lambda key, n, m, cells=cells: cells.get((key, n), {}).get(m, 0),
            )
        )  # fmt: skip
    measures = measures_by_period(actor=actor, year=year, prefix=prefix, quarterly=quarterly)
    for by, title, keys in (
        ("measure", _("Participations in active measures of employment by measure"),
         [(k.value, str(k.label)) for k in MeasureKind]),
        ("group", _("Participations in active measures of employment by target group"),
         [(g.value, str(g.label)) for g in TargetGroup]),
    ):  # fmt: skip
        tables.append(
            _table(
                f"measures.{by}", title, ["participations"], quarterly, keys,
                lambda key, n, m, by=by: measures.get((by, key, n), 0),
            )
        )  # fmt: skip
    provided = provided_by_period(actor=actor, year=year, prefix=prefix, quarterly=quarterly)
    tables.append(
        _table(
            "rehab.aid", _("Persons provided with rehabilitation aids and services"), ["provided"], quarterly,
            [(k.value, str(k.label)) for k in AidKind], lambda key, n, m: provided.get((key, n), 0),
        )
    )  # fmt: skip
    return tables


def _checked_period(period: Any) -> bool:
    if period not in PERIODS:
        raise DomainError(_("The period must be monthly or quarterly."), field="period")
    return period == "quarterly"


def statistics(
    *, actor: Actor, year: Any, territory: str, period: Any = "monthly", export: str = ""
) -> Statistics:
    """The statistics tables of ``territory`` for ``year``, per month or per quarter (``period``).
    The read is audited (``export`` names a file taken away); a refusal is audited with its reason."""
    try:
        checked_year, unit = _checked(actor, year, territory)
        quarterly = _checked_period(period)
    except DomainError as exc:
        _refuse(actor, exc, year, territory)
        raise
    tables = _tables(actor, checked_year, unit.prefix, quarterly)
    audit.read(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        object_type=OBJECT_TYPE,
        object_id=f"{checked_year}:{unit.code}:{period}",
        changes={"format": [None, export or "page"]},
        territory=unit.code,
    )
    return Statistics(checked_year, unit.code, unit.name, str(period), tables)


def _cell_records(
    actor: Actor, year: int, prefix: str, quarterly: bool, table: str, key: str, period: int, measure: str
) -> Records | None:
    group, _dot, by = table.partition(".")
    if group == "paid":
        return paid_cell_records(
            actor=actor, year=year, prefix=prefix, quarterly=quarterly, by=by, key=key, period=period,
            measure=measure,
        )  # fmt: skip
    if group == "measures" and measure == "participations":
        return measures_cell_records(
            actor=actor, year=year, prefix=prefix, quarterly=quarterly, by=by, key=key, period=period
        )
    if table == "rehab.aid" and measure == "provided":
        return provided_cell_records(
            actor=actor, year=year, prefix=prefix, quarterly=quarterly, kind=key, period=period
        )
    return None


def statistics_cell(
    *,
    actor: Actor,
    year: Any,
    territory: str,
    period: Any,
    table: str,
    key: str,
    number: int,
    measure: str,
    page: Any = 1,
) -> FigureRecords:
    """The records behind one cell of a table (its row ``key``, the month or quarter ``number``, its
    ``measure``), one page of them; checked, refused and audited like the annual report's figures."""
    try:
        checked_year, unit = _checked(actor, year, territory)
        quarterly = _checked_period(period)
    except DomainError as exc:
        _refuse(actor, exc, year, territory)
        raise
    records = _cell_records(actor, checked_year, unit.prefix, quarterly, table, key, number, measure)
    if records is None:
        raise NotFound(_("The statistics have no such cell."), field="cell")
    tables = {t.code: t for t in _tables(actor, checked_year, unit.prefix, quarterly)}
    found = tables.get(table)
    row = next((r for r in found.rows if r.key == key), None) if found else None
    if found is None or row is None:
        raise NotFound(_("The statistics have no such cell."), field="cell")
    period_label = dict(found.periods)[number]
    label = f"{row.label} · {period_label} {checked_year}: {MEASURES[measure][0]}"
    figure = Figure(
        f"{table}.{key}.{number}.{measure}", label, found.cell(key, number, measure), MEASURES[measure][1]
    )
    paginator = Paginator(records.queryset, PAGE_SIZE)
    shown = paginator.get_page(page)
    rows = records.show(list(shown.object_list))
    audit.read(
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=f"{checked_year}:{unit.code}:{figure.code}"[:64],
        changes={"page": [None, shown.number]},
        persons=[p for r in rows for p in r.persons],
        territory=unit.code,
    )
    return FigureRecords(
        year=checked_year,
        territory=unit.code,
        territory_name=unit.name,
        section_title=found.title,
        figure=figure,
        records=records,
        page=shown,
        rows=rows,
        total=records.total() if records.amount else paginator.count,
    )
