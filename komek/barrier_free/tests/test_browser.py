"""In the browser: the rehabilitation specialist finds an object of the register, records its
passport and its adaptation, and sees the indicator of the year change.

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
def register(transactional_db: None) -> Iterator[None]:
    """A specialist of Balkhash and two objects: one certified accessible, one not yet certified."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.barrier_free.services import object_certify, object_register
    from komek.common.kato import kato_load

    kato_load()
    user = user_create(
        actor=system("tests"), username="bf_specialist", password=PASSWORD,
        role=Role.REHABILITATION_SPECIALIST, units=["351600000"],
    )  # fmt: skip
    library = object_register(
        actor=user,
        kato="351610000",
        name="Библиотека № 1",
        kind="culture",
        address="ул. Абая, 1",
        owner="Акимат",
    )
    object_certify(
        actor=user, object_id=library.pk, date=timezone.localdate().replace(day=1), finding="accessible"
    )
    object_register(
        actor=user,
        kato="351610000",
        name="Поликлиника № 2",
        kind="health",
        address="ул. Ленина, 2",
        owner="Акимат",
    )
    yield


def test_certify_adapt_and_see_the_indicator(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    register: None,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    today = timezone.localdate()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "bf_specialist")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    def indicator() -> Any:
        page.click("nav.mainnav a[href='/barrier-free/']")
        page.click("a[href='/barrier-free/figures/']")
        return page.locator("tr[data-code='barrier_free.indicator'] td").nth(1)

    expect(indicator()).to_have_text(re.compile(r"100[,.]0\s?%"))  # one object certified, accessible

    page.click("nav.mainnav a[href='/barrier-free/']")
    page.fill("#id_q", "Поликлиника")
    page.click("#object-filter button[type=submit]")
    page.click("#objects a:has-text('Поликлиника № 2')")
    page.fill("#id_date", today.replace(day=1).isoformat())
    page.select_option("#id_finding", "inaccessible")
    page.fill("#id_findings", "Нет пандуса, узкие двери")
    page.click("#certify-form button[type=submit]")
    expect(page.locator("#adapt-form")).to_be_visible()
    card = page.url
    expect(indicator()).to_have_text(re.compile(r"50[,.]0\s?%"))  # two certified, one accessible

    page.goto(card)
    page.fill("#id_works", "Пандус и расширение дверей")
    page.fill("#id_started", today.replace(day=1).isoformat())
    page.fill("#id_finished", today.isoformat())
    page.fill("#id_cost", "1200000")
    page.click("#adapt-form button[type=submit]")
    expect(page.locator("#object-state")).to_have_text("Адаптирован")
    page.screenshot(path=str(screenshots / "barrier-free-object.png"), full_page=True)
    expect(indicator()).to_have_text(re.compile(r"100[,.]0\s?%"))
    context.close()
