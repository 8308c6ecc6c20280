"""Employers, vacancies, jobseekers and referrals: the rules and the refusals, nothing half-written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.common.workdays import add_working_days
from komek.employment.bin import make_bin, validate_bin
from komek.employment.models import Employer, Jobseeker, Referral, Vacancy
from komek.employment.tests.conftest import BALKHASH_TOWN, new_bin
from komek.registry.models import PersonStatus

D = dt.date


def test_bin_check_digit_and_entity_type() -> None:
    """A BIN is checked like an IIN, and its 5th digit must be 4, 5 or 6."""
    good = make_bin(18, 5, 4321)
    assert good is not None and validate_bin(good) == good
    wrong_digit = good[:11] + str((int(good[11]) + 1) % 10)
    for bad, code in [
        (wrong_digit, "bin_check_digit"),
        ("1805300012", "bin_format"),
        ("181330001234", "bin_month"),
    ]:
        with pytest.raises(DomainError) as exc:
            validate_bin(bad)
        assert exc.value.code == code and exc.value.field == "bin"
    head = "1805" + "3" + "000123"
    with pytest.raises(DomainError) as exc:
        validate_bin(head + "0")
    assert exc.value.code == "bin_entity_type"


def test_employer_with_invalid_bin_is_refused_and_nothing_written(counsellor: Any) -> None:
    """An invalid BIN: a clear error on the field, no employer, no audit row."""
    from komek.employment.services.employers import employer_create

    before = AuditLog.objects.count()
    with pytest.raises(DomainError) as exc:
        employer_create(actor=counsellor, bin="180540001230", name="ТОО", kato=BALKHASH_TOWN, size="small")
    assert exc.value.field == "bin"
    assert not Employer.objects.exists() and AuditLog.objects.count() == before


def test_vacancy_below_minimum_wage_of_its_date(make_vacancy: Callable[..., Any]) -> None:
    """85,000 tenge is the minimum wage from 2024: 84,999 is refused then, 60,000 was fine in 2022."""
    with pytest.raises(DomainError) as exc:
        make_vacancy(wage=84_999, opened_on=D(2025, 2, 1))
    assert exc.value.code == "below_minimum_wage" and "85000" in str(exc.value)
    assert not Vacancy.objects.exists()
    assert make_vacancy(wage=60_000, opened_on=D(2022, 6, 1)).wage == 60_000


def test_working_days_skip_holidays_and_count_worked_saturdays() -> None:
    """10 working days over the May holidays of 2024, with the worked Saturday of 4 May."""
    # 29.04 Mon → 30.04, 02.05, 03.05, 04.05 (worked Sat), 06.05, 10.05, 13.05, 14.05, 15.05, 16.05
    assert add_working_days(D(2024, 4, 29), 10) == D(2024, 5, 16)
    assert add_working_days(D(2025, 3, 3), 10) == D(2025, 3, 18)  # 8 March on Saturday: moved to Monday 10.03


def test_register_jobseeker_writes_status_history_and_flags(
    make_jobseeker: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    """Registration opens a 'jobseeker' status in the registry; target groups come from the registry."""
    woman = make_person(name="Жанар", sex="female", birth_date=D(2001, 5, 2))
    js = make_jobseeker(person=woman)
    assert js.status == "jobseeker" and js.unemployed_due == D(2025, 3, 18)
    assert js.tg_women and js.tg_youth and not js.tg_disability
    status = PersonStatus.objects.get(person=woman)
    assert (status.kind, status.valid_from, status.valid_to) == ("jobseeker", D(2025, 3, 3), None)
    with pytest.raises(DomainError) as exc:
        make_jobseeker(person=woman)
    assert exc.value.code == "already_registered"


def test_missing_documents_are_named(counsellor: Any, make_person: Callable[..., Any]) -> None:
    """A registration without the required documents names the missing ones and writes nothing."""
    from komek.employment.services.jobseekers import jobseeker_register

    with pytest.raises(DomainError) as exc:
        jobseeker_register(
            actor=counsellor,
            person=make_person(),
            on=D(2025, 3, 3),
            documents=["identity"],
            professions=["7212"],
            experience_years=2,
        )
    assert exc.value.field == "documents" and "Трудовая книжка" in str(exc.value)
    assert not Jobseeker.objects.exists()


def test_unemployed_after_ten_working_days_without_offer(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_vacancy: Callable[..., Any]
) -> None:
    """Only the jobseeker to whom nothing was offered becomes unemployed, from the due date."""
    from komek.employment.services.jobseekers import jobseekers_promote_unemployed
    from komek.employment.services.referrals import referral_issue

    idle, offered = make_jobseeker(), make_jobseeker()
    referral_issue(actor=counsellor, person=offered.person, vacancy=make_vacancy(), on=D(2025, 3, 10))
    assert jobseekers_promote_unemployed(actor=counsellor, on=D(2025, 3, 17)) == 0
    assert jobseekers_promote_unemployed(actor=counsellor, on=D(2025, 3, 20)) == 1
    idle.refresh_from_db()
    assert (idle.status, idle.unemployed_from) == ("unemployed", D(2025, 3, 18))
    history = list(
        PersonStatus.objects.filter(person=idle.person)
        .order_by("valid_from")
        .values_list("kind", "valid_from", "valid_to")
    )
    assert history == [("jobseeker", D(2025, 3, 3), D(2025, 3, 17)), ("unemployed", D(2025, 3, 18), None)]
    assert Jobseeker.objects.get(pk=offered.pk).status == "jobseeker"


def test_referral_of_unregistered_person_is_refused(
    counsellor: Any, make_person: Callable[..., Any], make_vacancy: Callable[..., Any]
) -> None:
    """A person not registered as a jobseeker cannot be referred to a vacancy."""
    from komek.employment.services.referrals import referral_issue

    with pytest.raises(DomainError) as exc:
        referral_issue(actor=counsellor, person=make_person(), vacancy=make_vacancy(), on=D(2025, 3, 5))
    assert exc.value.code == "not_registered"
    assert not Referral.objects.exists()


def test_hire_deregisters_and_fills_vacancy(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_vacancy: Callable[..., Any]
) -> None:
    """A hire ends the registration (ground: employed), closes the status and fills the vacancy."""
    from komek.employment.services.referrals import referral_issue, referral_record_outcome

    js, vacancy = make_jobseeker(), make_vacancy()
    referral = referral_issue(actor=counsellor, person=js.person, vacancy=vacancy, on=D(2025, 3, 5))
    assert referral.follow_up_on == add_working_days(D(2025, 3, 5), 5)
    referral_record_outcome(actor=counsellor, referral=referral, outcome="hired", on=D(2025, 3, 12))
    js.refresh_from_db()
    vacancy.refresh_from_db()
    assert (js.status, js.deregistration_ground, js.deregistered_on) == (
        "deregistered",
        "employed",
        D(2025, 3, 12),
    )
    assert vacancy.status == "filled" and vacancy.events.count() == 2
    assert PersonStatus.objects.get(person=js.person).valid_to == D(2025, 3, 12)


def test_two_refusals_end_the_registration(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_vacancy: Callable[..., Any]
) -> None:
    """A second refusal of a suitable offer ends the registration on that ground."""
    from komek.employment.services.referrals import referral_issue, referral_record_outcome

    js = make_jobseeker()
    for day in (5, 6):
        ref = referral_issue(actor=counsellor, person=js.person, vacancy=make_vacancy(), on=D(2025, 3, day))
        referral_record_outcome(actor=counsellor, referral=ref, outcome="refused", on=D(2025, 3, day))
    js.refresh_from_db()
    assert (js.status, js.deregistration_ground, js.refusals) == ("deregistered", "refused_two_offers", 2)


def test_not_hired_needs_a_reason(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_vacancy: Callable[..., Any]
) -> None:
    """Not hired needs the employer's reason; without it the referral stays pending."""
    from komek.employment.services.referrals import referral_issue, referral_record_outcome

    js = make_jobseeker()
    ref = referral_issue(actor=counsellor, person=js.person, vacancy=make_vacancy(), on=D(2025, 3, 5))
    with pytest.raises(DomainError) as exc:
        referral_record_outcome(actor=counsellor, referral=ref, outcome="not_hired", on=D(2025, 3, 6))
    assert exc.value.field == "reason"
    assert Referral.objects.get(pk=ref.pk).outcome == "pending"


def test_csv_import_reports_every_bad_row_and_writes_nothing(
    counsellor: Any, make_employer: Callable[..., Any]
) -> None:
    """Three bad rows of three kinds: all reported with row and field; the good rows are not written."""
    from komek.employment.services.vacancies import CSV_COLUMNS, ImportRefused, vacancies_import_csv

    employer = make_employer()
    good = [
        employer.bin,
        "7212",
        "Сварщик",
        "180000",
        "full_time",
        BALKHASH_TOWN,
        "2",
        "1",
        "",
        "2",
        "no",
        "no",
        "2025-03-01",
    ]
    rows = [good, [*good[:3], "50000", *good[4:]], [new_bin(), *good[1:]], [*good[:1], "9999", *good[2:]]]
    content = "\n".join(";".join(r) for r in [CSV_COLUMNS, *rows]) + "\n"
    with pytest.raises(ImportRefused) as exc:
        vacancies_import_csv(actor=counsellor, content=content)
    assert [(e.row, e.field) for e in exc.value.errors] == [
        (3, "wage"),
        (4, "employer_bin"),
        (5, "occupation"),
    ]
    assert not Vacancy.objects.exists()
    content = "\n".join(";".join(r) for r in [CSV_COLUMNS, good, good]) + "\n"
    assert vacancies_import_csv(actor=counsellor, content=content) == 2
    assert AuditLog.objects.filter(object_type="employment.vacancy").count() == 2
