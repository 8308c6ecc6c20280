"""XLSX workbooks (openpyxl): a titled sheet of rows, returned as the bytes of the file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

#: The content type of an XLSX file, for the HTTP response that hands it over.
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_bytes(
    *,
    sheet_title: str,
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    widths: dict[str, float] | None = None,
) -> bytes:
    """One sheet: ``title`` in bold in A1, an empty row, ``header`` in bold, then ``rows``.

    A row may be empty (a blank line between parts); ``widths`` sets column widths by letter.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    bold = Font(bold=True)
    sheet.append([title])
    sheet["A1"].font = bold
    sheet.append([])
    sheet.append(list(header))
    for cell in sheet[3]:
        cell.font = bold
    for row in rows:
        sheet.append(list(row))
    for column, width in (widths or {}).items():
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
