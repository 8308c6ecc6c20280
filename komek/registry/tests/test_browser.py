"""A registrar's day in a real browser, checked afterwards by an auditor.

Drives Debian's chromium through Playwright against the live test server: sign in, register three
persons, make them a family, record incomes, sign out; then an auditor of the region finds all of
it in the audit log. Screenshots of the person and family cards go to ``$KOMEK_SCREENSHOTS``
(default: a temporary directory), for a human to look at; they are not part of the repository.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import expect

from komek.accounts.policy import system
from komek.common import db_triggers
from komek.common.tests import a11y

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
KARAGANDA_REGION = "350000000"
PASSWORD = "Browser-tests-pass-7713"

pytestmark = pytest.mark.browser

_serial = itertools.count(4000)


def valid_iin(birth: dt.date, sex: str) -> str:
    from komek.registry.iin import make_iin

    while True:
        iin = make_iin(birth, sex, next(_serial))  # type: ignore[arg-type]
        if iin is not None:
            return iin


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    """Put the append-only triggers back once this module's database flushes are over."""
    yield
    with django_db_blocker.unblock():
        db_triggers.install(connection)


@pytest.fixture
def audit_triggers_flushable(_audit_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Let Django flush the audit table after a transactional test.

    On SQLite the flush is a DELETE, which the append-only triggers refuse; they are removed just
    before the flush (this fixture is torn down first) and installed again for the next tests.
    """
    db_triggers.install(connection)
    yield
    db_triggers.uninstall(connection)


@pytest.fixture
def staff_accounts(transactional_db: None) -> None:
    """The registrar of the town and the auditor of the region (created before the browser starts)."""
    from komek.accounts.choices import Reach, Role
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load

    kato_load()
    user_create(
        actor=system("tests"),
        username="browser_registrar",
        password=PASSWORD,
        role=Role.REGISTRAR,
        units=[BALKHASH],
        first_name="Айгерим",
        last_name="Сапарова",
    )
    user_create(
        actor=system("tests"),
        username="browser_auditor",
        password=PASSWORD,
        role=Role.AUDITOR,
        units=[KARAGANDA_REGION],
        reach=Reach.REGION,
    )


@pytest.fixture
def chromium(monkeypatch: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: the browser tests cannot run in CI.")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse ORM calls
    # here; the test itself only talks to the live server, whose threads are unaffected.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    a11y.watch(monkeypatch)  # every page visited passes the WCAG 2.1 AA check (axe-core)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def screenshots() -> Path:
    path = Path(os.environ.get("KOMEK_SCREENSHOTS") or tempfile.mkdtemp(prefix="komek-shots-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")


def register_person(page: Any, base: str, iin: str, surname: str, name: str) -> int:
    page.goto(f"{base}/persons/new/")
    page.fill("#id_iin", iin)
    page.fill("#id_surname", surname)
    page.fill("#id_name", name)
    page.select_option("#id_kato", BALKHASH_TOWN)
    page.fill("#id_street", "ул. Ленина, 12-7")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/persons/\d+/$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def add_income(page: Any, base: str, person_id: int, month: str, amount: str) -> None:
    page.goto(f"{base}/persons/{person_id}/incomes/add/")
    page.fill("#id_month", month)
    page.select_option("#id_income_type", "wages")
    page.fill("#id_amount", amount)
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/persons/{person_id}/")


def test_registrar_registers_a_family_and_the_auditor_sees_it(
    live_server: Any, audit_triggers_flushable: None, staff_accounts: None, chromium: Any, screenshots: Path
) -> None:
    """Three persons, one family (head, spouse, child), two incomes: all in the auditor's log."""
    base = live_server.url
    people = [
        (valid_iin(dt.date(1984, 4, 12), "male"), "Сейткали", "Берик"),
        (valid_iin(dt.date(1986, 9, 3), "female"), "Сейткали", "Жанар"),
        (valid_iin(dt.date(2014, 11, 25), "female"), "Сейткали", "Аружан"),
    ]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    # The Content-Security-Policy refuses inline script and style: Chromium reports each refusal.
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    sign_in(page, base, "browser_registrar")
    ids = [register_person(page, base, iin, surname, name) for iin, surname, name in people]
    assert "Сейткали Аружан" in page.content()

    page.goto(f"{base}/families/new/")
    page.click("button[hx-target='#member-rows']")  # HTMX: a third member row
    expect(page.locator("#member-rows tr")).to_have_count(3)
    page.locator("#member-rows tr").nth(2).locator("button[data-remove-row]").click()  # komek.js
    expect(page.locator("#member-rows tr")).to_have_count(2)
    page.click("button[hx-target='#member-rows']")
    expect(page.locator("#member-rows tr")).to_have_count(3)
    rows = page.locator("#member-rows tr")
    for i, (relation, (iin, _s, _n)) in enumerate(zip(["head", "spouse", "child"], people, strict=True)):
        rows.nth(i).locator("input[name=member_iin]").fill(iin)
        rows.nth(i).locator("select[name=member_relation]").select_option(relation)
    page.select_option("#id_kato", BALKHASH_TOWN)
    page.fill("#id_street", "ул. Ленина, 12-7")
    page.select_option("#id_tenure", "rented_private")
    page.fill("#id_living_area", "54.3")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/families/\d+/$"))
    family_url = page.url
    family_html = page.content()
    for _iin, _surname, name in people:
        assert name in family_html

    add_income(page, base, ids[0], "2025-01", "215 000")
    add_income(page, base, ids[1], "2025-01", "98 500")
    page.goto(f"{base}/persons/{ids[0]}/")
    text = page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert "215 000 ₸" in text

    # Live search through HTMX: typing fills the results without a page load. Typed in Latin, as
    # from a passport, it finds the Cyrillic names. (Playwright types letters outside the US layout
    # without key events, so a Cyrillic query would not exercise the keyup trigger here.)
    page.goto(f"{base}/persons/")
    page.locator("#id_q").press_sequentially("seitkali", delay=30)
    expect(page.locator("#results tbody tr")).to_have_count(3)
    assert "q=seitkali" in page.url  # the search is in the address bar, so Back and a reload keep it

    page.goto(f"{base}/persons/{ids[0]}/")
    page.screenshot(path=str(screenshots / "person_card.png"), full_page=True)
    page.goto(family_url)
    page.screenshot(path=str(screenshots / "family_card.png"), full_page=True)

    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))

    sign_in(page, base, "browser_auditor")
    page.goto(f"{base}/audit/?username=browser_registrar&action=create")
    table = page.locator("table.audit tbody").inner_text()
    created = re.findall(r"registry\.(\w+)\s*#", table)
    assert (created.count("person"), created.count("family")) == (3, 1)
    assert (created.count("membership"), created.count("income")) == (3, 2)
    assert "215000" in table and "98500" in table
    for iin, _surname, _name in people:
        assert iin in table
    page.screenshot(path=str(screenshots / "audit_log.png"), full_page=True)
    context.close()
    assert not refused, refused


def test_registrar_registers_a_family_of_four_with_incomes_on_one_page(
    live_server: Any, audit_triggers_flushable: None, staff_accounts: None, chromium: Any
) -> None:
    """The one-page flow from the menu: a known head found by the IIN lookup, a member added by the
    button, three new members typed in, a quarter of wages in the grid, one submit. Screenshots of
    the page in Kazakh and Russian go to ``docs/screens/`` when ``KOMEK_SCREENS_DOCS`` is set."""
    from django.urls import reverse

    from komek.registry.models import Family, Income, Membership
    from komek.registry.views.registration import reference_quarter

    base = live_server.url
    docs = Path(__file__).resolve().parents[3] / "docs" / "screens"
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, base, "browser_registrar")
    head_iin = valid_iin(dt.date(1979, 3, 8), "male")
    register_person(page, base, head_iin, "Абенов", "Канат")

    page.goto(f"{base}/")
    page.click(f"nav.mainnav a[href='{reverse('registry:family_register')}']")
    page.wait_for_url(re.compile(r".*/families/register/$"))
    page.select_option("#id_kato", BALKHASH_TOWN)
    page.fill("#id_street", "ул. Сейфуллина, 4-12")
    page.fill("#id_m-0-iin", head_iin)
    expect(page.locator("#id_m-0-surname")).to_have_value("Абенов")  # filled by the IIN lookup
    page.select_option("#id_m-0-relation", "head")
    page.click("[data-add-member]")  # JavaScript: a block in the page, no round trip
    page.click("[data-add-member]")
    expect(page.locator("#member-blocks fieldset.member-block")).to_have_count(4)
    new = [
        (valid_iin(dt.date(1983, 7, 14), "female"), "spouse", "Абенова", "Динара"),
        (valid_iin(dt.date(2010, 1, 30), "male"), "child", "Абенов", "Ерасыл"),
        (valid_iin(dt.date(2015, 6, 2), "female"), "child", "Абенова", "Томирис"),
    ]
    for row, (iin, relation, surname, name) in enumerate(new, start=1):
        page.fill(f"#id_m-{row}-iin", iin)
        expect(page.locator(f"#id_m-{row}-iin ~ [data-lookup-status]")).not_to_be_empty()
        page.select_option(f"#id_m-{row}-relation", relation)
        page.fill(f"#id_m-{row}-surname", surname)
        page.fill(f"#id_m-{row}-name", name)
    months = reference_quarter()
    page.locator("fieldset[data-member-row='0'] details summary").click()
    for month in months:
        page.fill(f"#id_inc-0-{month:%Y-%m}-wages", "210 000")
    page.locator("fieldset[data-member-row='1'] details summary").click()
    page.fill(f"#id_inc-1-{months[0]:%Y-%m}-alimony", "-1")  # a mistake: shown on its cell
    page.click("form.family-register button[name=save]")
    page.wait_for_load_state()
    cell = page.locator(f"#err_inc-1-{months[0]:%Y-%m}-alimony")
    expect(cell).to_be_visible()
    assert Family.objects.count() == 0
    if os.environ.get("KOMEK_SCREENS_DOCS"):
        page.screenshot(path=str(docs / "family-register-error-ru.png"), full_page=True)
    page.fill(f"#id_inc-1-{months[0]:%Y-%m}-alimony", "35 000")
    page.click("form.family-register button[name=save]")
    page.wait_for_url(re.compile(r".*/families/\d+/$"))
    family = Family.objects.get()
    assert Membership.objects.filter(family=family).count() == 4
    assert Income.objects.filter(person__memberships__family=family).count() == 4

    # The empty page in both languages of the department, for the docs.
    page.goto(f"{base}/families/register/")
    page.fill("#id_m-0-iin", head_iin)
    expect(page.locator("#id_m-0-surname")).to_have_value("Абенов")
    if os.environ.get("KOMEK_SCREENS_DOCS"):
        page.screenshot(path=str(docs / "family-register-ru.png"), full_page=True)
        page.click("form.langswitch button[value=kk]")
        page.wait_for_load_state()
        page.fill("#id_m-0-iin", head_iin)
        expect(page.locator("#id_m-0-surname")).to_have_value("Абенов")
        page.screenshot(path=str(docs / "family-register-kk.png"), full_page=True)
    context.close()
    assert not refused, refused
