"""A council decision entered in a real browser, seen from its date in a caseworker's calculation.

An administrator of Balkhash enters a new local benefit (a typo first: the form points at it),
then a caseworker opens a family of the town, calculates its entitlements and finds the benefit
on a date from the decision on, not the day before. Screenshots go to ``$KOMEK_SCREENSHOTS``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from komek.accounts.policy import system
from komek.registry.tests.test_browser import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def rules_staff(transactional_db: None, household: Any) -> Any:
    """The administrator and the caseworker of Balkhash (created before the browser starts)."""
    from komek.accounts.choices import Role
    from komek.accounts.services import user_create

    for role in (Role.ADMINISTRATOR, Role.CASEWORKER):
        user_create(
            actor=system("tests"),
            username=f"browser_{role}",
            password=PASSWORD,
            role=role,
            units=["351600000"],
        )
    return household


def test_a_council_decision_is_entered_and_shows_in_a_family_calculation_from_its_date(
    live_server: Any, audit_triggers_flushable: None, rules_staff: Any, chromium: Any, screenshots: Path
) -> None:
    """A council decision entered in the browser shows in a family's calculation from its date."""
    household = rules_staff
    base = live_server.url
    start = household.on.replace(day=1)
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it

    sign_in(page, base, "browser_administrator")
    page.goto(f"{base}/rules/decisions/new/")
    page.fill("#id_code", "balkhash.tb_transport")
    page.fill("#id_title_kk", "Емделуге жол ақысы")
    page.fill("#id_title_ru", "Проезд к месту лечения")
    page.fill("#id_title_en", "Travel to treatment")
    page.fill("#id_legal_basis", "Решение маслихата города Балхаш № 3/14")
    page.select_option("#id_kato", "351600000")
    page.fill("#id_valid_from", start.isoformat())
    page.select_option("#id_periodicity", "month")
    page.select_option("#id_entity", "person")
    row = page.locator("#condition-rows tr").first
    row.locator("input[name=condition_name]").fill("tb")
    row.locator("input[name=condition_expression]").fill("tb_outpatiemt")
    row.locator("input[name=condition_label_kk]").fill("Туберкулезбен амбулаториялық емделуде")
    row.locator("input[name=condition_label_ru]").fill("Проходит амбулаторное лечение туберкулёза")
    row.locator("input[name=condition_label_en]").fill("In outpatient treatment of tuberculosis")
    page.fill("#id_amount", "2 * mci")
    page.click("#decision-form button[type=submit].btn-primary")
    error = page.locator("#condition-rows .error").first.inner_text()
    assert "tb_outpatiemt" in error and "⟶tb_outpatiemt" in error  # the position in the expression
    page.screenshot(path=str(screenshots / "decision_error.png"), full_page=True)

    page.locator("#condition-rows input[name=condition_expression]").first.fill("tb_outpatient")
    page.click("#decision-form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/rules/decisions/")
    assert "balkhash.tb_transport" in page.locator("main").inner_text()
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))

    sign_in(page, base, "browser_caseworker")
    page.goto(f"{base}/families/{household.family.pk}/")
    page.click(f"a[href='/rules/families/{household.family.pk}/']")
    page.wait_for_url(re.compile(rf".*/rules/families/{household.family.pk}/$"))
    row = page.locator("#entitlement-balkhash\\.tb_transport")
    assert "Проезд к месту лечения" in row.inner_text()
    assert row.locator(".badge-eligible").count() == 1
    row.locator("summary").click()
    assert "Проходит амбулаторное лечение туберкулёза" in row.inner_text()
    page.screenshot(path=str(screenshots / "family_entitlements.png"), full_page=True)

    page.fill("#id_on", (start - dt.timedelta(days=1)).isoformat())
    page.click("form.actions button[type=submit]")
    page.wait_for_url(re.compile(r".*on=.*"))
    assert page.locator("#entitlement-balkhash\\.tb_transport").count() == 0
    context.close()
