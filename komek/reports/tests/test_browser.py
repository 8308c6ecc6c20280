"""The annual report in a real browser: the analyst opens the report of the year, follows TSA's
families to the records behind the figure, pages back, and downloads the DOCX."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from komek.registry.tests.test_browser import (  # noqa: F401
    PASSWORD,
    _audit_triggers_restored,
    audit_triggers_flushable,
    chromium,
    screenshots,
)
from komek.reports.tests.conftest import BALKHASH, YEAR, Year

pytestmark = pytest.mark.browser


def test_follow_a_figure_to_its_records_and_download_the_docx(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    year: Year,
    analyst: Any,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    base = live_server.url
    analyst.set_password(PASSWORD)  # the browser tests' password, typed into the login form
    analyst.save(update_fields=["password"])
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="en-US", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", analyst.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/reports/annual/?year={YEAR}&territory={BALKHASH}")
    figure = page.locator("tr[data-code='tsa.families'] td.value a")
    assert figure.inner_text().strip() == "1"
    figure.click()
    page.wait_for_url(re.compile(rf".*/reports/annual/{YEAR}/tsa\.families/\?territory={BALKHASH}$"))
    head = year.tsa_family.memberships.get(relation="head").person
    table = page.locator("table.records").inner_text()
    assert head.full_name in table and head.iin not in table
    page.screenshot(path=str(screenshots / "annual_figure_records.png"), full_page=True)

    page.locator("p.muted a").first.click()
    page.wait_for_url(re.compile(r".*/reports/annual/\?year=.*"))
    with page.expect_download() as caught:
        page.click("a.btn:text-is('DOCX')")
    saved = tmp_path / "report.docx"
    caught.value.save_as(str(saved))
    text = "\n".join(cell.text for t in Document(str(saved)).tables for row in t.rows for cell in row.cells)
    assert "60000" in text.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    context.close()
