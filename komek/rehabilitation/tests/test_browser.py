"""A rehabilitation specialist's day in a real browser.

Enter an IPR for a person with disability (the person enters two queues), record a supplier's
delivery and the issue of a wheelchair against the person's signature, and watch the coverage page
change: wheelchairs go from one person waiting to one provided, security 100%.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from komek.accounts.policy import system
from komek.common import db_triggers
from komek.registry.tests.test_browser import CHROMIUM_ARGS, chromium, screenshots, valid_iin  # noqa: F401

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
PASSWORD = "Browser-tests-pass-7713"
DAY = timezone.localdate() - dt.timedelta(days=10)
YEAR = DAY.year

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
def rehab_setup(transactional_db: None) -> dict[str, Any]:
    """The town's rehabilitation specialist, a person with disability group I, a year's contract."""
    from komek.accounts.choices import Role
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.registry.services.persons import person_create
    from komek.registry.services.statuses import status_add
    from komek.rehabilitation.services.supply import LineInput, contract_create, supplier_create

    kato_load()
    specialist = user_create(
        actor=system("test"),
        username="browser_rehab",
        password=PASSWORD,
        role=Role.REHABILITATION_SPECIALIST,
        units=[BALKHASH],
    )
    registrar = user_create(
        actor=system("test"), username="browser_reg", password=PASSWORD, role=Role.REGISTRAR, units=[BALKHASH]
    )
    person = person_create(
        actor=registrar,
        iin=valid_iin(dt.date(1968, 2, 11), "male"),
        surname="Омаров",
        name="Серик",
        kato=BALKHASH_TOWN,
    )
    status_add(
        actor=registrar,
        person=person,
        kind="disability",
        subtype="group_1",
        valid_from=dt.date(YEAR - 2, 5, 1),
    )
    supplier = supplier_create(
        actor=specialist, bin="180340012345", name="ТОО «Ортомед»", kinds=["wheelchair", "prosthetic"]
    )
    contract = contract_create(
        actor=specialist,
        supplier=supplier,
        number="Д-1",
        year=YEAR,
        district=BALKHASH,
        signed_on=dt.date(YEAR, 1, 1),
        lines=[
            LineInput(kind="wheelchair", item="Кресло-коляска", unit_price=254_000, quantity=5),
            LineInput(kind="prosthetic", item="Протез голени", unit_price=410_000, quantity=2),
        ],
    )
    return {"person": person, "line": contract.lines.get(kind="wheelchair")}


def _row(page: Any, kind: str) -> dict[str, str]:
    row = page.locator(f"#coverage tr[data-kind={kind}]")
    cells = ("entitled", "provided", "in-queue", "security")
    # The security % is printed with the user's decimal separator (a comma in Russian).
    return {c: row.locator(f"td.{c}").inner_text().strip().replace(",", ".") for c in cells}


def test_ipr_queues_delivery_issue_and_coverage(
    live_server: Any,
    audit_triggers_flushable: None,
    rehab_setup: dict[str, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    """IPR → two queues → delivery → issue → the coverage page shows the wheelchair provided."""
    base, person, line = live_server.url, rehab_setup["person"], rehab_setup["line"]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "browser_rehab")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/rehabilitation/coverage/?year={YEAR}")
    assert _row(page, "wheelchair") == {"entitled": "0", "provided": "0", "in-queue": "0", "security": "—"}

    # Find the person by IIN, enter the IPR with two aids and an application date.
    page.goto(f"{base}/rehabilitation/")
    page.fill("#id_iin", person.iin)
    page.click("#iin-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/rehabilitation/persons/{person.pk}/$"))
    page.click(f"a[href='/rehabilitation/persons/{person.pk}/ipr/new/']")
    page.fill("#id_number", "МСЭ-2026-117")
    page.fill("#id_issued_on", f"{YEAR}-01-01")
    page.fill("#id_valid_from", f"{YEAR}-01-01")
    page.fill("#id_applied_on", f"{YEAR}-01-02")
    page.check("#id_wheelchair__on")
    page.fill("#id_wheelchair__item", "Кресло-коляска комнатная")
    page.check("#id_prosthetic__on")
    page.check("#id_sign_language__on")
    page.fill("#id_sign_language__hours", "60")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf".*/rehabilitation/persons/{person.pk}/$"))
    places = page.locator("#queue-places tbody tr[data-kind]")
    assert sorted(places.evaluate_all("rows => rows.map(r => r.dataset.kind)")) == [
        "prosthetic",
        "wheelchair",
    ]
    assert page.locator("#queue-places tr[data-kind=wheelchair] td.num").inner_text() == "1"

    page.goto(f"{base}/rehabilitation/queues/wheelchair/")
    assert "Омаров Серик" in page.locator("#queue").inner_text()
    page.goto(f"{base}/rehabilitation/coverage/?year={YEAR}")
    assert _row(page, "wheelchair") == {"entitled": "1", "provided": "0", "in-queue": "1", "security": "0.0"}

    # The supplier delivers two wheelchairs; one is issued to the person against signature.
    page.goto(f"{base}/rehabilitation/supply/")
    page.click(f"a[href='/rehabilitation/supply/lines/{line.pk}/delivery/']")
    page.fill("#id_delivered_on", f"{YEAR}-01-03")
    page.fill("#id_quantity", "2")
    page.fill("#id_document", "ТН-0042")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/rehabilitation/supply/")
    assert page.locator(f"#contract-lines tr[data-line='{line.pk}'] td.num").nth(3).inner_text() == "2"

    page.goto(f"{base}/rehabilitation/persons/{person.pk}/issue/")
    page.select_option("#id_line", str(line.pk))
    page.fill("#id_issued_on", DAY.isoformat())
    page.fill("#id_quantity", "1")
    page.fill("#id_serial_number", "WC-2026-0001")
    page.check("#id_receipt_signed")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf".*/rehabilitation/persons/{person.pk}/$"))
    assert "WC-2026-0001" in page.locator("#issues").inner_text()
    kinds = page.locator("#queue-places tbody tr[data-kind]").evaluate_all(
        "rows => rows.map(r => r.dataset.kind)"
    )
    assert kinds == ["prosthetic"]

    page.goto(f"{base}/rehabilitation/coverage/?year={YEAR}")
    assert _row(page, "wheelchair") == {
        "entitled": "1",
        "provided": "1",
        "in-queue": "0",
        "security": "100.0",
    }
    page.screenshot(path=str(screenshots / "rehab_coverage.png"), full_page=True)
    context.close()
