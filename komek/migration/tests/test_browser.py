"""In the browser: the employment counsellor opens migration from the menu, issues a permit for
foreign workers within the quota of category IV, sees a permit beyond what is left refused with the
category and the number left, and sees the figures count the permit.

Drives Debian's chromium through Playwright against the live test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    screenshots,  # noqa: F401
)

pytestmark = pytest.mark.browser
PASSWORD = "Browser-tests-pass-7715"
BIN = "100540012349"  # a valid BIN (registered in May 2010, a resident legal entity)


@pytest.fixture
def city(transactional_db: None) -> Iterator[None]:
    """An employment counsellor of Almaty (the KATO units loaded again: a transactional test before
    this one may have flushed them)."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.legislation import loader

    kato_load()
    loader.invalidate()
    user_create(
        actor=system("tests"), username="mig_counsellor", password=PASSWORD, role=Role.EMPLOYMENT_COUNSELLOR,
        units=["750000000"],
    )  # fmt: skip
    yield


def _permit(page: Any, workers: str) -> None:
    page.select_option("#permit_kato", "750000000")
    page.fill("#permit_employer", "ТОО «Алатау Девелопмент»")
    page.fill("#permit_employer_bin", BIN)
    page.select_option("#permit_category", "4")
    page.select_option("#permit_country", "CN")
    page.fill("#permit_workers", workers)
    page.fill("#permit_issued", "2020-03-02")
    page.fill("#permit_term_from", "2020-03-02")
    page.fill("#permit_term_to", "2021-03-01")
    page.fill("#permit_fee", "4500000")
    page.click("#permit-form button[type=submit]")


def test_issue_a_permit_within_the_quota_see_one_refused_beyond_it_and_the_figures(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    city: None,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "mig_counsellor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/migration/']")
    page.fill("#id_year", "2020")
    page.click("#year-form button[type=submit]")
    expect(page.locator("tr[data-code='migration.foreign.quota.4'] td").nth(1)).to_have_text("49")
    expect(page.locator("tr[data-code='migration.foreign.permits'] td").nth(1)).to_have_text("0")

    page.click("a[href='/migration/permits/']")
    _permit(page, "40")
    expect(page.locator("#permits tbody tr")).to_have_count(1)
    expect(page.locator("#permits")).to_contain_text("Алатау Девелопмент")

    _permit(page, "10")
    page.wait_for_load_state()
    refusal = page.locator("#permit-form .field.has-error p.error")
    expect(refusal).to_contain_text("IV")  # "Категория IV: осталось 9 из квоты 49 на 2020 год ..."
    expect(refusal).to_contain_text("9")
    expect(refusal).to_contain_text("49")
    expect(page.locator("#permits tbody tr")).to_have_count(1)
    page.screenshot(path=str(screenshots / "migration-permit-refused.png"), full_page=True)

    page.goto(f"{base}/migration/quota/?kato=750000000&year=2020")
    expect(page.locator("tr[data-category='4'] td").nth(3)).to_have_text("9")

    page.click("a[href='/migration/']")
    page.fill("#id_year", "2020")
    page.click("#year-form button[type=submit]")
    expect(page.locator("tr[data-code='migration.foreign.permits'] td").nth(1)).to_have_text("1")
    expect(page.locator("tr[data-code='migration.foreign.workers'] td").nth(1)).to_have_text("40")
    context.close()
