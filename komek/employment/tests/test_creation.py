"""Job creation: the road map's projects and hires, the jobs by source, the e-labour exchange's
imports and the private agencies — every figure of the section counted on constructed data, and the
bad input refused with the field or row named, nothing written, the refusal audited."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.tests.conftest import BALKHASH_TOWN, new_bin

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2025
PREFIX = "3516"


def _figures(actor: Any) -> dict[str, Any]:
    from komek.employment.creation_report import figures_of
    from komek.employment.selectors.creation import creation_figures

    return {f.code: f for f in figures_of(creation_figures(actor=actor, year=YEAR, prefix=PREFIX))}


def _project(counsellor: Any, **extra: Any) -> Any:
    from komek.employment.services.creation import road_map_project_create

    params: dict[str, Any] = {
        "title": "Ремонт улицы Ленина",
        "work_kind": "roads",
        "kato": BALKHASH_TOWN,
        "year_from": YEAR,
        "year_to": YEAR + 1,
        "allocated": 450_000_000,
        "jobs_planned": 100,
        "centre_share": 50,
    } | extra
    return road_map_project_create(actor=counsellor, **params)


def test_road_map_figures(
    counsellor: Any,
    make_employer: Callable[..., Any],
    make_jobseeker: Callable[..., Any],
    make_vacancy: Callable[..., Any],
) -> None:
    """Projects, money, jobs against the plan, hires through the centre against half the jobs, the
    average wage and the share of the young, the referral's hire counted with the reports'."""
    from komek.employment.services.creation import road_map_hire_record, road_map_jobs_record
    from komek.employment.services.referrals import referral_issue, referral_record_outcome

    contractor = make_employer(name="ТОО «Жол құрылыс»")
    project = _project(counsellor, employer_bin=contractor.bin)
    _project(
        counsellor,
        title="Благоустройство парка",
        work_kind="landscaping",
        allocated=50_000_000,
        jobs_planned=20,
    )
    _project(counsellor, title="Старый проект", year_from=2021, year_to=2022, jobs_planned=999)
    road_map_jobs_record(actor=counsellor, project_id=project.pk, reported_on=D(YEAR, 5, 1), jobs=60)
    road_map_jobs_record(actor=counsellor, project_id=project.pk, reported_on=D(YEAR, 8, 1), jobs=24)
    road_map_hire_record(
        actor=counsellor,
        project_id=project.pk,
        hired_on=D(YEAR, 5, 2),
        persons=49,
        youth=18,
        wage_total=49 * 92_000,
    )
    vacancy = make_vacancy(employer=contractor, wage=92_000, opened_on=D(YEAR, 3, 3))
    js = make_jobseeker(person=None, on=D(YEAR, 3, 3))
    referral = referral_issue(actor=counsellor, person=js.person, vacancy=vacancy, on=D(YEAR, 3, 5))
    referral_record_outcome(actor=counsellor, referral=referral, outcome="hired", on=D(YEAR, 3, 12))
    hire = road_map_hire_record(
        actor=counsellor, project_id=project.pk, hired_on=D(YEAR, 3, 1), referral_id=referral.pk
    )
    assert (hire.persons, hire.wage_total, hire.hired_on) == (1, 92_000, D(YEAR, 3, 12))
    got = _figures(counsellor)
    assert got["job_creation.roadmap_projects"].value == 2
    assert got["job_creation.roadmap_allocated"].value == 500_000_000
    assert (got["job_creation.roadmap_jobs"].value, got["job_creation.roadmap_jobs"].plan) == (84, 120)
    assert got["job_creation.roadmap_jobs_percent"].value == Decimal("70.0")
    assert (got["job_creation.roadmap_hired"].value, got["job_creation.roadmap_hired"].plan) == (50, 60)
    assert got["job_creation.roadmap_hired_percent"].value == Decimal("83.3")
    assert got["job_creation.roadmap_wage"].value == 92_000
    assert got["job_creation.roadmap_youth_percent"].value == Decimal(18 + int(js.tg_youth)) * 2


def test_road_map_bad_input_refused_and_audited(counsellor: Any, make_jobseeker: Callable[..., Any]) -> None:
    from komek.employment.models import RoadMapHire
    from komek.employment.services.creation import road_map_hire_record, road_map_project_create

    with pytest.raises(DomainError) as caught:
        road_map_project_create(
            actor=counsellor, title="X", work_kind="roads", kato=BALKHASH_TOWN, year_from=2026, year_to=2025,
            allocated=1, jobs_planned=1,
        )  # fmt: skip
    assert caught.value.field == "year_to"
    project = _project(counsellor)
    with pytest.raises(DomainError) as caught:
        road_map_hire_record(
            actor=counsellor, project_id=project.pk, hired_on=D(YEAR, 5, 2), persons=3, youth=4, wage_total=1
        )
    assert caught.value.field == "youth"
    with pytest.raises(DomainError) as caught:
        road_map_hire_record(
            actor=counsellor, project_id=project.pk, hired_on=D(2024, 5, 2), persons=3, wage_total=1
        )
    assert caught.value.field == "hired_on"
    assert not RoadMapHire.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="employment.roadmaphire").count() == 2


def test_jobs_by_source_against_the_plan(counsellor: Any, make_employer: Callable[..., Any]) -> None:
    """Created and permanent against the plans, by source; the employer matched by BIN."""
    from komek.employment.models import JobCreation
    from komek.employment.services.creation import job_creation_record, job_plan_set

    job_plan_set(actor=counsellor, year=YEAR, kato=BALKHASH_TOWN, indicator="jobs", planned=200)
    job_plan_set(actor=counsellor, year=YEAR, kato=BALKHASH_TOWN, indicator="jobs_permanent", planned=80)
    job_plan_set(actor=counsellor, year=YEAR, kato=BALKHASH_TOWN, indicator="jobs", planned=160)  # replaced
    employer = make_employer()
    row = job_creation_record(
        actor=counsellor, bin=employer.bin, source="business", kind="permanent", kato=BALKHASH_TOWN,
        created_on=D(YEAR, 4, 1), jobs=60,
    )  # fmt: skip
    assert (row.employer, row.enterprise) == (employer, employer.name)
    job_creation_record(
        actor=counsellor, bin=new_bin(), enterprise="ИП Сейтов", source="enbek", kind="temporary",
        kato=BALKHASH_TOWN, created_on=D(YEAR, 6, 1), jobs=40,
    )  # fmt: skip
    job_creation_record(
        actor=counsellor, bin=new_bin(), enterprise="ТОО Прошлое", source="dkz", kind="permanent",
        kato=BALKHASH_TOWN, created_on=D(YEAR - 1, 6, 1), jobs=7,
    )  # fmt: skip
    got = _figures(counsellor)
    assert (got["job_creation.jobs"].value, got["job_creation.jobs"].plan) == (100, 160)
    assert got["job_creation.jobs_percent"].value == Decimal("62.5")
    assert (got["job_creation.permanent"].value, got["job_creation.permanent"].plan) == (60, 80)
    assert got["job_creation.permanent_percent"].value == Decimal("75.0")
    assert got["job_creation.source.business"].value == 60
    assert got["job_creation.source.enbek"].value == 40
    assert got["job_creation.source.dkz"].value == 0
    with pytest.raises(DomainError) as caught:
        job_creation_record(
            actor=counsellor, bin="123456789012", enterprise="X", source="business", kind="permanent",
            kato=BALKHASH_TOWN, created_on=D(YEAR, 4, 1), jobs=1,
        )  # fmt: skip
    assert caught.value.field == "bin"
    with pytest.raises(DomainError) as caught:
        job_creation_record(
            actor=counsellor, bin=new_bin(), enterprise="X", source="lottery", kind="permanent",
            kato=BALKHASH_TOWN, created_on=D(YEAR, 4, 1), jobs=1,
        )  # fmt: skip
    assert caught.value.field == "source"
    assert JobCreation.objects.count() == 3
    assert AuditLog.objects.filter(action="refuse", object_type="employment.jobcreation").count() == 2


def _book(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_exchange_imports_and_figures(
    counsellor: Any, make_employer: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    """The vacancy file registers the employers on the exchange; the applicant file counts the
    self-registered against the plan and the employed; a second import updates by number."""
    from komek.employment.services.creation import job_plan_set
    from komek.employment.services.exchange import exchange_applicants_import, exchange_vacancies_import

    make_employer(name="ТОО «Биржасыз»")  # an employer not on the exchange: the ids of the two differ
    one, two = make_employer(), make_employer(name="ТОО «Екі»")
    vacancies = _book(
        [
            ["number", "bin", "employer_registered_on", "title", "posted_on", "positions", "wage"],
            ["V-1", one.bin, "2025-01-10", "Сварщик", "2025-02-01", 2, 150000],
            ["V-2", one.bin, "2025-01-10", "Токарь", "2025-03-01", 1, 140000],
            ["V-3", two.bin, "10.12.2024", "Водитель", "2025-01-05", 3, 160000],
        ]
    )
    assert exchange_vacancies_import(actor=counsellor, content=vacancies, filename="vacancies.xlsx") == 3
    persons = [make_person(), make_person(name="Айгуль", sex="female", birth_date=D(1999, 1, 2))]
    csv_text = (
        "number;iin;registered_on;self_registered;employed_on;employer_bin\n"
        f"A-1;{persons[0].iin};2025-02-01;1;2025-03-01;{one.bin}\n"
        f"A-2;{persons[1].iin};2025-02-03;0;;\n"
    )
    job_plan_set(actor=counsellor, year=YEAR, kato=BALKHASH_TOWN, indicator="exchange_self", planned=2)
    assert exchange_applicants_import(actor=counsellor, content=csv_text.encode(), filename="a.csv") == 2
    got = _figures(counsellor)
    assert got["job_creation.exchange_employers"].value == 1  # the second registered in 2024
    assert got["job_creation.exchange_vacancies"].value == 6
    assert got["job_creation.exchange_applicants"].value == 2
    assert (got["job_creation.exchange_self"].value, got["job_creation.exchange_self"].plan) == (1, 2)
    assert got["job_creation.exchange_self_percent"].value == Decimal("50.0")
    assert got["job_creation.exchange_employed"].value == 1
    again = csv_text.replace(
        "A-2;" + persons[1].iin + ";2025-02-03;0;;", f"A-2;{persons[1].iin};2025-02-03;1;2025-04-01;"
    )
    assert exchange_applicants_import(actor=counsellor, content=again.encode(), filename="a.csv") == 2
    got = _figures(counsellor)
    assert (got["job_creation.exchange_self"].value, got["job_creation.exchange_employed"].value) == (2, 2)


def test_exchange_import_with_a_bad_row_is_refused_whole(
    counsellor: Any, make_employer: Callable[..., Any]
) -> None:
    from komek.employment.models import ExchangeEmployer, ExchangeVacancy
    from komek.employment.services.exchange import ExchangeImportRefused, exchange_vacancies_import

    one = make_employer()
    content = _book(
        [
            ["number", "bin", "employer_registered_on", "title", "posted_on", "positions", "wage"],
            ["V-1", one.bin, "2025-01-10", "Сварщик", "2025-02-01", 2, 150000],
            ["V-2", new_bin(), "2025-01-10", "Токарь", "2025-03-01", 1, 140000],
            ["V-3", "123", "2025-01-10", "Токарь", "2025-03-01", 1, 140000],
        ]
    )
    with pytest.raises(ExchangeImportRefused) as caught:
        exchange_vacancies_import(actor=counsellor, content=content, filename="v.xlsx")
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "bin"), (4, "bin")]
    assert caught.value.errors[0].line == 3 and "3" in str(caught.value)
    assert not ExchangeVacancy.objects.exists() and not ExchangeEmployer.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="employment.exchangevacancy").count() == 1


def test_private_agencies(counsellor: Any) -> None:
    from komek.employment.services.creation import agency_register, agency_report_record

    agency = agency_register(
        actor=counsellor, bin=new_bin(), name="ТОО «Кадры»", kato=BALKHASH_TOWN, registered_on=D(2024, 1, 5)
    )
    other = agency_register(
        actor=counsellor,
        bin=new_bin(),
        name="ТОО «Персонал»",
        kato=BALKHASH_TOWN,
        registered_on=D(2024, 1, 5),
    )
    agency_report_record(
        actor=counsellor,
        agency_id=agency.pk,
        period_from=D(YEAR, 1, 1),
        period_to=D(YEAR, 6, 30),
        applied=100,
        employed=3,
    )
    agency_report_record(
        actor=counsellor,
        agency_id=agency.pk,
        period_from=D(YEAR, 7, 1),
        period_to=D(YEAR, 12, 31),
        applied=50,
        employed=2,
    )
    agency_report_record(
        actor=counsellor,
        agency_id=other.pk,
        period_from=D(YEAR - 1, 1, 1),
        period_to=D(YEAR - 1, 12, 31),
        applied=9,
        employed=9,
    )
    got = _figures(counsellor)
    assert (got["job_creation.agencies"].value, got["job_creation.agency_applied"].value) == (1, 150)
    assert got["job_creation.agency_employed"].value == 5
    with pytest.raises(DomainError) as caught:
        agency_report_record(
            actor=counsellor,
            agency_id=other.pk,
            period_from=D(YEAR, 1, 1),
            period_to=D(YEAR, 3, 31),
            applied=1,
            employed=2,
        )
    assert caught.value.field == "employed"
    with pytest.raises(DomainError) as caught:
        agency_register(
            actor=counsellor, bin=agency.bin, name="Дубль", kato=BALKHASH_TOWN, registered_on=D(2024, 1, 5)
        )
    assert caught.value.field == "bin"


def test_job_fairs_counted(counsellor: Any, make_employer: Callable[..., Any]) -> None:
    from komek.employment.services.fairs import job_fair_record

    one, two = make_employer(), make_employer(name="Второй")
    job_fair_record(
        actor=counsellor, held_on=D(YEAR, 3, 1), title="Ярмарка", kato=BALKHASH_TOWN, visitors=200,
        referrals_issued=15, employers=[(one, 10), (two, 5)],
    )  # fmt: skip
    job_fair_record(
        actor=counsellor, held_on=D(YEAR, 9, 1), title="Ярмарка 2", kato=BALKHASH_TOWN, visitors=100,
        referrals_issued=5, employers=[(one, 7)],
    )  # fmt: skip
    got = _figures(counsellor)
    assert [
        got[f"job_creation.{c}"].value
        for c in ("fairs", "fair_employers", "fair_vacancies", "fair_visitors", "fair_referrals")
    ] == [2, 3, 22, 300, 20]  # employers: participations, one of them at both fairs


def test_the_section_needs_the_report_capability(counsellor: Any, make_user: Callable[..., Any]) -> None:
    from komek.accounts.choices import Role
    from komek.common.errors import PermissionDenied
    from komek.employment.creation_report import job_creation_section

    analyst = make_user(Role.ANALYST, username="analyst")
    _project(counsellor)
    codes = {f.code: f.value for f in job_creation_section(actor=analyst, year=YEAR, prefix=PREFIX)}
    assert codes["job_creation.roadmap_projects"] == 1
    with pytest.raises(PermissionDenied):
        job_creation_section(actor=counsellor, year=YEAR, prefix=PREFIX)
