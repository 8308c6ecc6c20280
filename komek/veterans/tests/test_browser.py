"""In the browser: the caseworker opens the veterans from the menu, finds a veteran of the list,
records a visit at home with its gift, and sees the year's figures count it.

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


@pytest.fixture
def town(transactional_db: None) -> Iterator[None]:
    """A caseworker of Balkhash and a participant of the war recorded at the start of the month."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create
    from komek.veterans.services import veteran_record

    kato_load()
    user = user_create(
        actor=system("tests"), username="vet_caseworker", password=PASSWORD, role=Role.CASEWORKER,
        units=["351600000"],
    )  # fmt: skip
    born = dt.date(1924, 4, 12)
    iin = next(i for i in (make_iin(born, "male", n) for n in range(100, 200)) if i)  # type: ignore[arg-type]
    person = person_create(
        actor=user, iin=iin, surname="Жумабаев", name="Бекет", birth_date=born, sex="male", kato="351610000"
    )
    veteran_record(
        actor=user,
        iin=person.iin,
        category="wwii_participant",
        recorded_on=timezone.localdate().replace(day=1),
    )
    yield


def test_record_a_visit_and_see_the_figures(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    town: None,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "vet_caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/veterans/figures/']")
    expect(page.locator("tr[data-code='veterans_work.wwii_participant'] td").nth(1)).to_have_text("1")
    expect(page.locator("tr[data-code='veterans_work.visits'] td").nth(1)).to_have_text("0")

    page.click("a[href='/veterans/']")
    page.fill("#id_q", "Жумабаев")
    page.click("#veteran-filter button[type=submit]")
    page.click("#veterans a:has-text('Жумабаев')")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.select_option("#id_occasion", "birthday")
    page.fill("#id_visitors", "Аким города")
    page.fill("#id_gift", "Памятный подарок и продуктовая корзина")
    page.fill("#id_gift_value", "20000")
    page.click("#visit-form button[type=submit]")
    expect(page.locator("#visits tbody tr")).to_have_count(1)
    expect(page.locator("#visits")).to_contain_text("Памятный подарок")
    page.screenshot(path=str(screenshots / "veteran-card.png"), full_page=True)

    page.click("a[href='/veterans/figures/']")
    expect(page.locator("tr[data-code='veterans_work.visits'] td").nth(1)).to_have_text("1")
    context.close()
