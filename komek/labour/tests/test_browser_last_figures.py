"""In the browser: a labour officer of Almaty records, through the pages, the figures ADR 0058 added —
a monthly survey with a partial stoppage, a fine under the wage article, a wage arrear at a bankrupt
enterprise and a permit for foreign workers from a country — and reads each figure on the figures
pages before and after each record, exactly.

Drives Debian's chromium through Playwright against the live test server."""

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
)

pytestmark = pytest.mark.browser
PASSWORD = "Browser-tests-pass-7719"
ALMATY, ALMALY, YEAR = "750000000", "751110000", 2020
LABOUR = f"/labour/figures/?kato={ALMATY}&year={YEAR}"
MIGRATION = f"/migration/?kato={ALMATY}&year={YEAR}"


@pytest.fixture
def almaty_enterprise(transactional_db: None) -> Iterator[Any]:
    """A labour officer of Almaty (the employment counsellor's role) and an enterprise already
    holding what the year had before: November's survey with 4 idle through a partial stoppage, a
    fine under article 86 (not a wage article), an arrear of a solvent enterprise, and a permit for
    30 workers from Uzbekistan."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.employment.bin import make_bin
    from komek.labour.services import arrear_record, enterprise_register, inspection_record, survey_record
    from komek.legislation import loader
    from komek.migration.services.labour import permit_issue

    kato_load()  # a transactional test before this one may have flushed the reference data
    loader.invalidate()
    user = user_create(
        actor=system("tests"), username="labour_officer", password=PASSWORD,
        role=Role.EMPLOYMENT_COUNSELLOR, units=[ALMATY],
    )  # fmt: skip
    enterprise = enterprise_register(
        actor=user, bin=make_bin(2006, 4, 7719), name="ТОО «Алатау Текстиль»", kato=ALMALY, staff=320
    )
    survey_record(
        actor=user, enterprise_id=enterprise.pk, month=dt.date(YEAR, 11, 1), staff=320, hired=2, quit=1,
        stoppage=4,
    )  # fmt: skip
    inspection_record(
        actor=user, enterprise_id=enterprise.pk, date=dt.date(YEAR, 3, 12), kind="planned", orders=1,
        violations=["ст. 182"], fines=[{"article": "ст. 86 ч. 1", "amount": 120_250}],
    )  # fmt: skip
    arrear_record(
        actor=user, enterprise_id=enterprise.pk, recorded_on=dt.date(YEAR, 2, 10), workers=9, amount=800_000,
        bankrupt=False,
    )  # fmt: skip
    permit_issue(
        actor=user, kato=ALMATY, employer="ТОО «Алатау Текстиль»", employer_bin=enterprise.bin, category="4",
        country="UZ", workers=30, issued=dt.date(YEAR, 2, 3), term_from=dt.date(YEAR, 2, 3),
        term_to=dt.date(YEAR + 1, 2, 2), fee=3_000_000,
    )  # fmt: skip
    yield enterprise


def _value(page: Any, code: str) -> Any:
    return page.locator(f"tr[data-code='{code}'] td.num")


def _tenge(amount: str) -> re.Pattern[str]:
    """A sum as the pages print it, its groups of thousands apart: "3 500 000 ₸"."""
    return re.compile(r"^\s*" + r"\s".join(amount.split()) + r"\s₸\s*$")


def _labour(page: Any, base: str, **expected: str) -> None:
    """The labour figures page of Almaty's 2020, each figure (``a__b`` for ``a.b``) exactly as given."""
    page.goto(base + LABOUR)
    for code, value in expected.items():
        want = _tenge(value.removesuffix(" ₸")) if value.endswith("₸") else value
        expect(_value(page, code.replace("__", "."))).to_have_text(want)


def _shares(page: Any, base: str, **expected: str | None) -> None:
    page.goto(base + MIGRATION)
    for country, share in expected.items():
        row = page.locator(f"tr[data-code='migration.foreign.country.{country}.share'] td.num")
        if share is None:
            expect(row).to_have_count(0)
        else:
            expect(row).to_have_text(share)


def test_a_labour_officer_records_the_last_figures_and_watches_each_change(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    almaty_enterprise: Any,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """Each record through the pages moves its figure by exactly what it holds, and nothing beside it."""
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(30_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "labour_officer")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    def card() -> None:
        page.goto(f"{base}/")
        page.click("nav.mainnav a[href='/labour/']")
        page.click("#enterprises a:has-text('Алатау Текстиль')")

    # 1. December's survey: the stoppage is a state, read from the year's last survey (4, then 7).
    _labour(page, base, labour_market__stoppage="4", labour_market__surveyed="1", labour_market__staff="320")
    card()
    page.fill("#id_survey-month", f"{YEAR}-12-01")
    for field, value in {"staff": "321", "hired": "3", "quit": "2", "stoppage": "7"}.items():
        page.fill(f"#id_survey-{field}", value)
    page.click("#survey-form button[type=submit]")
    expect(page.locator("#surveys tbody tr")).to_have_count(2)
    _labour(page, base, labour_market__stoppage="7", labour_market__surveyed="1", labour_market__staff="321")

    # 2. A fine under article 87 is a fine for late wages; the one under article 86 was not.
    _labour(
        page, base, labour__fines="1", labour__fines__amount="120 250 ₸",
        labour__fines__wages__enterprises="0", labour__fines__wages__amount="0 ₸",
    )  # fmt: skip
    card()
    page.fill("#id_inspection-date", f"{YEAR}-09-15")
    page.select_option("#id_inspection-kind", "unplanned")
    page.fill("#id_inspection-violations", "ст. 113")
    page.fill("#id_inspection-orders", "1")
    page.fill("#id_inspection-fine_article", "ст. 87 ч. 1")
    page.fill("#id_inspection-fine_amount", "240500")
    page.click("#inspection-form button[type=submit]")
    expect(page.locator("#inspections")).to_contain_text("ст. 87")
    _labour(
        page, base, labour__fines="2", labour__fines__amount="360 750 ₸",
        labour__fines__wages__enterprises="1", labour__fines__wages__amount="240 500 ₸",
    )  # fmt: skip

    # 3. An arrear at a bankrupt enterprise: the bankrupt figures take it, the current ones do not.
    _labour(
        page, base, labour__arrears__bankrupt__amount="0 ₸", labour__arrears__bankrupt__workers="0",
        labour__arrears__bankrupt__enterprises="0", labour__arrears__current__amount="800 000 ₸",
        labour__arrears__outstanding="800 000 ₸",
    )  # fmt: skip
    card()
    page.fill("#id_arrear-recorded_on", f"{YEAR}-10-05")
    page.fill("#id_arrear-workers", "12")
    page.fill("#id_arrear-amount", "3500000")
    page.check("#id_arrear-bankrupt")
    page.click("#arrear-form button[type=submit]")
    expect(page.locator("#arrears tbody tr")).to_have_count(2)
    page.screenshot(path=str(screenshots / "labour-last-figures-card.png"), full_page=True)
    _labour(
        page, base, labour__arrears__bankrupt__amount="3 500 000 ₸", labour__arrears__bankrupt__workers="12",
        labour__arrears__bankrupt__enterprises="1", labour__arrears__current__amount="800 000 ₸",
        labour__arrears__outstanding="4 300 000 ₸",
    )  # fmt: skip
    page.screenshot(path=str(screenshots / "labour-last-figures.png"), full_page=True)

    # 4. A permit for 10 workers from China beside the 30 from Uzbekistan: 25.0 and 75.0 per cent.
    _shares(page, base, UZ="100,0", CN=None)
    page.goto(f"{base}/")
    page.click("nav.mainnav a[href='/migration/']")
    page.click("a[href='/migration/permits/']")
    page.select_option("#permit_kato", ALMATY)
    page.fill("#permit_employer", "ТОО «Алатау Текстиль»")
    page.fill("#permit_employer_bin", almaty_enterprise.bin)
    page.select_option("#permit_category", "4")
    page.select_option("#permit_country", "CN")
    page.fill("#permit_workers", "10")
    page.fill("#permit_issued", f"{YEAR}-06-01")
    page.fill("#permit_term_from", f"{YEAR}-06-01")
    page.fill("#permit_term_to", f"{YEAR + 1}-05-31")
    page.fill("#permit_fee", "1000000")
    page.click("#permit-form button[type=submit]")
    expect(page.locator("#permits tbody tr")).to_have_count(2)
    _shares(page, base, UZ="75,0", CN="25,0")
    expect(page.locator("tr[data-code='migration.foreign.workers'] td.num")).to_have_text("40")
    page.screenshot(path=str(screenshots / "migration-country-shares.png"), full_page=True)
    context.close()
