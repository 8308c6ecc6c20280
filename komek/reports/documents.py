"""The annual report as files: XLSX (a sheet per section), PDF (fpdf2, DejaVu) and DOCX (python-docx,
which the department edits and signs). Pure rendering of an :class:`AnnualReport` already read."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from komek.common import pdf as pdf_tools
from komek.common import xlsx
from komek.reports.selectors import AnnualReport, Line
from komek.reports.selectors.statistics import Statistics, StatTable

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
#: Column widths of the PDF table in millimetres (A4 less the margins: 170).
PDF_WIDTHS = (62, 22, 22, 20, 22, 22)


def number(value: Decimal | int | None, *, signed: bool = False) -> str:
    """``1 234 567`` (a thin space between thousands), ``72.5``, or a dash for no value."""
    if value is None:
        return "—"
    text = f"{value:+,}" if signed else f"{value:,}"
    return text.replace(",", "\u202f")


def header(report: AnnualReport) -> list[str]:
    return [
        _("Figure"),
        str(report.year),
        str(report.year - 1),
        _("Change"),
        _("Plan"),
        _("Unit"),
    ]


def cells(line: Line) -> list[str]:
    f = line.figure
    return [
        f.label,
        number(f.value),
        number(f.previous),
        number(line.change, signed=True),
        number(f.plan),
        line.unit_name,
    ]


def title(report: AnnualReport) -> str:
    return _("Annual report for %(year)s: %(territory)s") % {
        "year": report.year,
        "territory": report.territory_name,
    }


def report_xlsx(report: AnnualReport) -> bytes:
    """A sheet per section: its title, the header and its figures as numbers."""
    with translation.override(report.language):
        book = Workbook()
        first = book.active
        assert first is not None
        book.remove(first)
        for section in report.sections:
            page = book.create_sheet(section.code[:31])
            page.append([section.title])
            page["A1"].font = Font(bold=True, size=13)
            page.append(header(report))
            for cell in page[2]:
                cell.font = Font(bold=True)
            for line in section.lines:
                f = line.figure
                page.append(
                    [
                        f.label,
                        _cell(f.value),
                        _cell(f.previous),
                        _cell(line.change),
                        _cell(f.plan),
                        line.unit_name,
                    ]
                )
            page.column_dimensions["A"].width = 70
            for column in "BCDEF":
                page.column_dimensions[column].width = 14
        return xlsx.to_bytes(book)


def _cell(value: Decimal | int | None) -> float | int | None:
    if isinstance(value, Decimal):
        return float(value)
    return value


def report_pdf(report: AnnualReport) -> bytes:
    """Title, then each section's table (its header repeated on every page it runs over)."""
    with translation.override(report.language):
        doc = pdf_tools.new_pdf()
        pdf_tools.paragraph(doc, title(report), bold=True, size=14, gap=4)
        for section in report.sections:
            pdf_tools.paragraph(doc, section.title, bold=True, size=12, gap=1)
            doc.set_font("DejaVu", size=8)
            with doc.table(
                col_widths=PDF_WIDTHS, text_align=("LEFT", *["RIGHT"] * 5), first_row_as_headings=True
            ) as table:
                _pdf_row(table, header(report))
                for line in section.lines:
                    _pdf_row(table, cells(line))
            doc.ln(4)
        return pdf_tools.output(doc)


def _pdf_row(table: object, values: Sequence[str]) -> None:
    row = table.row()  # type: ignore[attr-defined]
    for value in values:
        row.cell(value)


def report_docx(report: AnnualReport) -> bytes:
    """A Word document the department edits and signs: the title, each section's heading and table."""
    with translation.override(report.language):
        document = Document()
        style = document.styles["Normal"]
        style.font.size = Pt(10)  # type: ignore[attr-defined]
        document.add_heading(title(report), level=1)
        for section in report.sections:
            document.add_heading(section.title, level=2)
            table = document.add_table(rows=1, cols=6)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header(report), strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for line in section.lines:
                row = table.add_row().cells
                for cell, text in zip(row, cells(line), strict=True):
                    cell.text = text
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def statistics_xlsx(data: Statistics, table: StatTable) -> bytes:
    """One table of the statistics as a sheet: its title, the header (each period's measures) and
    a row per programme, kind, group or aid, its cells as numbers."""
    title = f"{table.title} — {data.territory_name}, {data.year}"
    book = xlsx.table_workbook(
        sheet=table.code[:31],
        title=title,
        header=["", *(heading for _n, _m, heading in table.columns)],
        rows=([row.label, *row.cells] for row in table.rows),
        widths={"A": 50},
    )
    return xlsx.to_bytes(book)
