"""In the browser: the accountant enters an allocation, the head approves it; a payroll beyond it is
refused with the budget programme and the amount over; after an amendment the head approves the
payroll and the execution page shows it spent.

Drives Debian's chromium through Playwright against the live test server.
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
def prepared_payroll(transactional_db: None) -> Iterator[int]:
    """An accountant, a head and February 2020's TSA payroll of four families (86,000 tenge), prepared."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.benefits.banks import banks_load
    from komek.benefits.iban import make_iban
    from komek.benefits.services import assignment_create
    from komek.common.kato import kato_load
    from komek.payments.services import payroll_run
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create

    kato_load()
    banks_load()
    users = {
        role: user_create(
            actor=system("tests"), username=f"budget_{role}", password=PASSWORD, role=role, units=[BALKHASH]
        )
        for role in (Role.ACCOUNTANT, Role.DEPARTMENT_HEAD, Role.REGISTRAR, Role.CASEWORKER)
    }
    for n in range(4):
        person = person_create(
            actor=users[Role.REGISTRAR], iin=valid_iin(dt.date(1981 + n, 6, 11), "female"),
            surname="Сейтова", name=f"Айгуль{'абвг'[n]}", kato=BALKHASH_TOWN,
        )  # fmt: skip
        family = family_create(
            actor=users[Role.REGISTRAR], members=[MemberSpec(person=person, relation="head")],
            kato=BALKHASH_TOWN, valid_from=dt.date(2019, 1, 1),
        )  # fmt: skip
        assignment_create(
            actor=users[Role.CASEWORKER], programme="tsa", family_id=family.pk, person_id=None,
            recipient_id=person.pk, kind="tsa_unconditional", monthly_amount=20000 + n * 1000,
            period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 2, 29),
            bank_bic="HSBKKZKX", iban=make_iban("601", f"{n + 21:013d}"), basis=f"Решение {n + 1}",
        )  # fmt: skip
    yield payroll_run(actor=users[Role.ACCOUNTANT], month=dt.date(2020, 2, 1))[0].pk


def _sign_in(browser: Any, base: str, username: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")
    return context, page


def _text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text()).replace("\u202f", " ").replace("\u00a0", " ")


def _execution_spent(page: Any, base: str) -> str:
    page.goto(f"{base}/budget/execution/?year=2020&territory={BALKHASH}")
    return _text(page, "#execution tbody tr:first-child")


def test_allocation_guards_payroll_and_execution_follows(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    prepared_payroll: int,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """A local allocation of 70,000 against a payroll of 86,000 of Balkhash's co-financed TSA, 75,234
    of it local: refused, 5,234 over; amended by +20,000, the payroll is approved and the execution
    shows 75,234 spent of 90,000, 83.6 %; its charts are drawn, their tables showing February's
    86,000 (both sources) and the programme's 90,000 allocated."""
    base = live_server.url
    accountant, page = _sign_in(chromium, base, "budget_accountant")
    page.click("nav.mainnav a[href='/budget/execution/']")
    page.click("a[href='/budget/']")
    page.fill("#id_year", "2020")
    page.select_option("#id_programme", "451.005")
    page.select_option("#id_source", "local")
    page.fill("#id_territory", BALKHASH)
    page.fill("#id_amount", "70000")
    page.click("#allocation-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/budget/\d+/$"))
    allocation_url = page.url
    assert page.locator("#approve-form").count() == 0  # the accountant cannot approve

    head, head_page = _sign_in(chromium, base, "budget_department_head")
    head_page.goto(allocation_url)
    head_page.click("#approve-form button")
    head_page.wait_for_selector("#amendments")
    assert head_page.locator("#approve-form").count() == 0
    assert "0 ₸" in _execution_spent(head_page, base)
    head_page.goto(f"{base}/payments/{prepared_payroll}/")
    head_page.click("form[action$='/approve/'] button")
    head_page.wait_for_load_state()
    refusal = _text(head_page, "main")
    assert "451.005" in refusal and "70 000 ₸" in refusal and "превышение 5 234 ₸" in refusal
    head_page.screenshot(path=str(screenshots / "budget-payroll-refused.png"), full_page=True)

    page.goto(allocation_url)
    page.fill("#id_date", "2020-02-20")
    page.fill("#id_decision", "Maslikhat decision No. 45 of 2020-02-20")
    page.fill("#id_delta", "20000")
    page.click("#amend-form button[type=submit]")
    page.wait_for_selector("#amendments td:has-text('Maslikhat decision No. 45')")
    accountant.close()

    head_page.goto(f"{base}/payments/{prepared_payroll}/")
    head_page.click("form[action$='/approve/'] button")
    head_page.wait_for_load_state()
    assert head_page.locator("form[action$='/approve/']").count() == 0
    row = _execution_spent(head_page, base)
    assert "90 000 ₸" in row and "75 234 ₸" in row and re.search(r"83[.,]6%", row)
    # The charts: Chart.js drew both canvases, and the tables beside them hold the figures.
    for chart in ("execution-by-month", "execution-by-programme"):
        expect(head_page.locator(f"canvas[data-chart='{chart}-data'][data-drawn]")).to_have_count(1)
    table = "#execution-by-{}-caption ~ table tbody tr:nth-child({})"
    february = re.sub(r"\s", "", _text(head_page, table.format("month", 2)))
    assert february.startswith("02.2020") and "86000" in february  # both sources' parts
    programme = re.sub(r"\s", "", _text(head_page, table.format("programme", 1)))
    assert programme.startswith("451.005") and "90000" in programme and "86000" in programme
    head_page.screenshot(path=str(screenshots / "budget-execution.png"), full_page=True)
    head.close()
