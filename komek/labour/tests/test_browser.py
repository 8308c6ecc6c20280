"""In the browser: the employment counsellor records an inspection with a violation and a fine, a wage
arrear and its repayment on an enterprise's card, is refused a repayment above the arrear, and sees
each figure of the year change.

Drives Debian's chromium through Playwright against the live test server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    screenshots,  # noqa: F401
)

pytestmark = pytest.mark.browser
PASSWORD = "Browser-tests-pass-7713"


@pytest.fixture
def enterprise(transactional_db: None) -> Iterator[Any]:
    """An employment counsellor of Balkhash and an enterprise of the town."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.employment.bin import make_bin
    from komek.labour.services import enterprise_register

    kato_load()  # a transactional test before this one may have flushed the reference data
    user = user_create(
        actor=system("tests"), username="labour_counsellor", password=PASSWORD,
        role=Role.EMPLOYMENT_COUNSELLOR, units=["351600000"],
    )  # fmt: skip
    yield enterprise_register(
        actor=user, bin=make_bin(2004, 5, 4321), name="ТОО «Балхаш Жөндеу»", kato="351610000", staff=80
    )


def _figure(page: Any, code: str) -> Any:
    return page.locator(f"tr[data-code='{code}'] td.num")


def test_inspection_fine_arrear_repayment_and_the_figures(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    enterprise: Any,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    today = timezone.localdate()
    figures = f"{base}/labour/figures/?kato=351600000&year={today.year}"
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(30_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "labour_counsellor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(figures)
    expect(_figure(page, "labour.violations")).to_have_text("0")
    expect(_figure(page, "labour.arrears.repaid")).to_have_text(re.compile(r"^\s*0\s₸\s*$"))

    page.click("nav.mainnav a[href='/labour/']")
    page.click("#enterprises a:has-text('Балхаш Жөндеу')")
    page.fill("#id_inspection-date", today.isoformat())
    page.select_option("#id_inspection-kind", "unplanned")
    page.fill("#id_inspection-violations", "ст. 113")
    page.fill("#id_inspection-orders", "1")
    page.fill("#id_inspection-fine_article", "ст. 87 ч. 1")
    page.fill("#id_inspection-fine_amount", "240500")
    page.click("#inspection-form button[type=submit]")
    expect(page.locator("#inspections")).to_contain_text("ст. 113")

    page.fill("#id_arrear-recorded_on", today.isoformat())
    page.fill("#id_arrear-workers", "12")
    page.fill("#id_arrear-amount", "1100000")
    page.click("#arrear-form button[type=submit]")
    expect(page.locator("#arrears")).to_contain_text("12")

    page.fill("#id_repayment-date", today.isoformat())
    page.fill("#id_repayment-amount", "1100001")
    page.click("#repayment-form button[type=submit]")
    expect(page.locator("#repayment-form")).to_contain_text(re.compile(r"1\s100\s000"))
    page.fill("#id_repayment-date", today.isoformat())
    page.fill("#id_repayment-amount", "600000")
    page.click("#repayment-form button[type=submit]")
    expect(page.locator("#arrears")).to_contain_text(re.compile(r"500\s000"))
    page.screenshot(path=str(screenshots / "labour-enterprise.png"), full_page=True)

    page.goto(figures)
    expect(_figure(page, "labour.violations")).to_have_text("1")
    expect(_figure(page, "labour.fines")).to_have_text("1")
    expect(_figure(page, "labour.fines.amount")).to_contain_text(re.compile(r"240\s500"))
    expect(_figure(page, "labour.arrears.amount")).to_contain_text(re.compile(r"1\s100\s000"))
    expect(_figure(page, "labour.arrears.repaid")).to_contain_text(re.compile(r"600\s000"))
    expect(_figure(page, "labour.arrears.outstanding")).to_contain_text(re.compile(r"500\s000"))
    page.screenshot(path=str(screenshots / "labour-figures.png"), full_page=True)
    context.close()
