"""Next year's plan as a workbook: planned, forecast and this year's spending per budget programme
and source; the forecast by month on a second sheet."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from komek.budget.selectors.forecast import MONTHS
from komek.budget.selectors.plan import PlanView
from komek.budget.titles import programme_title, source_label
from komek.common import xlsx


def plan_workbook(view: PlanView) -> Workbook:
    where = view.territory or _("all territories")
    title = _("Budget plan %(year)d, %(where)s") % {"year": view.year, "where": where}
    header = [
        _("Budget programme"), _("Source"), _("Planned"), _("Planned recipients"), _("Forecast"),
        _("Forecast recipients"), _("Edited"), _("Spent this year"), _("Recipients this year"),
        _("Change"), _("Change, %"),
    ]  # fmt: skip
    rows = [
        [
            programme_title(line.programme),
            source_label(line.source),
            line.amount,
            line.recipients,
            line.forecast_amount,
            line.forecast_recipients,
            _("yes") if line.edited else "",
            line.spent,
            line.spent_recipients,
            line.change,
            float(line.percent) if line.percent is not None else None,
        ]  # fmt: skip
        for line in view.lines
    ]
    book = xlsx.table_workbook(
        sheet=_("Plan"), title=title, header=header, rows=rows, widths={"A": 70, "B": 22}
    )
    months = book.create_sheet(_("Forecast by month"))
    months.append([title])
    months.append([_("Budget programme"), _("Source")] + [f"{m:02d}" for m in MONTHS])
    for line in view.lines:
        months.append([programme_title(line.programme), source_label(line.source), *line.months])
    months.column_dimensions["A"].width = 70
    return book
