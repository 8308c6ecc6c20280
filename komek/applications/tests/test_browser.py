"""One application through a real browser: the front office receives it, the caseworker verifies
and calculates it and sends it to the commission, the secretary convenes the meeting, votes, sets
the amount and signs the protocol, and the applicant's letter is downloaded.

Drives Debian's chromium through Playwright against the live test server (fixtures of the
registry's browser test); screenshots go to ``$KOMEK_SCREENSHOTS`` or a temporary directory.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from komek.accounts.policy import system
from komek.registry.tests.test_browser import PASSWORD, valid_iin

pytestmark = pytest.mark.browser
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"


@pytest.fixture
def department(transactional_db: None) -> dict[str, Any]:
    """The registrar, the caseworker and the commission's secretary of Balkhash, and a family."""
    from komek.accounts.choices import Role
    from komek.accounts.services import user_create
    from komek.applications.services.catalogue import catalogue_load
    from komek.benefits.banks import banks_load
    from komek.common.kato import kato_load
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create
    from komek.registry.services.statuses import status_add

    kato_load()
    catalogue_load()
    banks_load()
    users = {}
    for role, username, name in [
        (Role.REGISTRAR, "b_registrar", "Айгерим"),
        (Role.CASEWORKER, "b_caseworker", "Динара"),
        (Role.COMMISSION_MEMBER, "b_secretary", "Ержан"),
        (Role.ACCOUNTANT, "b_accountant", "Гульнара"),
        (Role.DEPARTMENT_HEAD, "b_head", "Бахыт"),
    ]:
        users[username] = user_create(actor=system("tests"), username=username, password=PASSWORD, role=role,
                                      units=[BALKHASH], first_name=name, last_name="Омарова")  # fmt: skip
    registrar = users["b_registrar"]
    today = timezone.localdate()
    head = person_create(actor=registrar, iin=valid_iin(dt.date(1979, 5, 4), "male"), surname="Жумабаев",
                         name="Серик", kato=BALKHASH_TOWN)  # fmt: skip
    son = person_create(actor=registrar, iin=valid_iin(dt.date(2012, 2, 9), "male"), surname="Жумабаев",
                        name="Арман", kato=BALKHASH_TOWN)  # fmt: skip
    family_create(actor=registrar, members=[MemberSpec(head, "head"), MemberSpec(son, "child")],
                  kato=BALKHASH_TOWN, valid_from=today.replace(year=today.year - 1))  # fmt: skip
    status_add(actor=registrar, person=son, kind="dispensary", subtype="tuberculosis",
               valid_from=today.replace(year=today.year - 1))  # fmt: skip
    return {"head": head}


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")


def sign_out(page: Any, base: str) -> None:
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def test_an_application_from_intake_to_the_letter(
    live_server: Any,
    audit_triggers_flushable: None,
    department: dict[str, Any],
    chromium: Any,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    """Front office → verification → calculation → commission vote and protocol → decision → letter
    → assignment → payroll prepared and approved → the bank's registry file."""
    from komek.applications.letters import letter_pdf
    from komek.applications.models import Application

    base = live_server.url
    head = department["head"]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it

    # 1. The front office receives the application; first without the act of the fire: refused.
    sign_in(page, base, "b_registrar")
    page.goto(f"{base}/services/new/")
    page.click("a[href='/services/new/local_social_assistance/']")
    page.fill("#id_applicant_iin", head.iin)
    page.select_option("#id_channel", "office")
    page.select_option("#id_language", "kk")
    for code in ("application", "identity", "residence", "family", "incomes", "bank_account"):
        page.check(f"input[name=documents][value={code}]")
    page.check("input[name=circumstances][value=fire_damage]")
    page.select_option("#id_bank_bic", "HSBKKZKX")  # picked by name from the banks
    page.fill("#id_iban", "KZ20601KZT5004100100")
    page.click("#intake-form button[type=submit]")
    page.wait_for_selector(".field.has-error")
    assert not Application.objects.exists()
    page.check("input[name=documents][value=situation_act]")
    page.click("#intake-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/services/\d+/$"))
    case_url = page.url
    number = page.locator("h1").inner_text().split()[1]
    sign_out(page, base)

    # 2. The caseworker finds it among their cases, verifies, calculates, sends it on.
    sign_in(page, base, "b_caseworker")
    page.goto(f"{base}/services/")
    assert number in page.locator("table.cases").inner_text()
    page.click(f"text={number}")
    page.wait_for_url(case_url)
    for box in page.locator("#verify-form input[name=documents]").all():
        box.check()
    page.check("#verify-form input[name=incomes_checked]")
    page.click("#verify-form button[type=submit]")
    page.click("#calculate-form button[type=submit]")
    page.wait_for_selector("#calculation")
    calculated = page.locator("#calculated-amount").inner_text()
    assert "помощь при ущербе от стихийного бедствия или пожара" in page.locator("#calculation").inner_text()
    page.screenshot(path=str(screenshots / "case_calculated.png"), full_page=True)
    page.click("#commission-form button[type=submit]")
    page.wait_for_selector("#case-status")
    app = Application.objects.get(number=number)
    assert app.mci is not None and app.amount_limit is not None
    assert app.status == "commission" and app.calculated_amount == 45 * app.mci
    sign_out(page, base)

    # 3. The secretary convenes the meeting (quorum 1), votes, lowers the amount, signs.
    sign_in(page, base, "b_secretary")
    page.goto(f"{base}/commissions/new/")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_quorum", "1")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/commissions/\d+/$"))
    assert number in page.locator("table.agenda").inner_text()
    page.fill("form.amount-form input[name=amount]", str(app.amount_limit + 1))
    page.click("form.amount-form button")
    page.wait_for_selector(".msg-error")
    page.fill("form.amount-form input[name=amount]", "150000")
    page.click("form.amount-form button")
    page.wait_for_selector(".msg-success")
    page.click("form.vote-form button[value=for]")
    page.wait_for_selector("form.vote-form button[value=for][aria-pressed=true]")
    page.click("#sign-form button")
    page.wait_for_selector(".msg-success")
    page.screenshot(path=str(screenshots / "commission_signed.png"), full_page=True)
    protocol = page.request.get(f"{page.url}protocol.pdf")
    assert protocol.ok and protocol.body().startswith(b"%PDF")

    # 4. The decision is on the case and the letter in Kazakh downloads as a PDF.
    page.goto(case_url)
    assert page.locator("#case-status").inner_text() in ("Назначено", "Assigned")
    assert "150" in page.locator("#decided-amount").inner_text()
    href = page.locator("a.letter").first.get_attribute("href")
    letter = page.request.get(f"{base}{href}")
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")
    app = Application.objects.get(number=number)
    note = app.notifications.get()
    assert note.language == "kk" and "150\u202f000" in " ".join(note.content["lines"])
    assert b"DejaVu" in letter_pdf(note, compress=False)
    page.screenshot(path=str(screenshots / "case_decided.png"), full_page=True)
    sign_out(page, base)

    # 5. The decision made an assignment; the accountant prepares its month's payroll, the head
    # approves it and downloads the bank's pain.001 registry, which pays the applicant's account.
    from komek.benefits.models import Assignment
    from komek.payments import registries as export

    assert app.assignment_id is not None
    assignment = Assignment.objects.get(pk=app.assignment_id)
    assert (assignment.application_id, assignment.monthly_amount) == (app.pk, 150_000)
    month = assignment.period_start.strftime("%Y-%m")
    sign_in(page, base, "b_accountant")
    page.goto(f"{base}/payments/")
    page.fill("#id_month", month)
    page.select_option("#id_programme", assignment.programme)
    page.click("#prepare-form button[type=submit]")
    page.wait_for_url(f"{base}/payments/")
    page.click("table.grid a[href^='/payments/']")
    page.wait_for_url(re.compile(r".*/payments/\d+/$"))
    payroll_url = page.url
    assert page.locator("form[action$='/approve/']").count() == 0  # the preparer cannot approve
    sign_out(page, base)
    sign_in(page, base, "b_head")
    page.goto(payroll_url)
    status_before = page.locator("#payroll-status").inner_text()
    page.click("form[action$='/approve/'] button")
    expect(page.locator("#payroll-status")).not_to_have_text(status_before)
    href = page.locator("#banks a[href$='/pain001/']").first.get_attribute("href")
    registry = page.request.get(f"{base}{href}")
    assert registry.ok
    path = tmp_path / "registry.xml"
    path.write_bytes(registry.body())
    assert export.validate_file(path) == 1
    xml = path.read_text(encoding="utf-8")
    assert "KZ20601KZT5004100100" in xml and "<CtrlSum>150000.00</CtrlSum>" in xml
    page.screenshot(path=str(screenshots / "payroll_approved.png"), full_page=True)
    context.close()
    assert calculated
    # The queries above ran beside Playwright's event loop, on a connection of their own context:
    # closed here, so that none stays open on the test database when it is dropped.
    connections.close_all()
