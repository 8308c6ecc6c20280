"""The plan-versus-actual figures as the rows of an XLSX workbook (no reads, no writes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from komek.common.xlsx import table_workbook, to_bytes

if TYPE_CHECKING:
    from komek.employment.selectors.figures import Figures


def _rows(figures: Figures) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in figures.rows:
        pct = row.percent_of_plan
        rows.append(
            [
                row.label,
                row.planned,
                row.actual,
                float(pct) if pct is not None else None,
                *[row.by_group.get(g, 0) for g, _label in figures.groups],
            ]
        )
    rows.append([])
    summary = [
        (_("Applied for labour mediation"), figures.applied),
        (_("Employed"), figures.employed),
        (_("Employed, per cent of applied"), float(figures.employed_percent or 0)),
        (_("Finished short-term courses"), figures.training_finished),
        (_("Employed after the courses"), figures.training_employed),
        (_("Employed after the courses, %"), float(figures.training_employed_percent or 0)),
        (_("Directed to public works after the courses"), figures.training_to_public_works),
        (_("Job fairs"), figures.job_fairs),
        (_("Visitors of job fairs"), figures.fair_visitors),
    ]
    rows.extend([label, None, value] for label, value in summary)
    return rows


def figures_xlsx(figures: Figures) -> bytes:
    """The figures of a year: one row per indicator with its target groups, then the summary."""
    book = table_workbook(
        sheet=str(figures.year),
        title=_("Employment centre: plan and actual, %(year)s") % {"year": figures.year},
        header=[
            _("Indicator"),
            _("Plan"),
            _("Actual"),
            _("Of plan, %"),
            *[label for _g, label in figures.groups],
        ],
        rows=_rows(figures),
        widths={"A": 48},
    )
    # The report's sheet as staff know it: a plain bold title, an empty row, the header on row 3.
    sheet = book.active
    assert sheet is not None
    sheet["A1"].font = Font(bold=True)
    sheet.insert_rows(2)
    return to_bytes(book)
