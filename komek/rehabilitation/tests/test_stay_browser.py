"""A temporary stay recorded in a real browser: the rehabilitation specialist admits a person of the
registry to the town's social adaptation centre and sees a bed taken and the year's figure grow."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from komek.accounts.policy import system
from komek.registry.tests.test_browser import CHROMIUM_ARGS, chromium, screenshots, valid_iin  # noqa: F401
from komek.rehabilitation.tests.test_browser import _audit_triggers_restored, audit_triggers_flushable  # noqa: F401

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
PASSWORD = "Browser-tests-pass-7713"
DAY = timezone.localdate() - dt.timedelta(days=10)

pytestmark = pytest.mark.browser


@pytest.fixture
def stay_setup(transactional_db: None) -> dict[str, Any]:
    """The town's specialist, a social adaptation centre of 2 beds, a person of the registry (the
    classifier loaded again: a transactional test before may have flushed it)."""
    from komek.accounts.choices import Role
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.services.persons import person_create
    from komek.rehabilitation.services.special import centre_create

    kato_load()
    specialist = user_create(
        actor=system("test"), username="browser_stays", password=PASSWORD,
        role=Role.REHABILITATION_SPECIALIST, units=[BALKHASH],
    )  # fmt: skip
    registrar = user_create(
        actor=system("test"),
        username="browser_stays_reg",
        password=PASSWORD,
        role=Role.REGISTRAR,
        units=[BALKHASH],
    )
    person = person_create(
        actor=registrar, iin=valid_iin(dt.date(1979, 4, 9), "male"), surname="Жаксылыков", name="Ержан",
        kato=BALKHASH_TOWN,
    )  # fmt: skip
    centre = centre_create(
        actor=specialist,
        name="Центр социальной адаптации",
        service="temporary_stay",
        beds=2,
        kato=BALKHASH_TOWN,
    )
    return {"person": person, "centre": centre}


def test_temporary_stay_through_the_pages(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    stay_setup: dict[str, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """Stays page (0 of 2 beds) → admission form → 1 taken, 1 free → the year's figure is 1."""
    base, person, centre = live_server.url, stay_setup["person"], stay_setup["centre"]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "browser_stays")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/rehabilitation/stays/?on={DAY.isoformat()}")
    row = page.locator(f"#occupancy tr[data-centre='{centre.pk}']")
    assert row.locator("td.taken").inner_text() == "0"
    assert row.locator("td.free").inner_text() == "2"

    page.click("#admit-links a[href='/rehabilitation/stays/new/temporary_stay/']")
    page.select_option("#id_provider", f"institution:{centre.pk}")
    page.fill("#id_iin", person.iin)
    page.fill("#id_admitted_on", DAY.isoformat())
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/rehabilitation/stays/\?service=temporary_stay$"))
    assert "Жаксылыков Ержан" in page.locator("#stays").inner_text()

    page.goto(f"{base}/rehabilitation/stays/?on={DAY.isoformat()}")
    row = page.locator(f"#occupancy tr[data-centre='{centre.pk}']")
    assert row.locator("td.taken").inner_text() == "1"
    assert row.locator("td.free").inner_text() == "1"

    page.goto(f"{base}/rehabilitation/stays/figures/?kato={BALKHASH}&year={DAY.year}")
    assert page.locator("#figures tr[data-service=temporary_stay] td.persons").inner_text() == "1"
    page.screenshot(path=str(screenshots / "rehab_stays.png"), full_page=True)
    context.close()


@pytest.fixture
def full_centre(stay_setup: dict[str, Any]) -> dict[str, Any]:
    """The centre of ``stay_setup`` with 1 bed, taken by another person of the registry."""
    from komek.accounts.models import User
    from komek.registry.services.persons import person_create
    from komek.rehabilitation.models import Institution
    from komek.rehabilitation.services.special import stay_admit

    registrar = User.objects.get(username="browser_stays_reg")
    specialist = User.objects.get(username="browser_stays")
    Institution.objects.filter(pk=stay_setup["centre"].pk).update(beds=1)
    first = person_create(
        actor=registrar, iin=valid_iin(dt.date(1968, 2, 3), "male"), surname="Абенов", name="Бейбит",
        kato=BALKHASH_TOWN,
    )  # fmt: skip
    stay = stay_admit(actor=specialist, iin=first.iin, service="temporary_stay",
                      institution=stay_setup["centre"], admitted_on=DAY)  # fmt: skip
    return {**stay_setup, "first": stay}


def test_a_full_centre_queues_and_admits_from_the_queue_through_the_pages(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    full_centre: dict[str, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """Admission into the full centre → placed in the queue (message, next in the queue) → the other
    person leaves → the next one is admitted from the queue → the figures: 1 admitted from the
    queue, none waiting."""
    base, person, centre = live_server.url, full_centre["person"], full_centre["centre"]
    left = timezone.localdate() - dt.timedelta(days=2)
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "browser_stays")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    figures = f"{base}/rehabilitation/stays/figures/?kato={BALKHASH}&year={left.year}"
    page.goto(figures)
    assert page.locator("#figures tr[data-service=temporary_stay] td.from-queue").inner_text() == "0"

    page.goto(f"{base}/rehabilitation/stays/new/temporary_stay/")
    page.select_option("#id_provider", f"institution:{centre.pk}")
    page.fill("#id_iin", person.iin)
    page.fill("#id_admitted_on", (DAY + dt.timedelta(days=1)).isoformat())
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/rehabilitation/stays/queue/\?service=temporary_stay$"))
    assert page.locator("#queue tbody tr[data-stay] td").first.inner_text() == "1"  # place 1
    nxt = page.locator("#next tbody tr").first
    assert "Жаксылыков Ержан" in nxt.inner_text()
    assert nxt.locator("td.free").inner_text() == "0"
    page.goto(figures)
    assert page.locator("#figures tr[data-service=temporary_stay] td.waiting").inner_text() == "1"

    page.goto(f"{base}/rehabilitation/stays/{full_centre['first'].pk}/leave/")
    page.fill("#id_left_on", left.isoformat())
    page.select_option("#id_reason", "housed")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/rehabilitation/stays/$"))

    page.goto(f"{base}/rehabilitation/stays/queue/")
    nxt = page.locator("#next tbody tr").first
    assert nxt.locator("td.free").inner_text() == "1"
    nxt.locator("a[href$='/admit/']").click()
    page.fill("#id_admitted_on", left.isoformat())
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/rehabilitation/stays/queue/\?service=temporary_stay$"))
    assert page.locator("#next tbody tr[data-stay]").count() == 0

    page.goto(figures)
    row = page.locator("#figures tr[data-service=temporary_stay]")
    assert row.locator("td.from-queue").inner_text() == "1"
    assert row.locator("td.waiting").inner_text() == "0"
    assert row.locator("td.persons").inner_text() == "2"
    page.screenshot(path=str(screenshots / "rehab_stay_queue.png"), full_page=True)
    context.close()
