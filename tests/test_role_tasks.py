"""Each role's main task in a real browser, from the home page, by clicks only.

A user of each of the ten roles signs in, starts at the start page and completes the task their
role exists for by following the links, menus, to-do lists and buttons the pages offer: no address
is typed after the sign-in (``page.goto`` opens only the sign-in page). When a step needs a page no
link leads to, the test fails: the fix is a link in the interface, not an address in the test.

The data each task needs is recorded through the services beforehand; the outcome is asserted in
the database and on the page. Every page visited passes the WCAG 2.1 AA check (``a11y.watch`` in
the shared ``chromium`` fixture).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.registry.tests.test_browser import (  # the shared browser fixtures
    _audit_triggers_restored,  # noqa: F401
    audit_triggers_flushable,  # noqa: F401
    chromium,  # noqa: F401
    valid_iin,
)

pytestmark = pytest.mark.browser
PASSWORD = "Browser-tests-pass-7713"
BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
KARAGANDA_REGION = "350000000"
DOCUMENTS = ["application", "identity", "residence", "family", "incomes", "situation_act", "bank_account"]
BIC, IBAN = "HSBKKZKX", "KZ20601KZT5004100100"
#: How long a step waits (milliseconds): only a failing wait reaches it.
WAIT = int(os.environ.get("KOMEK_BROWSER_WAIT", "120000"))

#: The staff of the Balkhash department: one user per role (the auditor and the administrator
#: of the whole region).
STAFF: dict[str, tuple[str, list[str], str]] = {
    Role.REGISTRAR: ("w_registrar", [BALKHASH], Reach.UNITS),
    Role.CASEWORKER: ("w_caseworker", [BALKHASH], Reach.UNITS),
    Role.COMMISSION_MEMBER: ("w_member", [BALKHASH], Reach.UNITS),
    Role.EMPLOYMENT_COUNSELLOR: ("w_counsellor", [BALKHASH], Reach.UNITS),
    Role.REHABILITATION_SPECIALIST: ("w_rehab", [BALKHASH], Reach.UNITS),
    Role.ACCOUNTANT: ("w_accountant", [BALKHASH], Reach.UNITS),
    Role.DEPARTMENT_HEAD: ("w_head", [BALKHASH], Reach.UNITS),
    Role.ANALYST: ("w_analyst", [BALKHASH], Reach.UNITS),
    Role.AUDITOR: ("w_auditor", [KARAGANDA_REGION], Reach.REGION),
    Role.ADMINISTRATOR: ("w_admin", [KARAGANDA_REGION], Reach.REGION),
}


@pytest.fixture
def staff(transactional_db: None) -> dict[str, Any]:
    """Reference data and one user per role, keyed by role."""
    from komek.accounts.services import user_create
    from komek.applications.services.catalogue import catalogue_load
    from komek.benefits.banks import banks_load
    from komek.common.kato import kato_load

    kato_load()
    catalogue_load()
    banks_load()
    users: dict[str, Any] = {}
    for role, (username, units, reach) in STAFF.items():
        users[role] = user_create(
            actor=system("tests"),
            username=username,
            password=PASSWORD,
            role=role,
            units=units,
            reach=reach,
            first_name="Тест",
            last_name=str(Role(role).label),
        )
    return users


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:  # noqa: F811
    context = chromium.new_context(
        viewport={"width": 1366, "height": 900}, locale="ru-RU", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(WAIT)  # only a failing wait reaches it
    yield page
    context.close()
    # The ORM queries of the test ran beside Playwright's event loop on connections of their own.
    connections.close_all()


def start(page: Any, base: str, role: str) -> None:
    """Sign in as the role's user: the start page is where every task begins."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", STAFF[role][0])
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{base}/")


def menu(page: Any, label: str) -> None:
    """Follow an entry of the main menu by its label (the page is in Russian)."""
    page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def person(registrar: Any, surname: str, name: str, birth: dt.date, sex: str = "male") -> Any:
    from komek.registry.services.persons import person_create

    return person_create(
        actor=registrar, iin=valid_iin(birth, sex), surname=surname, name=name, kato=BALKHASH_TOWN
    )


def household(registrar: Any) -> Any:
    """A family of Balkhash with a child in dispensary care, for an application of local assistance."""
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.statuses import status_add

    today = timezone.localdate()
    head = person(registrar, "Жумабаев", "Серик", dt.date(1979, 5, 4))
    son = person(registrar, "Жумабаев", "Арман", dt.date(2012, 2, 9))
    family_create(
        actor=registrar,
        members=[MemberSpec(head, "head"), MemberSpec(son, "child")],
        kato=BALKHASH_TOWN,
        valid_from=today.replace(year=today.year - 1),
    )
    status_add(
        actor=registrar,
        person=son,
        kind="dispensary",
        subtype="tuberculosis",
        valid_from=today.replace(year=today.year - 1),
    )
    return head


def received(staff: dict[str, Any]) -> Any:
    """An application of local social assistance (a fire), received by the front office."""
    from komek.applications.services.intake import application_receive

    head = household(staff[Role.REGISTRAR])
    return application_receive(
        actor=staff[Role.REGISTRAR],
        service="local_social_assistance",
        channel="office",
        applicant_id=head.pk,
        documents=DOCUMENTS,
        language="ru",
        circumstances=["fire_damage"],
        bank_bic=BIC,
        iban=IBAN,
    )


def test_registrar_registers_a_family_with_a_member_and_an_income(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.registry.models import Family, Income, Membership
    from komek.registry.views.registration import reference_quarter

    base, page = live_server.url, browser_page
    start(page, base, Role.REGISTRAR)
    page.click("main a.tile:has-text('Зарегистрировать семью')")
    page.wait_for_url(re.compile(r".*/families/register/$"))
    page.select_option("#id_kato", BALKHASH_TOWN)
    page.fill("#id_street", "ул. Сейфуллина, 4-12")
    iin = valid_iin(dt.date(1981, 3, 8), "female")
    page.fill("#id_m-0-iin", iin)
    expect(page.locator("#id_m-0-iin ~ [data-lookup-status]")).not_to_be_empty()
    page.select_option("#id_m-0-relation", "head")
    page.fill("#id_m-0-surname", "Абенова")
    page.fill("#id_m-0-name", "Динара")
    month = reference_quarter()[0]
    page.locator("fieldset[data-member-row='0'] details summary").click()
    page.fill(f"#id_inc-0-{month:%Y-%m}-wages", "180 000")
    page.click("form.family-register button[name=save]")
    page.wait_for_url(re.compile(r".*/families/\d+/$"))

    family = Family.objects.get()
    assert Membership.objects.get(family=family).person.iin == iin
    income = Income.objects.get(person__iin=iin)
    assert (income.month, income.amount) == (month, 180_000)
    assert "Абенова Динара" in page.locator("main").inner_text()


@pytest.fixture
def tsa_case(staff: dict[str, Any]) -> Iterator[Any]:
    """An application for TSA of a Balkhash family of three living on the head's wages of 30,000 a
    month, with the social contract the employment centre signed with it (what a conditional TSA
    names); the median income behind the poverty line entered by an administrator."""
    from decimal import Decimal

    from komek.accounts.services import user_create
    from komek.applications.services.intake import application_receive
    from komek.employment.services.contracts import social_contract_create
    from komek.legislation import loader
    from komek.legislation.services.parameters import parameter_value_add
    from komek.registry.services.families import MemberSpec, family_create
    from komek.registry.services.incomes import income_record
    from komek.rules.periods import reference_months

    loader.invalidate()  # the engine is built from this test's records
    national = user_create(
        actor=system("tests"),
        username="w_national",
        password=PASSWORD,
        role=Role.ADMINISTRATOR,
        units=[BALKHASH],
        reach=Reach.NATIONAL,
    )
    parameter_value_add(
        actor=national,
        name="median_income",
        value=Decimal(100_000),
        valid_from=dt.date(2025, 1, 1),
        reference="Test value",
        new=True,
    )
    registrar, on = staff[Role.REGISTRAR], timezone.localdate()
    head = person(registrar, "Сейткали", "Берик", on.replace(year=on.year - 45, day=1))
    spouse = person(registrar, "Сейткали", "Жанар", on.replace(year=on.year - 40, day=1), "female")
    child = person(registrar, "Сейткали", "Аружан", on.replace(year=on.year - 8, day=1), "female")
    family = family_create(
        actor=registrar,
        members=[MemberSpec(head, "head"), MemberSpec(spouse, "spouse"), MemberSpec(child, "child")],
        kato=BALKHASH_TOWN,
        valid_from=on.replace(year=on.year - 1),
    )
    for month in reference_months(on):
        income_record(actor=registrar, person=head, month=month, income_type="wages", amount=30_000)
    social_contract_create(
        actor=staff[Role.EMPLOYMENT_COUNSELLOR],
        family=family,
        number="SK-3516-7",
        signed_on=on,
        valid_to=on + dt.timedelta(days=180),
        items=[(head, "training", on + dt.timedelta(days=90))],
    )
    app = application_receive(
        actor=registrar,
        service="tsa",
        channel="office",
        applicant_id=head.pk,
        language="ru",
        documents=["application", "identity", "residence", "family", "incomes", "bank_account"],
        bank_bic=BIC,
        iban=IBAN,
    )
    yield app
    loader.invalidate()


def test_caseworker_opens_a_case_from_the_to_do_list_and_decides_it(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    tsa_case: Any,
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.applications.models import Application
    from komek.benefits.models import Assignment

    app = tsa_case
    assert app.caseworker_id == staff[Role.CASEWORKER].pk
    base, page = live_server.url, browser_page
    start(page, base, Role.CASEWORKER)
    page.click(f"#dash-cases a:has-text('{app.number}')")
    page.wait_for_url(re.compile(rf".*/services/{app.pk}/$"))
    for box in page.locator("#verify-form input[name=documents]").all():
        box.check()
    page.check("#verify-form input[name=incomes_checked]")
    page.click("#verify-form button[type=submit]")
    page.click("#calculate-form button[type=submit]")
    page.wait_for_selector("#calculation")
    page.check("#decision-form input[name=decision][value=assign]")
    page.fill("#decision-form input[name=social_contract_ref]", "SK-3516-7")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("a.letter")).to_have_count(1)

    app = Application.objects.get(pk=app.pk)
    assert app.status == "assigned" and app.decided_amount == app.calculated_amount
    assert app.decided_amount
    assert Assignment.objects.get(application_id=app.pk).monthly_amount == app.decided_amount


def test_commission_member_opens_the_meeting_and_votes(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.accounts.services import user_create
    from komek.applications.services.cases import (
        application_calculate,
        application_to_commission,
        application_verify,
    )
    from komek.commissions.models import Meeting
    from komek.commissions.services.meetings import agenda_build, meeting_create

    app = received(staff)
    worker = staff[Role.CASEWORKER]
    app = application_verify(
        actor=worker,
        application_id=app.pk,
        version=app.version,
        documents=app.documents,
        incomes_checked=True,
    )
    app = application_calculate(actor=worker, application_id=app.pk, version=app.version)
    app = application_to_commission(actor=worker, application_id=app.pk, version=app.version)
    secretary = user_create(
        actor=system("tests"),
        username="w_secretary",
        password=PASSWORD,
        role=Role.COMMISSION_MEMBER,
        units=[BALKHASH],
    )
    meeting = meeting_create(
        actor=secretary,
        kato=BALKHASH,
        date=timezone.localdate(),
        quorum=2,
        member_ids=[staff[Role.COMMISSION_MEMBER].pk],
    )
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 1

    base, page = live_server.url, browser_page
    start(page, base, Role.COMMISSION_MEMBER)
    menu(page, "Комиссия")
    page.click(f"a:has-text('{meeting.number}')")
    page.wait_for_url(re.compile(rf".*/commissions/{meeting.pk}/$"))
    assert app.number in page.locator("table.agenda").inner_text()
    page.click("form.vote-form button[value=for]")
    expect(page.locator("form.vote-form button[value=for][aria-pressed=true]")).to_be_visible()

    vote = Meeting.objects.get(pk=meeting.pk).items.get().votes.get()
    assert (vote.member.user_id, vote.choice) == (staff[Role.COMMISSION_MEMBER].pk, "for")


def test_employment_counsellor_registers_a_jobseeker_and_refers_them(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.employment.bin import make_bin
    from komek.employment.models import Referral
    from komek.employment.services.employers import employer_create
    from komek.employment.services.occupations import occupations_load
    from komek.employment.services.vacancies import vacancy_create

    occupations_load()
    seeker = person(staff[Role.REGISTRAR], "Касымов", "Ерлан", dt.date(1994, 6, 15))
    counsellor = staff[Role.EMPLOYMENT_COUNSELLOR]
    employer = employer_create(
        actor=counsellor,
        bin=next(b for s in range(10, 99) if (b := make_bin(18, 5, s))),
        name="ТОО «Каскад»",
        kato=BALKHASH_TOWN,
        size="medium",
        staff=120,
    )
    welder = vacancy_create(
        actor=counsellor,
        employer=employer,
        occupation="7212",
        title="Электрогазосварщик",
        wage=250_000,
        schedule="full_time",
        kato=BALKHASH_TOWN,
        opened_on=timezone.localdate(),
    )

    base, page = live_server.url, browser_page
    start(page, base, Role.EMPLOYMENT_COUNSELLOR)
    menu(page, "Занятость")
    page.locator("nav").get_by_role("link", name="Соискатели", exact=True).click()
    page.wait_for_url(re.compile(r".*/employment/jobseekers/$"))
    page.click("a[href$='/employment/jobseekers/new/']")
    page.fill("#id_iin", seeker.iin)
    for doc in ("application", "identity", "employment_record", "education"):
        page.check(f"input[name=documents][value={doc}]")
    page.fill("#id_professions", "сварщики")
    page.select_option("#id_education", "2")
    page.fill("#id_experience_years", "4")
    page.fill("#id_desired_wage", "200000")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/employment/jobseekers/\d+/$"))
    page.click("#find-vacancies")
    page.wait_for_url(re.compile(r".*/match/$"))
    page.locator(f"#matches tbody tr[data-vacancy='{welder.pk}'] button.refer").click()
    page.wait_for_url(re.compile(r".*/employment/jobseekers/\d+/$"))
    expect(page.locator("#referrals")).to_contain_text("Электрогазосварщик")

    referral = Referral.objects.get()
    assert (referral.jobseeker.person_id, referral.vacancy_id) == (seeker.pk, welder.pk)


def test_rehabilitation_specialist_records_an_aid_of_a_persons_ipr(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.registry.services.statuses import status_add
    from komek.rehabilitation.models import QueueEntry

    today = timezone.localdate()
    someone = person(staff[Role.REGISTRAR], "Омаров", "Серик", dt.date(1968, 2, 11))
    status_add(
        actor=staff[Role.REGISTRAR],
        person=someone,
        kind="disability",
        subtype="group_1",
        valid_from=today.replace(year=today.year - 2),
    )

    base, page = live_server.url, browser_page
    start(page, base, Role.REHABILITATION_SPECIALIST)
    menu(page, "Реабилитация")
    page.fill("#id_iin", someone.iin)
    page.click("#iin-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/rehabilitation/persons/{someone.pk}/$"))
    page.click(f"a[href$='/rehabilitation/persons/{someone.pk}/ipr/new/']")
    page.fill("#id_number", "МСЭ-117")
    page.fill("#id_issued_on", today.isoformat())
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_applied_on", today.isoformat())
    page.check("#id_wheelchair__on")
    page.fill("#id_wheelchair__item", "Кресло-коляска комнатная")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(rf".*/rehabilitation/persons/{someone.pk}/$"))
    expect(page.locator("#queue-places tr[data-kind=wheelchair]")).to_be_visible()

    entry = QueueEntry.objects.get(person=someone)
    assert entry.kind == "wheelchair"


def _assignments(staff: dict[str, Any], month: dt.date) -> None:
    """Two TSA assignments of Balkhash families running through ``month``."""
    from komek.benefits.iban import make_iban
    from komek.benefits.services import assignment_create
    from komek.registry.services.families import MemberSpec, family_create

    for n in range(2):
        head = person(staff[Role.REGISTRAR], "Оспанова", f"Дана{'аб'[n]}", dt.date(1980 + n, 5, 17), "female")
        family = family_create(
            actor=staff[Role.REGISTRAR],
            members=[MemberSpec(person=head, relation="head")],
            kato=BALKHASH_TOWN,
            valid_from=month.replace(year=month.year - 1),
        )
        assignment_create(
            actor=staff[Role.CASEWORKER],
            programme="tsa",
            family_id=family.pk,
            person_id=None,
            recipient_id=head.pk,
            kind="tsa_unconditional",
            monthly_amount=20_000 + n * 1_000,
            period_start=month,
            period_end=month,
            bank_bic=BIC,
            iban=make_iban("601", f"{n + 1:013d}"),
            basis=f"Решение {n + 1}",
        )


MONTH = dt.date(2020, 2, 1)


def test_accountant_prepares_a_payroll(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.payments.models import Payroll

    _assignments(staff, MONTH)
    base, page = live_server.url, browser_page
    start(page, base, Role.ACCOUNTANT)
    menu(page, "Ведомости")
    page.fill("#id_month", f"{MONTH:%Y-%m}")
    page.select_option("#id_programme", "tsa")
    page.click("#prepare-form button[type=submit]")
    page.wait_for_url(f"{base}/payments/")
    page.click("table.grid a[href^='/payments/']")
    page.wait_for_url(re.compile(r".*/payments/\d+/$"))
    text = page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert "41 000 ₸" in text

    payroll = Payroll.objects.get()
    assert (payroll.month, payroll.line_count, payroll.total_amount) == (MONTH, 2, 41_000)
    assert payroll.status == "prepared"


def test_department_head_approves_the_payroll_waiting(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.payments.models import Payroll
    from komek.payments.services.run import payroll_run

    _assignments(staff, MONTH)
    [payroll] = payroll_run(actor=staff[Role.ACCOUNTANT], month=MONTH, programme="tsa")
    base, page = live_server.url, browser_page
    start(page, base, Role.DEPARTMENT_HEAD)
    page.click(f"#dash-payrolls a[href='/payments/{payroll.pk}/']")
    page.wait_for_url(f"{base}/payments/{payroll.pk}/")
    status_before = page.locator("#payroll-status").inner_text()
    page.click("form[action$='/approve/'] button")
    expect(page.locator("#payroll-status")).not_to_have_text(status_before)

    payroll = Payroll.objects.get(pk=payroll.pk)
    assert payroll.status == "approved" and payroll.approved_by_id == staff[Role.DEPARTMENT_HEAD].pk


def test_analyst_opens_the_annual_report_and_its_xlsx(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    base, page = live_server.url, browser_page
    start(page, base, Role.ANALYST)
    page.click("main a.tile[href='/reports/annual/']")
    page.wait_for_url(re.compile(r".*/reports/annual/.*"))
    expect(page.locator("h1")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX", exact=True).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == f"annual-report-{timezone.localdate().year - 1}-{BALKHASH}.xlsx"
    assert load_workbook(path).sheetnames


def test_auditor_finds_the_audit_records_of_a_person(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    someone = person(staff[Role.REGISTRAR], "Нурланова", "Сауле", dt.date(1990, 1, 20), "female")
    base, page = live_server.url, browser_page
    start(page, base, Role.AUDITOR)
    page.click("main a.tile[href='/audit/']")
    page.wait_for_url(f"{base}/audit/")
    page.fill("#id_person", someone.iin)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*/audit/\?.*person=.*"))
    table = page.locator("table.audit tbody").inner_text()
    assert "registry.person" in table and "w_registrar" in table


def test_administrator_creates_a_user_with_a_role_and_a_territory(
    live_server: Any,
    audit_triggers_flushable: None,  # noqa: F811
    staff: dict[str, Any],
    browser_page: Any,  # noqa: F811
) -> None:
    from komek.accounts.models import User

    base, page = live_server.url, browser_page
    start(page, base, Role.ADMINISTRATOR)
    menu(page, "Пользователи")
    page.click("a.btn-primary[href$='/users/new/']")
    page.fill("#id_username", "new_caseworker")
    page.fill("#id_first_name", "Айжан")
    page.fill("#id_last_name", "Бекова")
    page.select_option("#id_role", Role.CASEWORKER)
    page.select_option("#id_reach", Reach.UNITS)
    page.select_option("#id_units", [BALKHASH])
    page.fill("#id_password", "Nurly-zhol-2026-kz")
    page.fill("#id_password_again", "Nurly-zhol-2026-kz")
    page.click("form.form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r".*/accounts/users/.*"))
    expect(page.locator("main")).to_contain_text("new_caseworker")

    user = User.objects.get(username="new_caseworker")
    assert (user.role, user.reach) == (Role.CASEWORKER, Reach.UNITS)
    assert [u.code for u in user.units.all()] == [BALKHASH]
