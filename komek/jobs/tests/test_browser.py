"""In the browser: the accountant runs a month's payroll in the background from the payroll page;
the job's page follows it (swapped in place while it runs) to done and links the payroll made.

A worker runs in the test process on the embedded filesystem broker (the same as ``make demo``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from komek.jobs.tests.broker import running_worker
from komek.payments.tests.test_browser import payroll_staff, sign_in  # noqa: F401
from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    screenshots,  # noqa: F401
)

pytestmark = pytest.mark.browser


def test_payroll_in_background_to_done(
    live_server: Any,
    settings: Any,
    tmp_path: Path,
    audit_triggers_flushable: None,  # noqa: F811
    payroll_staff: list[int],  # noqa: F811
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """Run in background → the job's page → done, with the payroll's link and its total."""
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    with running_worker(settings, "filesystem", tmp_path):
        sign_in(page, base, "browser_accountant")
        page.goto(f"{base}/payments/")
        page.fill("#id_month", "2020-02")
        page.select_option("#id_programme", "tsa")
        page.click("#run-background")
        page.wait_for_url(re.compile(r".*/jobs/\d+/$"))
        expect(page.locator("#job-state")).to_have_text(re.compile("Выполнено"))
    expect(page.locator("#job-progress")).to_have_attribute("value", "6")
    page.screenshot(path=str(screenshots / "job-done.png"), full_page=True)
    page.click("#job-links a")
    page.wait_for_url(re.compile(r".*/payments/\d+/$"))
    text = page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert "86 000 ₸" in text
    page.goto(f"{base}/jobs/")
    expect(page.locator("table.grid")).to_contain_text("Выполнено")
    context.close()
