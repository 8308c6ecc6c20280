"""The employment centre counts with the legislation's terms: ages, periods and limits are dated
parameters, and an administrator's new value changes what the centre allows and what it says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from komek.accounts.choices import Reach, Role
from komek.common.errors import DomainError
from komek.employment.models import Participation
from komek.employment.tests.conftest import BALKHASH_TOWN, approve
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)
from komek.rules.terms import MEASURE_MAX_MONTHS

D = dt.date


def _enter(make_user: Callable[..., Any], name: str, value: int, on: dt.date, purpose: str = "") -> None:
    from komek.legislation.services.parameters import parameter_value_add

    admin = make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="national_admin")
    parameter_value_add(
        actor=admin, name=name, value=Decimal(value), valid_from=on, purpose=purpose,
        reference="Test order No. 1",
    )  # fmt: skip


@pytest.fixture
def course(counsellor: Any) -> Any:
    from komek.common.models import KatoUnit
    from komek.employment.models import Course, TrainingProvider

    provider = TrainingProvider.objects.create(
        name="Балхашский колледж сервиса", kato=KatoUnit.objects.get(code=BALKHASH_TOWN)
    )
    found = Course.objects.create(provider=provider, title="Сварщик", occupation_id="7212", months=Decimal(8))
    approve(found, 2025)
    return found


def test_training_is_limited_by_the_legislations_months(
    counsellor: Any, make_jobseeker: Callable[..., Any], course: Any, make_user: Callable[..., Any]
) -> None:
    """Training lasts at most the legislation's six months whatever the course says; once an
    administrator enters four months from 2025, a five-month training is refused with "4 months"."""
    from komek.employment.services.measures import measure_enrol

    js = make_jobseeker()
    enrol = {"actor": counsellor, "kind": "training", "person": js.person, "course": course}
    with pytest.raises(DomainError) as exc:
        measure_enrol(**enrol, date_from=D(2025, 3, 10), date_to=D(2025, 9, 10))
    assert exc.value.code == "period_too_long"
    _enter(make_user, MEASURE_MAX_MONTHS, 4, D(2025, 1, 1), purpose="training")
    with translation.override("en"), pytest.raises(DomainError) as exc:
        measure_enrol(**enrol, date_from=D(2025, 3, 10), date_to=D(2025, 8, 9))
    assert "at most 4 months" in str(exc.value.message)
    assert not Participation.objects.exists()
    measure_enrol(**enrol, date_from=D(2025, 3, 10), date_to=D(2025, 7, 9))
    assert Participation.objects.count() == 1


def test_a_measure_without_a_legal_maximum_has_none(
    counsellor: Any, make_jobseeker: Callable[..., Any]
) -> None:
    """Entrepreneurship training has no maximum in the legislation: a long course is enrolled."""
    from komek.employment.services.measures import measure_enrol

    js = make_jobseeker()
    participation = measure_enrol(
        actor=counsellor, kind="entrepreneurship", person=js.person, date_from=D(2025, 3, 10),
        date_to=D(2026, 9, 10),
    )  # fmt: skip
    assert participation.pk is not None


def test_the_age_of_registration_is_the_legislations(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    """A person of fifteen is refused with the age the legislation gives (16), one of sixteen is
    registered."""
    young = make_person(birth_date=D(2009, 6, 1))
    with translation.override("en"), pytest.raises(DomainError) as exc:
        make_jobseeker(person=young, on=D(2025, 3, 3))
    assert str(exc.value.message) == "Jobseekers are registered from the age of 16."
    assert make_jobseeker(person=young, on=D(2025, 6, 2)).pk


def test_re_registration_is_due_after_the_legislations_days(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """The re-registration falls due the legislation's 30 days after registration; a value entered
    from 2025 (45 days) moves the due date of a later registration."""
    assert make_jobseeker(on=D(2025, 3, 3)).reregistration_due == D(2025, 4, 2)
    _enter(make_user, "jobseeker_reregistration_days", 45, D(2025, 3, 4))
    assert make_jobseeker(on=D(2025, 3, 4)).reregistration_due == D(2025, 4, 18)


def test_the_unemployed_reason_states_the_legislations_days(
    counsellor: Any, make_jobseeker: Callable[..., Any]
) -> None:
    """The audit row of a promotion to unemployed says within how many working days (10) nothing
    suitable was offered, in the words of the language."""
    from komek.common.models import AuditLog
    from komek.employment.services.jobseekers import jobseekers_promote_unemployed

    make_jobseeker(on=D(2025, 3, 3))
    with translation.override("en"):
        assert jobseekers_promote_unemployed(actor=counsellor, on=D(2025, 3, 20)) == 1
    row = AuditLog.objects.get(object_type="employment.jobseeker", action="update")
    assert row.reason == "No suitable job offered within 10 working days"


def test_every_measure_limit_names_a_measure() -> None:
    """The purposes of ``measure_max_months`` are measure codes (a typo would silently lift a
    limit), and the four time-limited measures have one."""
    from komek.employment.choices import MeasureKind
    from komek.legislation.loader import shipped_parameters

    purposes = {v.purpose for v in shipped_parameters().values(MEASURE_MAX_MONTHS)}
    assert purposes <= set(MeasureKind.values)
    assert purposes == {"social_job", "youth_practice", "training", "public_works"}
