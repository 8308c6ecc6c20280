"""Each role's start page in a real browser: its parts are there, and the head's charts are drawn by
Chart.js with the same figures in the table beside them (ADR 0017).

Balkhash's first quarter of 2020 made through the services (``year``), a case of the caseworker's
and a person in the wheelchair queue; the pages are opened on 10 April 2020 (the clock)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from komek.accounts.choices import Role
from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    screenshots,  # noqa: F401
)
from komek.rehabilitation.tests.conftest import make_disabled, make_ipr, specialist  # noqa: F401
from komek.reports.tests.conftest import BALKHASH_TOWN, YEAR, Year
from komek.reports.tests.journey import Clock

pytestmark = pytest.mark.browser
ON = dt.date(YEAR, 4, 10)

#: What each role's page shows: the sections and a text inside them.
SEEN = {
    Role.CASEWORKER: {"dash-cases": "T-BROWSER-1"},
    Role.ACCOUNTANT: {"dash-payrolls": "", "dash-budget": ""},
    Role.DEPARTMENT_HEAD: {"dash-indicators": "", "dash-employment": "", "dash-budget": ""},
    Role.EMPLOYMENT_COUNSELLOR: {"dash-reregistrations": "", "dash-employment": ""},
    Role.REHABILITATION_SPECIALIST: {"dash-queues": ""},
}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.fixture
def wheelchair_queue(
    make_disabled: Callable[..., Any],  # noqa: F811
    make_ipr: Callable[..., Any],  # noqa: F811
) -> None:
    """A person waiting for a wheelchair (made on the real day, before the clock is set)."""
    make_ipr(make_disabled(), kinds=("wheelchair",))


def test_each_role_sees_its_work_and_the_head_the_charts_drawn(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    year: Year,
    caseworker: Any,
    specialist: Any,  # noqa: F811
    make_user: Callable[..., Any],
    wheelchair_queue: None,
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
    clock: Clock,
) -> None:
    from komek.applications.models import Application, Service
    from komek.applications.services.catalogue import catalogue_load
    from komek.common.models import KatoUnit

    catalogue_load()  # a transactional test before this one on the worker may have flushed it
    applicant = year.tsa_family.memberships.get(relation="head").person
    Application.objects.create(
        number="T-BROWSER-1", service=Service.objects.get(code="tsa"), channel="office", applicant=applicant,
        kato=KatoUnit.objects.get(code=BALKHASH_TOWN), language="ru",
        received_at=dt.datetime(YEAR, 3, 30, 10, tzinfo=dt.UTC), due_date=ON - dt.timedelta(days=1),
        status="in_review", caseworker=caseworker,
    )  # fmt: skip
    users = {
        Role.CASEWORKER: caseworker,
        Role.REHABILITATION_SPECIALIST: specialist,
        Role.ACCOUNTANT: make_user(Role.ACCOUNTANT, username="home_accountant"),
        Role.DEPARTMENT_HEAD: make_user(Role.DEPARTMENT_HEAD, username="home_head"),
        Role.EMPLOYMENT_COUNSELLOR: make_user(Role.EMPLOYMENT_COUNSELLOR, username="home_counsellor"),
    }
    clock.set(ON)
    base = live_server.url
    for role, parts in SEEN.items():
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(120_000)  # only a failing wait reaches it
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", users[role].username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit].btn-primary")
        page.wait_for_url(f"{base}/")
        for part, text in parts.items():
            section = page.locator(f"#{part}")
            assert section.is_visible(), f"{role}: {part}"
            assert text in section.inner_text()
        if role == Role.DEPARTMENT_HEAD:
            canvases = page.locator("#dash-indicators canvas[data-chart]")
            expect(page.locator("#dash-indicators canvas[data-chart][data-drawn]")).to_have_count(
                canvases.count()
            )
            drawn = page.evaluate(
                "() => [...document.querySelectorAll('#dash-indicators canvas[data-chart]')]"
                ".map(c => window.Chart.getChart(c).data.datasets[0].data)"
            )
            assert [values[-4:] for values in drawn[:2]] == [[25_000, 49_050, 25_000, 0], [2, 3, 2, 0]]
            assert drawn[2] == [2, 0, 0]  # recipients of March by settlement: Balkhash town first
            rows = page.locator("#dash-indicators figure").first.locator("tbody tr")
            assert rows.count() == 12
            assert [_digits(rows.nth(i).locator("td").inner_text()) for i in (9, 10, 11)] == [
                "49050", "25000", "0"
            ]  # fmt: skip
            page.screenshot(path=str(screenshots / "home-head.png"), full_page=True)
        if role == Role.CASEWORKER:
            assert page.locator("#dash-overdue").inner_text() == "1"
        context.close()
