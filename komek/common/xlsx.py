"""Workbooks of tables (openpyxl): a bold title, a bold header row, the rows, set column widths."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_workbook(
    *,
    sheet: str,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Mapping[str, float] | None = None,
) -> Workbook:
    """One sheet named ``sheet``: ``title`` in A1, ``header`` on row 2, then ``rows``."""
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet
    page.append([title])
    page["A1"].font = Font(bold=True, size=13)
    page.append(list(header))
    for cell in page[2]:
        cell.font = Font(bold=True)
    for row in rows:
        page.append(list(row))
    for column, width in (widths or {}).items():
        page.column_dimensions[column].width = width
    return book


def figures_download(
    figures: Iterable[Any], *, sheet: str, title: str, place: str, year: int, name: str, plan: bool = False
) -> HttpResponse:
    """A context's figures of a year as a workbook of two columns (figure, value), or three with
    ``plan`` (the figure's plan), titled with the territory (``place``) and the year, downloaded as
    ``<name>-<year>.xlsx``."""
    from django.utils.translation import gettext as _

    heading = " · ".join(str(part) for part in (title, place, year) if part)
    header = [_("Figure"), _("Value"), _("Plan")] if plan else [_("Figure"), _("Value")]
    rows: list[tuple[Any, ...]] = [
        (f.label, f.value, f.plan) if plan else (f.label, f.value) for f in figures
    ]
    widths = {"A": 70, "B": 16, "C": 16} if plan else {"A": 75, "B": 16}
    book = table_workbook(sheet=sheet, title=heading, header=header, rows=rows, widths=widths)
    return download(book, f"{name}-{year}.xlsx")


def download(book: Workbook, filename: str) -> HttpResponse:
    """The workbook as a file the browser downloads under ``filename``."""
    response = HttpResponse(to_bytes(book), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def to_bytes(book: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
