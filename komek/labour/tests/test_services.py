"""The labour writes: each rule of the register refuses with the field it names, writes nothing and
leaves its refusal in the audit log; the balance of an arrear comes out of its repayments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.employment.bin import make_bin
from komek.employment.choices import AgreementKind, EmployerSize
from komek.employment.models import Agreement
from komek.employment.services.employers import employer_create
from komek.labour.models import Enterprise, Fine, Inspection, Repayment, Survey, Violation
from komek.labour.selectors import balance_of
from komek.labour.services import (
    accident_record,
    agreement_register,
    arrear_record,
    enterprise_register,
    fine_execute,
    inspection_record,
    memorandum_record,
    repayment_record,
    road_map_record,
    survey_record,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 3, 16)


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse").count()


def test_a_bin_failing_its_check_is_refused_and_audited(counsellor: Any) -> None:
    """The BIN is checked as the employment centre checks it (its check digit)."""
    good = make_bin(2004, 5, 321)
    assert good is not None
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    before = _refusals()
    with pytest.raises(DomainError) as exc:
        enterprise_register(actor=counsellor, bin=bad, name="ТОО «Ошибка»", kato="351610000")
    assert exc.value.field == "bin" and "check digit" in str(exc.value)
    assert not Enterprise.objects.exists() and _refusals() == before + 1


def test_an_enterprise_joins_the_employer_of_its_bin(counsellor: Any) -> None:
    code = make_bin(2010, 2, 77)
    assert code is not None
    employer = employer_create(
        actor=counsellor, bin=code, name="ТОО «Руда»", kato="351610000", size=EmployerSize.LARGE, staff=400
    )
    found = enterprise_register(actor=counsellor, bin=code, name="ТОО «Руда»", kato="351610000", staff=400)
    assert found.employer_id == employer.pk
    road_map_record(actor=counsellor, enterprise_id=found.pk, number="ДК-1", signed=DAY)
    assert Agreement.objects.get(employer=employer).kind == AgreementKind.ROAD_MAP


def test_a_road_map_needs_over_250_staff(counsellor: Any, enterprise: Any) -> None:
    with pytest.raises(DomainError) as exc:
        road_map_record(actor=counsellor, enterprise_id=enterprise.pk, number="ДК-2", signed=DAY)
    assert exc.value.field == "number" and "250" in str(exc.value)
    assert not Agreement.objects.exists()


def test_more_released_than_staff_is_refused_naming_the_field(counsellor: Any, enterprise: Any) -> None:
    before = _refusals()
    with pytest.raises(DomainError) as exc:
        survey_record(actor=counsellor, enterprise_id=enterprise.pk, month=DAY, staff=10, released=11)
    assert exc.value.field == "released"
    assert not Survey.objects.exists() and _refusals() == before + 1
    done = survey_record(
        actor=counsellor, enterprise_id=enterprise.pk, month=DAY, staff=118, hired=2, released=4
    )
    assert done.month == dt.date(2020, 3, 1)
    enterprise.refresh_from_db()
    assert enterprise.staff == 118
    with pytest.raises(DomainError) as again:
        survey_record(actor=counsellor, enterprise_id=enterprise.pk, month=DAY, staff=118)
    assert again.value.field == "month"


def test_a_fine_without_a_violation_is_refused(counsellor: Any, enterprise: Any) -> None:
    before = _refusals()
    with pytest.raises(DomainError) as exc:
        inspection_record(
            actor=counsellor,
            enterprise_id=enterprise.pk,
            date=DAY,
            kind="unplanned",
            fines=[{"article": "ст. 87", "amount": 100_000}],
        )
    assert exc.value.field == "violations"
    assert not Inspection.objects.exists() and not Fine.objects.exists() and _refusals() == before + 1


def test_an_inspection_with_violations_and_a_fine(counsellor: Any, enterprise: Any) -> None:
    done = inspection_record(
        actor=counsellor,
        enterprise_id=enterprise.pk,
        date=DAY,
        kind="unplanned",
        orders=2,
        violations="ст. 113, ст. 33",
        fines=[{"violation": "ст. 113", "article": "ст. 87 ч. 1", "amount": 240_500}],
    )
    assert list(Violation.objects.filter(inspection=done).values_list("article", flat=True)) == [
        "ст. 113",
        "ст. 33",
    ]
    fine = Fine.objects.get()
    assert fine.violation.article == "ст. 113" and fine.status == "imposed"
    with pytest.raises(DomainError) as early:
        fine_execute(actor=counsellor, fine_id=fine.pk, status="paid", on=DAY - dt.timedelta(days=1))
    assert early.value.field == "on"
    fine_execute(actor=counsellor, fine_id=fine.pk, status="paid", on=DAY)
    fine.refresh_from_db()
    assert fine.status == "paid" and fine.executed_on == DAY


def test_a_repayment_above_the_outstanding_arrear_is_refused(counsellor: Any, enterprise: Any) -> None:
    arrear = arrear_record(
        actor=counsellor, enterprise_id=enterprise.pk, recorded_on=DAY, workers=12, amount=1_100_000
    )
    repayment_record(actor=counsellor, arrear_id=arrear.pk, date=DAY + dt.timedelta(days=30), amount=600_000)
    before = _refusals()
    with pytest.raises(DomainError) as exc:
        repayment_record(
            actor=counsellor, arrear_id=arrear.pk, date=DAY + dt.timedelta(days=60), amount=500_001
        )
    assert exc.value.field == "amount" and "(500,000\xa0₸)" in str(exc.value)
    assert Repayment.objects.count() == 1 and _refusals() == before + 1
    assert balance_of(arrear, DAY) == 1_100_000
    assert balance_of(arrear, DAY + dt.timedelta(days=30)) == 500_000
    assert balance_of(arrear, DAY - dt.timedelta(days=1)) == 0


def test_accidents_agreements_and_memoranda(counsellor: Any, enterprise: Any) -> None:
    with pytest.raises(DomainError) as none:
        accident_record(actor=counsellor, enterprise_id=enterprise.pk, date=DAY)
    assert none.value.field == "light"
    accident_record(actor=counsellor, enterprise_id=enterprise.pk, date=DAY, severe=1, fatal=1)
    agreement_register(
        actor=counsellor,
        enterprise_id=enterprise.pk,
        number="КД-1",
        registered_on=DAY,
        valid_until=dt.date(2023, 3, 15),
        workers=110,
    )
    with pytest.raises(DomainError) as twice:
        agreement_register(
            actor=counsellor,
            enterprise_id=enterprise.pk,
            number="КД-1",
            registered_on=DAY,
            valid_until=dt.date(2023, 3, 15),
            workers=110,
        )
    assert twice.value.field == "number"
    with pytest.raises(DomainError) as many:
        memorandum_record(actor=counsellor, enterprise_id=enterprise.pk, signed=DAY, workers=121)
    assert many.value.field == "workers"


def test_another_territory_and_another_role_are_refused(
    almaty_counsellor: Any, caseworker: Any, enterprise: Any
) -> None:
    with pytest.raises(NotFound):
        accident_record(actor=almaty_counsellor, enterprise_id=enterprise.pk, date=DAY, light=1)
    with pytest.raises(PermissionDenied):
        accident_record(actor=caseworker, enterprise_id=enterprise.pk, date=DAY, light=1)
