"""In the browser: the registrar opens the award case of a mother of six by her IIN, records the
sending of the documents and the decree that awards the «Күміс алқа» pendant.

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
BOYS = ("Ерлан", "Асан", "Дамир", "Нурлан", "Арман", "Тимур")


@pytest.fixture
def mother(transactional_db: None) -> Iterator[str]:
    """A registrar of Balkhash and a mother heading a family of six children; yields her IIN."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.iin import make_iin
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create

    kato_load()
    user = user_create(
        actor=system("tests"), username="awards_registrar", password=PASSWORD, role=Role.REGISTRAR,
        units=["351600000"],
    )  # fmt: skip

    def person(surname: str, name: str, born: dt.date, sex: Any, serial: int) -> Any:
        iin = next(i for s in range(serial, serial + 50) if (i := make_iin(born, sex, s)))
        return person_create(
            actor=user, iin=iin, surname=surname, name=name, birth_date=born, sex=sex, kato="351610000"
        )

    head = person("Омарова", "Сауле", dt.date(1975, 4, 2), "female", 1000)
    kids = [person("Омаров", BOYS[n], dt.date(2000 + n, 1, 5), "male", 2000 + 60 * n) for n in range(6)]
    family_create(
        actor=user, kato="351610000", valid_from=dt.date(2010, 1, 1),
        members=[MemberSpec(head, "head"), *(MemberSpec(k, "child") for k in kids)],
    )  # fmt: skip
    yield head.iin


def test_open_send_and_record_the_decree(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    mother: str,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    day = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "awards_registrar")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.click("nav.mainnav a[href='/awards/figures/']")
    page.click("nav.subnav a[href='/awards/']")
    page.fill("#open-form #id_iin", mother)
    page.select_option("#open-form #id_grade", "kumis")
    page.fill("#open-form #id_opened_on", day)
    page.click("#open-form button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("Документы подготовлены")

    page.fill("#id_sent_on", day)
    page.select_option("#id_addressee", "akimat")
    page.click("#send-form button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("Документы направлены")

    page.fill("#id_decision_on", day)
    page.select_option("#id_decision", "granted")
    page.fill("#id_decree", "1234")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#case-status")).to_have_text("Награждена указом")
    expect(page.locator("#case-decision")).to_contain_text("1234")
    expect(page.locator("#present-form")).to_be_visible()
    page.screenshot(path=str(screenshots / "awards-case.png"), full_page=True)
    context.close()
