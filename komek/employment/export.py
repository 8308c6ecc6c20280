"""The plan-versus-actual figures as an XLSX workbook (openpyxl)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from komek.employment.figures import Figures


def figures_xlsx(figures: Figures) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(figures.year)
    bold = Font(bold=True)
    sheet.append([_("Employment centre: plan and actual, %(year)s") % {"year": figures.year}])
    sheet["A1"].font = bold
    sheet.append([])
    header = [
        _("Indicator"),
        _("Plan"),
        _("Actual"),
        _("Of plan, %"),
        *[label for _g, label in figures.groups],
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = bold
    for row in figures.rows:
        pct = row.percent_of_plan
        sheet.append(
            [
                row.label,
                row.planned,
                row.actual,
                float(pct) if pct is not None else None,
                *[row.by_group.get(g, 0) for g, _label in figures.groups],
            ]
        )
    sheet.append([])
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
    for label, value in summary:
        sheet.append([label, None, value])
    sheet.column_dimensions["A"].width = 48
    out = BytesIO()
    book.save(out)
    return out.getvalue()
