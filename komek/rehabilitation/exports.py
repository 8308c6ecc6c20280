"""The coverage table as an XLSX workbook (openpyxl)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from komek.rehabilitation.selectors.coverage import Coverage


def coverage_xlsx(table: Coverage) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(table.year)
    sheet.append([_("Coverage of rehabilitation aids, %(year)s") % {"year": table.year}])
    sheet["A1"].font = Font(bold=True, size=13)
    header = [_("Aid"), _("Entitled"), _("Provided"), _("In queue at year end"), _("Security, %"),
              _("Contracted, tenge"), _("Spent, tenge")]  # fmt: skip
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in [*table.rows, *table.extra]:
        security = float(row.security) if row.security is not None else None
        sheet.append(
            [row.label, row.entitled, row.provided, row.in_queue, security, row.contracted, row.spent]
        )
    sheet.append([_("Total"), None, None, None, None, table.total_contracted, table.total_spent])
    sheet.column_dimensions["A"].width = 42
    for col in "BCDEFG":
        sheet.column_dimensions[col].width = 16
    return book
