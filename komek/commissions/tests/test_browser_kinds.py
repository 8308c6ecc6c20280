"""In the browser: the commission's secretary opens the commission on home-front work experience from
the menu, finds a person by IIN, opens a case with the documents examined, records a meeting held,
decides the case at it, and sees the year's figures count it.

Drives Debian's chromium through Playwright against the live test server."""

from __future__ import annotations

import datetime as dt
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
PASSWORD = "Browser-tests-pass-7714"
POSITIVE = "tr[data-code='commissions.kind.work_experience.positive'] td"


@pytest.fixture
def town(transactional_db: None) -> Iterator[str]:
    """A secretary of the commissions of Balkhash and a woman of the town born in 1928; the
    territorial units loaded again (a transactional test before may have flushed them)."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()
    user_create(
        actor=system("tests"), username="commission_secretary", password=PASSWORD,
        role=Role.COMMISSION_MEMBER, units=["351600000"],
    )  # fmt: skip
    born = dt.date(1928, 5, 2)
    iin = next(i for i in (make_iin(born, "female", n) for n in range(100, 200)) if i)  # type: ignore[arg-type]
    person_create(
        actor=system("tests"), iin=iin, surname="Бекмуханова", name="Бибигуль", birth_date=born, sex="female",
        kato="351610000",
    )  # fmt: skip
    yield iin


def test_open_a_case_decide_it_and_see_the_figure(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    town: str,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base, today = live_server.url, timezone.localdate().isoformat()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "commission_secretary")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/commissions/']")
    page.click("a[href='/commissions/figures/']")
    expect(page.locator(POSITIVE).nth(1)).to_have_text("0")

    page.click("a[href='/commissions/kinds/work_experience/']")
    page.fill("#lookup-iin", town)
    page.click("#lookup-form button[type=submit]")
    expect(page.locator("#lookup-result")).to_contain_text("Бекмуханова")
    page.fill("#id_period_from", "1942-01-01")
    page.fill("#id_period_to", "1945-05-09")
    page.fill("#id_place", "Прибалхашстрой")
    page.select_option("#id_doc1_kind", "archive")
    page.fill("#id_doc1_reference", "Архивная справка № 12")
    page.click("#case-form button[type=submit]")
    expect(page.locator("#documents tbody tr")).to_have_count(1)

    page.click("a[href='/commissions/kinds/work_experience/']")
    page.fill("#id_date", today)
    page.click("#meeting-form button[type=submit]")
    page.click("a[href='/commissions/kinds/work_experience/']")
    page.click("#cases a:has-text('ТС-')")
    page.select_option("#id_decision", "positive")
    page.fill("#id_established_from", "1942-01-01")
    page.fill("#id_established_to", "1945-05-09")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#decision")).to_contain_text("01.01.1942")
    page.screenshot(path=str(screenshots / "commission-case.png"), full_page=True)

    page.click("a[href='/commissions/figures/']")
    expect(page.locator(POSITIVE).nth(1)).to_have_text("1")
    context.close()
