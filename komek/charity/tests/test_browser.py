"""In the browser: the caseworker opens charity from the menu, opens a campaign, records a child's help
in kind found by IIN, and sees the year's figures count the child.

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
CHILD_IIN: list[str] = []


@pytest.fixture
def town(transactional_db: None) -> Iterator[None]:
    """A caseworker of Balkhash, a fund, a campaign of this month and a child of the registry."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.charity.services import campaign_record, partner_record
    from komek.common.kato import kato_load
    from komek.employment.bin import make_bin
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()  # reference data a previous transactional test may have flushed
    user = user_create(
        actor=system("tests"), username="charity_caseworker", password=PASSWORD, role=Role.CASEWORKER,
        units=["351600000"],
    )  # fmt: skip
    today = timezone.localdate()
    born = today.replace(year=today.year - 9, day=1)
    iin = next(i for i in (make_iin(born, "female", n) for n in range(100, 200)) if i)  # type: ignore[arg-type]
    person_create(
        actor=user,
        iin=iin,
        surname="Серикова",
        name="Аружан",
        birth_date=born,
        sex="female",
        kato="351610000",
    )
    CHILD_IIN[:] = [iin]
    fund = partner_record(
        actor=user, kind="fund", name="Фонд «Доброе сердце»", bin=make_bin(2010, 5, 123), kato="351610000",
        registered_on=today - dt.timedelta(days=40),
    )  # fmt: skip
    campaign_record(
        actor=user, kind="campaign", title="Акция «Дорога в школу»", kato="351610000",
        started=today - dt.timedelta(days=20), ended=today + dt.timedelta(days=10), target_group="children",
        partners=[fund.pk],
    )  # fmt: skip
    yield


def test_record_help_in_kind_and_see_the_figures(
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
    page.fill("#id_username", "charity_caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/charity/']")
    expect(page.locator("tr[data-code='charity.children'] td").nth(1)).to_have_text("0")
    expect(page.locator("tr[data-code='charity.campaigns'] td").nth(1)).to_have_text("1")

    page.click("a[href='/charity/campaigns/']")
    page.click("#campaigns a:has-text('Дорога в школу')")
    page.fill("#id_iin", CHILD_IIN[0])
    page.select_option("#id_item", "clothes")
    page.fill("#id_description", "Школьная форма")
    page.fill("#id_quantity", "2")
    page.fill("#id_value", "-5")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.click("#help-form button[type=submit]")
    expect(page.locator("#help-form")).to_contain_text("отрицательн")  # refused on the value's field
    page.fill("#id_value", "18000")
    page.click("#help-form button[type=submit]")
    expect(page.locator("#lines tbody tr")).to_have_count(1)
    expect(page.locator("#lines")).to_contain_text("Школьная форма")
    page.screenshot(path=str(screenshots / "charity-campaign.png"), full_page=True)

    page.click("a[href='/charity/']")
    expect(page.locator("tr[data-code='charity.children'] td").nth(1)).to_have_text("1")
    context.close()
