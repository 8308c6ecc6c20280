"""An accountant prepares a month's payroll, a head approves it and downloads the bank registry.

Drives Debian's chromium through Playwright against the live test server. The downloaded pain.001
file is validated against the shipped XSD.
"""

from __future__ import annotations

import datetime as dt
import re
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
    valid_iin,
)

pytestmark = pytest.mark.browser
PASSWORD = "Browser-tests-pass-7713"
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"


@pytest.fixture
def payroll_staff(transactional_db: None) -> Iterator[list[int]]:
    """An accountant, a head, a caseworker and four TSA assignments of Balkhash families."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.benefits.iban import make_iban
    from komek.benefits.services import assignment_create
    from komek.common.kato import kato_load
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create

    kato_load()
    banks_load()
    users = {
        role: user_create(
            actor=system("tests"), username=f"browser_{role}", password=PASSWORD, role=role, units=[BALKHASH]
        )
        for role in (Role.ACCOUNTANT, Role.DEPARTMENT_HEAD, Role.REGISTRAR, Role.CASEWORKER)
    }
    ids = []
    for n in range(4):
        person = person_create(
            actor=users[Role.REGISTRAR], iin=valid_iin(dt.date(1980 + n, 5, 17), "female"),
            surname="Оспанова", name=f"Дана{'абвг'[n]}", kato=BALKHASH_TOWN,
        )  # fmt: skip
        family = family_create(
            actor=users[Role.REGISTRAR], members=[MemberSpec(person=person, relation="head")],
            kato=BALKHASH_TOWN, valid_from=dt.date(2019, 1, 1),
        )  # fmt: skip
        a = assignment_create(
            actor=users[Role.CASEWORKER], programme="tsa", family_id=family.pk, person_id=None,
            recipient_id=person.pk, kind="tsa_unconditional", monthly_amount=20000 + n * 1000,
            period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 3, 31),
            bank_bic="HSBKKZKX", iban=make_iban("601", f"{n + 1:013d}"), basis=f"Решение {n + 1}",
        )  # fmt: skip
        ids.append(a.pk)
    yield ids


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")


def test_accountant_prepares_head_approves_and_downloads(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    payroll_staff: list[int],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The whole month in the browser: prepare, approve (a different person), download, validate."""
    from komek.payments import registries

    base = live_server.url
    accountant = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = accountant.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_accountant")
    page.click("nav.mainnav a[href='/payments/']")
    page.fill("#id_month", "2020-02")
    page.select_option("#id_programme", "tsa")
    page.click("#prepare-form button[type=submit]")
    page.wait_for_url(f"{base}/payments/")
    page.click("table.grid a[href^='/payments/']")
    page.wait_for_url(re.compile(r".*/payments/\d+/$"))
    payroll_url = page.url
    text = page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert "86 000 ₸" in text  # 20,000 + 21,000 + 22,000 + 23,000
    assert page.locator("form[action$='/approve/']").count() == 0  # the accountant cannot approve
    page.screenshot(path=str(screenshots / "payroll-prepared.png"), full_page=True)
    accountant.close()

    head = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="ru-RU", accept_downloads=True
    )
    page = head.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_department_head")
    page.goto(payroll_url)
    status_before = page.locator("#payroll-status").inner_text()
    page.click("form[action$='/approve/'] button")
    expect(page.locator("#payroll-status")).not_to_have_text(status_before)
    assert page.locator("form[action$='/approve/']").count() == 0
    with page.expect_download() as info:
        page.click("#banks a[href$='/pain001/']")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith("-HSBKKZKX.xml")
    assert registries.validate_file(path) == 4
    assert "<CtrlSum>86000.00</CtrlSum>" in path.read_text(encoding="utf-8")
    with page.expect_download() as info:
        page.click("#banks a[href$='/csv/']")
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 5
    page.screenshot(path=str(screenshots / "payroll-approved.png"), full_page=True)
    head.close()
