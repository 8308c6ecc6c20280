"""In the browser: the caseworker scans the town, opens the household found entitled to TSA, reads
why, sends the offer and records the family's consent; the outbox shows the message.

Drives Debian's chromium through Playwright against the live test server (each page checked by axe)."""

from __future__ import annotations

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
def town(transactional_db: None, phoned: Any) -> Any:
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.applications.services.catalogue import catalogue_load

    catalogue_load()  # a transactional test before this one on the worker may have flushed it
    user_create(
        actor=system("tests"), username="pa_caseworker", password=PASSWORD, role=Role.CASEWORKER,
        units=["351600000"],
    )  # fmt: skip
    return phoned


def test_scan_offer_and_consent(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    town: Any,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "pa_caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/proactive/']")
    page.select_option("#id_kato", "351600000")
    page.fill("#id_month", f"{timezone.localdate():%Y-%m}")
    page.click("#scan-form button[type=submit]")
    expect(page.locator("#proactive-figures")).to_contain_text("Адресная социальная помощь")
    page.select_option("#id_programme", "tsa")
    page.click("#worklist-filter button[type=submit]")
    page.click(f"#worklist a:has-text('{town.head.full_name}')")
    expect(page.locator("#explanation")).to_contain_text("Выполнено:")
    page.click("#offer-form button[type=submit]")
    expect(page.locator("#item-status")).to_have_text("Предложено")
    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("#consent-form button[type=submit]")
    refused = page.locator(".alert-error").all_inner_texts()
    assert not refused, refused  # a refused consent says why
    expect(page.locator("#item-status")).to_have_text("Согласие получено")
    page.screenshot(path=str(screenshots / "proactive-item.png"), full_page=True)
    page.goto(f"{base}/proactive/outbox/")
    expect(page.locator("#outbox")).to_contain_text("+77015550101")
    context.close()
