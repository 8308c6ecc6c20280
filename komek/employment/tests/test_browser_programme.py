"""In the browser: the employment counsellor enrols a person of the registry in vocational education,
records the finishing and the employment after it, and sees the year's figures change each time.

Drives Debian's chromium through Playwright against the live test server."""

from __future__ import annotations

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
PASSWORD = "Browser-tests-pass-7715"
STUDENT_IIN: list[str] = []


@pytest.fixture
def town(transactional_db: None) -> Iterator[None]:
    """A counsellor of Balkhash and a young person of the registry."""
    import datetime as dt

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()  # reference data a previous transactional test may have flushed
    user_create(
        actor=system("tests"), username="tipo_counsellor", password=PASSWORD, role=Role.EMPLOYMENT_COUNSELLOR,
        units=["351600000"],
    )  # fmt: skip
    born = dt.date(2006, 4, 1)
    iin = next(i for i in (make_iin(born, "male", n) for n in range(300, 400)) if i)  # type: ignore[arg-type]
    person_create(
        actor=system("tests"), iin=iin, surname="Жумабеков", name="Алихан", birth_date=born, sex="male",
        kato="351610000",
    )  # fmt: skip
    STUDENT_IIN[:] = [iin]
    yield


def _figure(page: Any, code: str) -> Any:
    return page.locator(f"tr[data-code='{code}'] td").nth(1)


def test_enrol_finish_employ_and_see_the_figures(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    town: None,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    today = timezone.localdate()
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "tipo_counsellor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/employment/")
    page.click("nav.subnav a[href='/employment/programme/']")
    expect(_figure(page, "programme.tipo.enrolled")).to_have_text("0")
    expect(_figure(page, "programme.tipo.studying")).to_have_text("0")

    page.click("a[href='/employment/tipo/']")
    page.fill("#id_iin", STUDENT_IIN[0])
    page.fill("#id_college", "Балқаш сервис колледжі")
    page.fill("#id_speciality", "Повар")
    page.fill("#id_started", today.replace(month=1, day=10).isoformat())
    page.select_option("#id_category", "low_income")
    page.click("#enrol-form button[type=submit]")
    expect(page.locator("#enrolments tbody tr")).to_have_count(1)
    expect(page.locator("#enrolments td.status")).to_have_text("Обучается")

    page.click("a[href='/employment/programme/']")
    expect(_figure(page, "programme.tipo.enrolled")).to_have_text("1")
    expect(_figure(page, "programme.tipo.studying")).to_have_text("1")
    expect(_figure(page, "programme.tipo.finished")).to_have_text("0")

    page.click("a[href='/employment/tipo/']")
    page.select_option(".step-form select[name=status]", "finished")
    page.fill(".step-form input[name=date]", today.isoformat())
    page.click(".step-form button[type=submit]")
    expect(page.locator("#enrolments td.status")).to_have_text("Завершил обучение")
    page.fill(".step-form input[name=date]", today.isoformat())
    page.click(".step-form button[type=submit]")  # the one step left: employed after finishing
    expect(page.locator("#enrolments td.status")).to_have_text("Трудоустроен после обучения")
    page.screenshot(path=str(screenshots / "employment-tipo.png"), full_page=True)

    page.click("a[href='/employment/programme/']")
    expect(_figure(page, "programme.tipo.studying")).to_have_text("0")
    expect(_figure(page, "programme.tipo.finished")).to_have_text("1")
    expect(_figure(page, "programme.tipo.employed")).to_have_text("1")
    context.close()
