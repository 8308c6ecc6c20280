"""The files staff upload as tables (an XLSX workbook's first sheet or a UTF-8 CSV): read into rows
named by their header, and refused whole with every bad row and column named.

An import reads its rows with :func:`read_rows`, checks each, collects a :class:`RowError` per bad
cell and, if there is any, raises its :class:`TableRefused` before writing anything (the labour
surveys, the lists of persons without a social status, the e-labour exchange's files).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from komek.common.errors import DomainError

#: A row of a file: its number in the file (the header is row 1) and its cells by column name.
Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


class TableRefused(DomainError):
    """The file has errors: nothing was written; ``errors`` names each row and column."""

    code = "import_refused"

    def __init__(self, errors: list[RowError]) -> None:
        first = errors[0]
        super().__init__(
            _("The file has %(n)d errors; nothing was imported. Row %(row)d, %(field)s: %(message)s")
            % {"n": len(errors), "row": first.line, "field": first.field, "message": first.message},
            field="file",
        )
        self.errors = errors


def cell(value: Any) -> str:
    """A workbook cell as text: dates as ISO dates, whole numbers without Excel's ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value).removesuffix(".0").strip()


def _raw(content: bytes) -> list[list[str]]:
    if content[:2] == b"PK":  # a zip: the workbook
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            raise DomainError(_("The workbook cannot be read."), field="file") from None
        raw = [[cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return raw
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is neither an XLSX workbook nor a UTF-8 CSV."), field="file") from None
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ";", ","), key=first.count) if any(d in first for d in "\t;,") else ","
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        raise DomainError(_("The CSV file cannot be read."), field="file") from None


def read_rows(content: bytes, columns: tuple[str, ...], *, max_rows: int) -> list[Row]:
    """The file's data rows, empty rows skipped; a file whose first row does not name ``columns``
    in that order, or with no rows, or more than ``max_rows``, is refused."""
    raw = _raw(content)
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    header = [h.strip().lower() for h in raw[0]]
    if [h for h in header if h] != list(columns):
        raise DomainError(
            _("The first row names the columns: %(columns)s.") % {"columns": ", ".join(columns)}, field="file"
        )
    rows = [
        (number, {k: (values[i] if i < len(values) else "") for i, k in enumerate(header) if k})
        for number, values in enumerate(raw[1:], start=2)
        if any(values)
    ]
    if not rows:
        raise DomainError(_("The file has no rows."), field="file")
    if len(rows) > max_rows:
        raise DomainError(_("The file has more than %(n)d rows.") % {"n": max_rows}, field="file")
    return rows
