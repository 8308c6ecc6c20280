"""In the browser: a citizen signs in on /my/ with the code from the outbox, applies online for
targeted social assistance, the department decides the case and pays it (through the services),
and the citizen sees the decision and the payment on the portal.

Drives Debian's chromium through Playwright against the live test server (each page checked by axe)."""

from __future__ import annotations

import re
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

from .conftest import last_code

pytestmark = pytest.mark.browser


@pytest.fixture
def town(
    transactional_db: None, household: Any, caseworker: Any, make_user: Any, social_contract: Any
) -> Any:
    """The household of Balkhash (with its signed social contract), its caseworker, the accountant and
    the head of the department."""
    from komek.accounts.choices import Role
    from komek.applications.services.catalogue import catalogue_load
    from komek.benefits.banks import banks_load

    catalogue_load()  # reference data a previous transactional test may have flushed
    banks_load()
    household.staff = {
        "caseworker": caseworker,
        "accountant": make_user(Role.ACCOUNTANT, username="p_accountant"),
        "head": make_user(Role.DEPARTMENT_HEAD, username="p_head"),
    }
    return household


def test_a_citizen_applies_online_and_sees_the_decision_and_the_payment(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    town: Any,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    from komek.applications.models import Application
    from komek.applications.services.cases import application_calculate, application_verify
    from komek.applications.services.decisions import application_decide, default_period
    from komek.benefits.models import Assignment
    from komek.payments.services.approval import payroll_approve
    from komek.payments.services.run import payroll_run

    base = live_server.url
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")  # a phone
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/my/")
    page.wait_for_url(f"{base}/my/sign-in/")
    page.fill("#id_iin", town.head.iin)
    page.click("#iin-form button[type=submit]")
    page.wait_for_url(f"{base}/my/sign-in/code/")
    page.fill("#id_code", last_code())
    page.click("#code-form button[type=submit]")
    page.wait_for_url(f"{base}/my/")
    expect(page.locator("#members")).to_contain_text(town.child.full_name)

    page.click("#applications a[href='/my/services/']")
    page.wait_for_url(f"{base}/my/services/")
    page.click("#services a[href='/my/services/tsa/']")
    expect(page.locator("#taken")).to_be_visible()  # the state databases' documents are not asked
    for code in ("application", "incomes", "bank_account"):
        page.check(f"#apply-form input[value='{code}']")
    page.fill("#id_bank_bic", "HSBKKZKX")
    page.fill("#id_iban", "KZ20601KZT5004100100")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/my/applications/\d+/$"))
    expect(page.locator("#status")).to_contain_text("На рассмотрении")  # the citizen's language: Russian
    app = Application.objects.get()
    assert page.url.endswith(f"/my/applications/{app.pk}/") and app.channel == "portal"

    # The department works the case and pays it, through its services.
    staff = town.staff
    app = application_verify(actor=staff["caseworker"], application_id=app.pk, version=app.version,
                             documents=app.documents, incomes_checked=True)  # fmt: skip
    app = application_calculate(actor=staff["caseworker"], application_id=app.pk, version=app.version)
    start, end = default_period(app)
    application_decide(actor=staff["caseworker"], application_id=app.pk, version=app.version,
                       decision="assign", amount=app.calculated_amount, period_start=start, period_end=end,
                       social_contract_ref="SK-3516-7")  # fmt: skip
    assignment = Assignment.objects.get(application_id=app.pk)
    payrolls = payroll_run(
        actor=staff["accountant"], month=assignment.period_start, programme=assignment.programme
    )
    payroll_approve(actor=staff["head"], payroll_id=payrolls[0].pk)

    page.reload()
    expect(page.locator("#decision")).to_contain_text(f"{app.calculated_amount}")
    expect(page.locator("#payment-lines")).to_contain_text(assignment.bank.name)
    expect(page.locator("#payment-lines")).to_contain_text(f"{assignment.period_start:%m.%Y}")
    page.screenshot(path=str(screenshots / "portal-application.png"), full_page=True)
    page.goto(f"{base}/my/")
    expect(page.locator("#payments")).to_contain_text(assignment.bank.name)
    context.close()
