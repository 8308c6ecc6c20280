"""In the browser: the accountant makes next year's plan from the forecast; an MCI for next year
entered afterwards raises it when forecast again; a negative amount is refused on the form, an edit
is marked as such; the head approves the plan.

Drives Debian's chromium through Playwright against the live test server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from komek.budget.tests.test_browser import PASSWORD, _sign_in, _text
from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    screenshots,  # noqa: F401
    valid_iin,
)

pytestmark = pytest.mark.browser
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
NEXT = timezone.localdate().year + 1


@pytest.fixture
def staff(transactional_db: None) -> Iterator[dict[Any, Any]]:
    """An accountant, a head, a national administrator; a Balkhash resident in outpatient
    tuberculosis treatment (the town's one-time assistance: 10 MCI)."""
    from komek.accounts.choices import Reach, Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.legislation import loader
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.persons import person_create
    from komek.registry.services.statuses import status_add

    kato_load()
    loader.invalidate()
    users = {
        role: user_create(
            actor=system("tests"), username=f"plan_{role}", password=PASSWORD, role=role, units=[BALKHASH]
        )
        for role in (Role.ACCOUNTANT, Role.DEPARTMENT_HEAD, Role.REGISTRAR)
    }
    users[Role.ADMINISTRATOR] = user_create(
        actor=system("tests"), username="plan_admin", password=PASSWORD, role=Role.ADMINISTRATOR,
        units=[], reach=Reach.NATIONAL,
    )  # fmt: skip
    since = timezone.localdate().replace(day=1, month=1)
    person = person_create(
        actor=users[Role.REGISTRAR], iin=valid_iin(dt.date(1975, 3, 9), "male"), surname="Омаров",
        name="Ерлан", kato=BALKHASH_TOWN,
    )  # fmt: skip
    family_create(
        actor=users[Role.REGISTRAR], members=[MemberSpec(person=person, relation="head")],
        kato=BALKHASH_TOWN, valid_from=since,
    )  # fmt: skip
    status_add(actor=users[Role.REGISTRAR], person=person, kind="dispensary", subtype="tuberculosis",
               valid_from=since)  # fmt: skip
    yield users
    loader.invalidate()


def _row(page: Any) -> str:
    return _text(page, "#plan tbody tr:has-text('451.007')")


def test_plan_follows_next_years_mci(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[Any, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    from komek.accounts.choices import Role
    from komek.legislation.services.parameters import parameter_value_add
    from komek.rules.engine import Engine

    mci = int(Engine.load().parameters.value("mci", dt.date(NEXT, 1, 1)))
    base = live_server.url
    accountant, page = _sign_in(chromium, base, f"plan_{Role.ACCOUNTANT}")
    page.click("nav.mainnav a[href='/budget/plan/']")
    page.fill("#id_year", str(NEXT))
    page.fill("#id_territory", BALKHASH)
    page.click("#plan-form button[type=submit]")
    page.click("#forecast-form button")
    page.wait_for_selector("#plan-row-form")
    assert f"{10 * mci:,}".replace(",", " ") + " ₸" in _row(page)

    parameter_value_add(
        actor=staff[Role.ADMINISTRATOR], name="mci", value=Decimal(mci + 500), valid_from=dt.date(NEXT, 1, 1),
        reference="Law on the republican budget (browser test)",
    )  # fmt: skip
    page.click("#forecast-form button")
    page.wait_for_selector("#plan-row-form")
    assert f"{10 * (mci + 500):,}".replace(",", " ") + " ₸" in _row(page)

    page.select_option("#id_programme", "451.007")
    page.select_option("#id_source", "local")
    page.fill("#id_amount", "-5")
    page.click("#plan-row-form button[type=submit]")
    assert "Сумма должна быть от 0 до" in _text(page, "#plan-row-form")  # refused, the field named
    page.fill("#id_amount", "1500000")
    page.fill("#id_recipients", "30")
    page.fill("#id_note", "Решение маслихата")
    page.click("#plan-row-form button[type=submit]")
    page.wait_for_selector("#plan .badge")
    assert "1 500 000 ₸" in _row(page)
    page.wait_for_load_state("networkidle")
    accountant.close()

    head, head_page = _sign_in(chromium, base, f"plan_{Role.DEPARTMENT_HEAD}")
    head_page.goto(f"{base}/budget/plan/?year={NEXT}&territory={BALKHASH}")
    head_page.click("#plan-approve-form button")
    head_page.wait_for_selector("#plan-status")
    assert head_page.locator("#plan-approve-form").count() == 0
    assert "Одобрено" in _text(head_page, "#plan-status")
    head_page.screenshot(path=str(screenshots / "budget-plan.png"), full_page=True)
    head_page.wait_for_load_state("networkidle")
    head.close()
