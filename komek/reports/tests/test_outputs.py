"""The annual report's outputs: the command's JSON contract, the XLSX, PDF and DOCX files opened
with their libraries, and the page with its downloads."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from komek.common.models import AuditLog
from komek.reports import documents
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import ALMALY, BALKHASH, YEAR, Year

pytestmark = pytest.mark.django_db


def test_the_commands_json_contract(year: Year) -> None:
    """``komek report annual --format json``: exactly the documented keys, figures as numbers, and
    the labels in the language asked for; the export is audited as the system."""
    out = io.StringIO()
    call_command("report_annual", year=YEAR, territory=BALKHASH, fmt="json", language="ru", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"year", "territory", "sections"}
    assert (data["year"], data["territory"]) == (YEAR, BALKHASH)
    for section in data["sections"]:
        assert set(section) == {"code", "title", "figures"}
        for figure in section["figures"]:
            assert set(figure) == {"code", "label", "value", "unit", "previous", "plan"}
    tsa = next(s for s in data["sections"] if s["code"] == "tsa")
    families = next(f for f in tsa["figures"] if f["code"] == "tsa.families")
    assert families["value"] == 1 and families["unit"] == "families"
    assert families["label"] == "Семьи, получившие АСП"
    assert AuditLog.objects.filter(object_type="reports.annual", action="export").count() == 1


def test_the_command_refuses_a_bad_territory_naming_the_option(kato: None) -> None:
    """An unknown KATO code: one message naming ``--territory``, exit code 2, no report."""
    with pytest.raises(CommandError) as exc:
        call_command("report_annual", year=YEAR, territory="12345", fmt="json", stdout=io.StringIO())
    assert str(exc.value).startswith("--territory:") and exc.value.returncode == 2


def test_the_command_writes_a_file(year: Year, tmp_path: Path) -> None:
    """``--output FILE`` writes the DOCX there, a document python-docx opens."""
    target = tmp_path / "report.docx"
    call_command("report_annual", year=YEAR, territory=BALKHASH, fmt="docx", output=str(target))
    headings = [
        p.text
        for p in Document(str(target)).paragraphs
        if p.style is not None and str(p.style.name).startswith("Heading")
    ]
    assert headings[0].startswith(f"Годовой отчёт за {YEAR}")


def test_xlsx_pdf_and_docx_open_with_their_libraries(year: Year, analyst: Any) -> None:
    """Every section is a sheet of the workbook and a table of the DOCX; the PDF is a PDF with pages."""
    report = annual_report(actor=analyst, year=YEAR, territory=BALKHASH)
    book = load_workbook(io.BytesIO(documents.report_xlsx(report)))
    assert book.sheetnames == [s.code for s in report.sections]
    sheet = book["tsa"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Families that received TSA"] == 1 and rows["TSA paid"] == 60_000
    document = Document(io.BytesIO(documents.report_docx(report)))
    assert len(document.tables) == len(report.sections)
    tsa = [s.code for s in report.sections].index("tsa")
    assert document.tables[tsa].rows[1].cells[0].text == "Families that received TSA"
    content = documents.report_pdf(report)
    assert content.startswith(b"%PDF-") and content.count(b"/Type /Page\n") >= 2


def test_the_page_and_its_downloads(year: Year, analyst: Any, client: Client) -> None:
    """The analyst reads a table per section in Russian and downloads the DOCX; a bad year is shown
    on the page; another district's territory is refused."""
    client.force_login(analyst)
    page = client.get("/reports/annual/", {"year": str(YEAR), "territory": BALKHASH})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-code="tsa.families"' in html and "Семьи, получившие АСП" in html  # the user's language
    download = client.get("/reports/annual/", {"year": str(YEAR), "territory": BALKHASH, "format": "docx"})
    assert download["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert Document(io.BytesIO(download.content)).tables
    wrong = client.get("/reports/annual/", {"year": "twenty", "territory": BALKHASH})
    assert wrong.status_code == 400 and "Год должен быть числом" in wrong.content.decode()
    assert client.get("/reports/annual/", {"year": str(YEAR), "territory": ALMALY}).status_code == 403


def test_the_page_is_refused_to_a_role_without_the_report(client: Client, make_user: Any) -> None:
    """A registrar gets 403 at the report's address."""
    client.force_login(make_user("registrar", username="reg2"))
    assert client.get("/reports/annual/").status_code == 403
