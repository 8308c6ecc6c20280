"""A counsellor's round in a real browser: register a jobseeker, find ranked vacancies, refer,
record the hire, and see the plan-versus-actual page change.

Drives Debian's chromium through Playwright against the live test server (the fixture pattern of
``komek/registry/tests/test_browser.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from komek.accounts.policy import system
from komek.common import db_triggers
from komek.common.tests import a11y

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
PASSWORD = "Browser-tests-pass-7713"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        db_triggers.install(connection)


@pytest.fixture
def audit_triggers_flushable(_audit_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    db_triggers.install(connection)
    yield
    db_triggers.uninstall(connection)


@pytest.fixture
def setting(transactional_db: None) -> dict[str, Any]:
    """A counsellor of Balkhash, a person to register, a welder's and a cook's vacancy opened today."""
    from komek.accounts.choices import Role
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.employment.bin import make_bin
    from komek.employment.services.employers import employer_create
    from komek.employment.services.occupations import occupations_load
    from komek.employment.services.vacancies import vacancy_create
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()
    occupations_load()
    counsellor = user_create(
        actor=system("tests"),
        username="browser_counsellor",
        password=PASSWORD,
        role=Role.EMPLOYMENT_COUNSELLOR,
        units=[BALKHASH],
    )
    registrar = user_create(
        actor=system("tests"),
        username="browser_registrar_e",
        password=PASSWORD,
        role=Role.REGISTRAR,
        units=[BALKHASH],
    )
    iin = next(i for s in range(5000, 5100) if (i := make_iin(dt.date(1994, 6, 15), "male", s)))
    person_create(actor=registrar, iin=iin, surname="Касымов", name="Ерлан", kato=BALKHASH_TOWN)
    employer = employer_create(
        actor=counsellor,
        bin=next(b for s in range(10, 99) if (b := make_bin(18, 5, s))),
        name="ТОО «Каскад»",
        kato=BALKHASH_TOWN,
        size="medium",
        staff=120,
    )
    today = timezone.localdate()
    welder = vacancy_create(
        actor=counsellor,
        employer=employer,
        occupation="7212",
        title="Электрогазосварщик",
        wage=250_000,
        schedule="full_time",
        kato=BALKHASH_TOWN,
        opened_on=today,
    )
    vacancy_create(
        actor=counsellor,
        employer=employer,
        occupation="7233",
        title="Слесарь-ремонтник",
        wage=220_000,
        schedule="shifts",
        kato=BALKHASH_TOWN,
        opened_on=today,
    )
    return {"iin": iin, "welder": welder.pk}


@pytest.fixture
def chromium(monkeypatch: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: the browser tests cannot run in CI.")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    a11y.watch(monkeypatch)  # every page visited passes the WCAG 2.1 AA check (axe-core)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def employed_actual(page: Any, base: str) -> int:
    page.goto(f"{base}/employment/")
    return int(page.locator("#row-employed td.actual").inner_text())


def test_counsellor_registers_refers_and_records_a_hire(
    live_server: Any, audit_triggers_flushable: None, setting: dict[str, Any], chromium: Any
) -> None:
    """Register → ranked vacancies with reasons → refer → hired → the figures count one more."""
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "browser_counsellor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    before = employed_actual(page, base)
    page.goto(f"{base}/employment/jobseekers/new/")
    page.fill("#id_iin", setting["iin"])
    for doc in ("application", "identity", "employment_record", "education"):
        page.check(f"input[name=documents][value={doc}]")
    page.fill("#id_professions", "сварщики")  # by name: the classifier gives 7212
    page.select_option("#id_education", "2")
    page.fill("#id_experience_years", "4")
    page.fill("#id_desired_wage", "200000")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/employment/jobseekers/\d+/$"))
    assert "Касымов Ерлан" in page.content()

    page.click("#find-vacancies")
    page.wait_for_url(re.compile(r".*/match/$"))
    rows = page.locator("#matches tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-vacancy") == str(setting["welder"])
    first = rows.nth(0).inner_text()
    assert "7212" in first and "250" in first

    rows.nth(0).locator("button.refer").click()
    page.wait_for_url(re.compile(r".*/employment/jobseekers/\d+/$"))
    page.click("#referrals a.record-outcome")
    page.select_option("#id_outcome", "hired")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/employment/jobseekers/\d+/$"))
    assert page.locator("#referrals td.outcome").first.inner_text().strip().startswith("Трудоустроен") or (
        "hired" in page.locator("#referrals td.outcome").first.inner_text().lower()
    )
    assert employed_actual(page, base) == before + 1
    context.close()
