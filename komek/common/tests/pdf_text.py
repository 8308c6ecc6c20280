"""The text of a PDF as a test reads it: pypdf's extraction, spaces of every width taken out, so that
``Ахметов Нурлан`` and ``26 510`` are found however the printout spaced them."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() or "" for page in reader.pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shows(content: bytes, *needles: object) -> list[str]:
    """The needles (their text, spaces taken out) the PDF does not show."""
    text = squeezed(pdf_text(content))
    return [str(n) for n in needles if squeezed(str(n)) not in text]
