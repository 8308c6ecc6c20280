"""In the browser: the counsellor records an employment road map project with its contractor, then
the hire through the centre of a jobseeker the contractor took on a referral, and sees the figures of
the year change; a file of the e-labour exchange with a bad row is refused with the row named.

Drives Debian's chromium through Playwright against the live test server."""

from __future__ import annotations

import datetime as dt
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
PASSWORD = "Browser-tests-pass-7713"
BALKHASH_TOWN = "351610000"


@pytest.fixture
def hired(transactional_db: None) -> Iterator[dict[str, Any]]:
    """A counsellor of Balkhash, a contractor with a vacancy, and a jobseeker hired on a referral."""
    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.common.kato import kato_load
    from komek.employment.bin import make_bin
    from komek.employment.services.employers import employer_create
    from komek.employment.services.jobseekers import jobseeker_register
    from komek.employment.services.occupations import occupations_load
    from komek.employment.services.referrals import referral_issue, referral_record_outcome
    from komek.employment.services.vacancies import vacancy_create
    from komek.registry.iin import make_iin
    from komek.registry.services.persons import person_create

    kato_load()  # a transactional test before this one may have flushed the reference data
    occupations_load()
    user = user_create(
        actor=system("tests"), username="roadmap_counsellor", password=PASSWORD,
        role=Role.EMPLOYMENT_COUNSELLOR, units=["351600000"],
    )  # fmt: skip
    registrar = user_create(
        actor=system("tests"), username="roadmap_registrar", password=PASSWORD, role=Role.REGISTRAR,
        units=["351600000"],
    )  # fmt: skip
    today = timezone.localdate()
    contractor = employer_create(
        actor=user, bin=make_bin(2012, 4, 777) or "", name="ТОО «Балқаш Жол»", kato=BALKHASH_TOWN,
        size="medium", staff=150,
    )  # fmt: skip
    vacancy = vacancy_create(
        actor=user, employer=contractor, occupation="7212", title="Дорожный рабочий", wage=180_000,
        schedule="full_time", kato=BALKHASH_TOWN, opened_on=today - dt.timedelta(days=10),
    )  # fmt: skip
    iin = next(i for s in range(6000, 6100) if (i := make_iin(dt.date(2000, 3, 15), "male", s)))
    person = person_create(actor=registrar, iin=iin, surname="Серіков", name="Дәурен", kato=BALKHASH_TOWN)
    jobseeker_register(
        actor=user, person=person, on=today - dt.timedelta(days=9), professions=["7212"],
        documents=["application", "identity", "education", "employment_record"],
    )  # fmt: skip
    referral = referral_issue(actor=user, person=person, vacancy=vacancy, on=today - dt.timedelta(days=8))
    referral_record_outcome(actor=user, referral=referral, outcome="hired", on=today - dt.timedelta(days=1))
    yield {"bin": contractor.bin}


def _figure(page: Any, code: str) -> Any:
    return page.locator(f"tr[data-code='{code}'] td.num")


def test_a_project_a_hire_through_the_centre_and_a_refused_import(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    hired: dict[str, Any],
    chromium: Any,  # noqa: F811
    screenshots: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    base = live_server.url
    today = timezone.localdate()
    figures = f"{base}/employment/creation/?kato=351600000&year={today.year}"
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(30_000)  # only a failing wait reaches it
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "roadmap_counsellor")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")

    page.goto(figures)
    expect(_figure(page, "job_creation.roadmap_projects")).to_have_text("0")
    expect(_figure(page, "job_creation.roadmap_hired")).to_have_text("0")

    page.click("nav.subnav a[href='/employment/roadmap/']")
    page.fill("#id_project-title", "Ремонт улицы Ленина")
    page.select_option("#id_project-work_kind", "roads")
    page.fill("#id_project-employer_bin", hired["bin"])
    page.fill("#id_project-year_from", str(today.year))
    page.fill("#id_project-year_to", str(today.year))
    page.fill("#id_project-allocated", "300000000")
    page.fill("#id_project-jobs_planned", "10")
    page.click("#project-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Ремонт улицы Ленина")
    expect(page.locator("#project-hired")).to_have_text("5 / 0")

    page.select_option("#id_hire-referral_id", index=1)
    page.fill("#id_hire-hired_on", today.isoformat())
    page.click("#hire-form button[type=submit]")
    expect(page.locator("#project-hired")).to_have_text("5 / 1")
    expect(page.locator("#project-hires")).to_contain_text("Серіков")
    page.screenshot(path=str(screenshots / "roadmap-project.png"), full_page=True)

    page.goto(figures)
    expect(_figure(page, "job_creation.roadmap_projects")).to_have_text("1")
    expect(_figure(page, "job_creation.roadmap_hired")).to_have_text("1")
    expect(_figure(page, "job_creation.roadmap_hired_percent")).to_have_text("20,0")
    expect(_figure(page, "job_creation.roadmap_youth_percent")).to_have_text("100,0")

    bad = tmp_path / "vacancies.csv"
    bad.write_text(
        "number,bin,employer_registered_on,title,posted_on,positions,wage\n"
        f"E-1,{hired['bin']},{today.isoformat()},Сварщик,{today.isoformat()},1,150000\n"
        f"E-2,123,{today.isoformat()},Токарь,{today.isoformat()},1,150000\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/employment/exchange/import/")
    page.select_option("#id_kind", "vacancies")
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    expect(page.locator("#import-errors tbody tr td").first).to_have_text("3")
    expect(page.locator("#import-errors")).to_contain_text("bin")
    page.goto(figures)
    expect(_figure(page, "job_creation.exchange_employers")).to_have_text("0")
    page.screenshot(path=str(screenshots / "roadmap-figures.png"), full_page=True)
    context.close()
