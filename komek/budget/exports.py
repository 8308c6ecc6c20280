"""The execution of a year as a workbook: the table by budget programme and source, and by month."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from komek.budget.selectors import Execution
from komek.budget.selectors.forecast import MONTHS
from komek.budget.selectors.plan import PlanView
from komek.budget.titles import programme_title, source_label
from komek.common import xlsx


def execution_workbook(execution: Execution) -> Workbook:
    """Sheet one: allocated, committed, spent, % and left per programme and source; sheet two: spent
    by month (the first column holds what is dated by its year only)."""
    where = execution.territory or _("all territories")
    title = _("Budget execution %(year)d, %(where)s") % {"year": execution.year, "where": where}
    header = [
        _("Budget programme"), _("Source"), _("Department (KATO)"), _("Allocated"), _("Committed"),
        _("Spent"), _("Spent, %"), _("Left"),
    ]  # fmt: skip
    rows = [
        [
            programme_title(r.programme),
            source_label(r.source),
            r.territory,
            r.allocated,
            r.committed,
            r.spent,
            float(r.percent) if r.percent is not None else None,
            r.left,
        ]  # fmt: skip
        for r in execution.rows
    ]
    book = xlsx.table_workbook(
        sheet=_("Execution"), title=title, header=header, rows=rows, widths={"A": 70, "B": 22, "C": 14}
    )
    months = book.create_sheet(_("By month"))
    months.append([title])
    months.append(
        [_("Budget programme"), _("Source"), _("Department (KATO)"), _("Year, undated")]
        + [f"{m:02d}" for m in range(1, 13)]
    )
    for r in execution.rows:
        months.append(
            [programme_title(r.programme), source_label(r.source), r.territory]
            + [r.months.get(m, 0) for m in range(13)]
        )
    months.column_dimensions["A"].width = 70
    return book


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
