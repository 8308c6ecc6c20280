"""A category payment in the browser: selection, review, approval, the month's payroll, the bank file.

Drives Debian's chromium through Playwright against the live test server; the downloaded pain.001
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
ALMATY = "750000000"
ALMALY = "751110000"


@pytest.fixture
def almaty_veterans(transactional_db: None) -> Iterator[dict[str, str]]:
    """Almaty staff and three veterans of Almaly; two were paid before, so their accounts are known."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.benefits.iban import make_iban
    from komek.benefits.services import assignment_create
    from komek.common.kato import kato_load
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create
    from komek.registry.services.statuses import status_add

    kato_load()
    banks_load()
    users = {
        name: user_create(
            actor=system("tests"), username=f"browser_{name}", password=PASSWORD, role=role, units=[ALMATY]
        )
        for name, role in (
            ("head", Role.DEPARTMENT_HEAD),
            ("head2", Role.DEPARTMENT_HEAD),
            ("accountant", Role.ACCOUNTANT),
            ("registrar", Role.REGISTRAR),
            ("caseworker", Role.CASEWORKER),
        )
    }
    iins = {}
    for n, category in enumerate(("wwii_participant", "home_front", "home_front")):
        person = person_create(
            actor=users["registrar"],
            iin=valid_iin(dt.date(1925 + n, 5, 9), "male"),
            surname="Жумабаев",
            name=f"Ерлан{'абв'[n]}",
            kato=ALMALY,
        )
        family = family_create(
            actor=users["registrar"],
            members=[MemberSpec(person=person, relation="head")],
            kato=ALMALY,
            valid_from=dt.date(2010, 1, 1),
        )
        status_add(
            actor=users["registrar"],
            person=person,
            kind="veteran",
            subtype=category,
            valid_from=dt.date(2000, 1, 1),
        )
        if n < 2:
            assignment_create(
                actor=users["caseworker"],
                programme="almaty.war_veterans",
                family_id=None,
                person_id=person.pk,
                recipient_id=person.pk,
                kind="regular",
                monthly_amount=18000,
                period_start=dt.date(2020, 1, 1),  # the council's decision is in force from 2020
                period_end=dt.date(2020, 3, 31),
                bank_bic="HSBKKZKX",
                iban=make_iban("601", f"{n + 77:013d}"),
                basis=f"Решение {n + 1}",
            )
        iins[category if n < 2 else "moved"] = person.iin
        del family
    yield iins


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")


def _text(page: Any) -> str:
    return str(page.locator("main").inner_text()).replace("\u202f", " ").replace("\u00a0", " ")


def test_category_payment_from_selection_to_the_bank_file(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    almaty_veterans: dict[str, str],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A head selects the Victory Day list, excludes a person with a reason, another head approves it,
    the accountant prepares May's payroll, the head approves it and downloads a valid pain.001."""
    from komek.payments import registries

    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_head")
    page.click("nav.mainnav a[href='/category-payments/']")
    page.select_option("#id_programme", "almaty.victory_day")
    page.fill("#select-form #id_event_date", "2020-05-09")
    page.fill("#select-form #id_territory", ALMALY)
    page.click("#select-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/category-payments/\d+/$"))
    list_url = page.url
    assert page.locator("#included-count").inner_text() == "3"
    assert "1 100 000 ₸" in _text(page)  # 1,000,000 + 50,000 + 50,000
    row = page.locator(f"tr[data-iin='{almaty_veterans['moved']}']")
    row.locator("form[action$='/exclude/'] input[name=reason]").fill("Переехал в Астану в апреле")
    row.locator("form[action$='/exclude/'] button").click()
    expect(page.locator("#included-count")).to_have_text("2")
    assert "1 050 000 ₸" in _text(page)
    assert page.locator("form[action$='/approve/']").count() == 1
    page.screenshot(path=str(screenshots / "category-list-reviewed.png"), full_page=True)
    context.close()

    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_head2")
    page.goto(list_url)
    page.click("#approve-form button")
    expect(page.locator("#approve-form")).to_have_count(0)
    context.close()

    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_accountant")
    page.goto(f"{base}/payments/")
    page.fill("#id_month", "2020-05")
    page.select_option("#id_programme", "almaty.victory_day")
    page.click("#prepare-form button[type=submit]")
    page.wait_for_url(f"{base}/payments/")
    page.click("table.grid a[href^='/payments/']")
    page.wait_for_url(re.compile(r".*/payments/\d+/$"))
    payroll_url = page.url
    assert "1 050 000 ₸" in _text(page)
    context.close()

    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="ru-RU", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    sign_in(page, base, "browser_head")
    page.goto(payroll_url)
    status_before = page.locator("#payroll-status").inner_text()
    page.click("form[action$='/approve/'] button")
    expect(page.locator("#payroll-status")).not_to_have_text(status_before)
    with page.expect_download() as info:
        page.click("#banks a[href$='/pain001/']")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert registries.validate_file(path) == 2
    assert "<CtrlSum>1050000.00</CtrlSum>" in path.read_text(encoding="utf-8")
    page.screenshot(path=str(screenshots / "category-payroll-approved.png"), full_page=True)
    context.close()
