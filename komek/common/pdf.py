"""PDF documents with fpdf2 and the vendored DejaVu Sans (Cyrillic and the Kazakh letters)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "common" / "fonts"
# fpdf2 subsets the font with fontTools, which logs every step at INFO: not for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def new_pdf(*, compress: bool = True) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    return pdf


def paragraph(pdf: FPDF, text: str, *, bold: bool = False, size: int = 11, gap: float = 2) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def output(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


@dataclass(frozen=True)
class Line:
    """A paragraph of a printout: its text, weight, size and the space after it."""

    text: str
    bold: bool = False
    size: int = 11
    gap: float = 2


def printout(title: str, lines: Iterable[Line], *, compress: bool = True) -> bytes:
    """A printout staff hand over (a referral, a statement, a case file, an extract): its title, then
    its paragraphs, on A4 in DejaVu Sans."""
    pdf = new_pdf(compress=compress)
    pdf.set_title(title)
    for line in lines:
        paragraph(pdf, line.text, bold=line.bold, size=line.size, gap=line.gap)
    return output(pdf)


def pdf_language(language: str) -> str:
    """The language a printout for a person is written in: theirs, Russian when unknown."""
    return language if language in ("kk", "ru", "en") else "ru"
