"""In the browser: the social worker registers a person at a family centre by IIN, is refused a
service to a person not registered, records a service and sees it counted in the year's figures.

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
PASSWORD = "Browser-tests-pass-7713"


@pytest.fixture
def centre(transactional_db: None) -> Iterator[dict[str, Any]]:
    """A social worker of Balkhash, a family centre and two persons of the town."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.centres.services import centre_create
    from komek.common.kato import kato_load
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()
    user = user_create(
        actor=system("tests"), username="centre_worker", password=PASSWORD, role=Role.CASEWORKER,
        units=["351600000"],
    )  # fmt: skip
    found = centre_create(
        actor=user, kato="351610000", kind="family", name="Бақытты отбасы Балхаш", address="ул. Ленина, 12"
    )
    iins = [make_iin(dt.date(1985, 3, 14), "female", n) for n in (2101, 2102)]
    for iin, surname in zip(iins, ("Ахметова", "Бекова"), strict=True):
        assert iin is not None
        person_create(actor=system("tests"), iin=iin, surname=surname, name="Айгуль", kato="351610000")
    yield {"centre": found, "iins": iins}


def test_register_serve_and_count(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    centre: dict[str, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    today = timezone.localdate()
    first, second = centre["iins"]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "centre_worker")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/centres/']")
    page.click("#centres a:has-text('Бақытты отбасы Балхаш')")
    page.fill("#id_register-iin", first)
    page.fill("#id_register-date", today.isoformat())
    page.click("#register-form button[type=submit]")
    expect(page.locator("#registrations")).to_contain_text(first)

    page.fill("#id_service-iin", second)
    page.fill("#id_service-date", today.isoformat())
    page.select_option("#id_service-kind", "legal")
    page.click("#service-form button[type=submit]")
    expect(page.locator("#service-form")).to_contain_text("не зарегистрировано")

    page.fill("#id_service-iin", first)
    page.fill("#id_service-date", today.isoformat())
    page.select_option("#id_service-kind", "psychological")
    page.check("#id_service-online")
    page.click("#service-form button[type=submit]")
    expect(page.locator("#registrations td.num").first).to_have_text("1")
    page.screenshot(path=str(screenshots / "centre.png"), full_page=True)

    page.click("a[href='/centres/']")
    page.click("a:has-text('Показатели года')")
    expect(page.locator("#centre-figures tfoot")).to_contain_text("1")
    context.close()
