"""The long tail of records: re-registration, deregistration, obligations, repayments, fairs, plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.tests.conftest import BALKHASH, BALKHASH_TOWN

D = dt.date


def test_reregistration_moves_the_due_date(counsellor: Any, make_jobseeker: Callable[..., Any]) -> None:
    """Re-registering moves the next due date to 30 days after the visit."""
    from komek.employment.services.jobseekers import jobseeker_reregister

    js = make_jobseeker()
    assert js.reregistration_due == D(2025, 4, 2)
    js = jobseeker_reregister(actor=counsellor, jobseeker=js, on=D(2025, 4, 1))
    assert js.reregistration_due == D(2025, 5, 1)


def test_deregistration_closes_the_registry_status(
    counsellor: Any, make_jobseeker: Callable[..., Any]
) -> None:
    """Moved away: the registration ends with its ground, and so does the status in the registry."""
    from komek.employment.services.jobseekers import jobseeker_deregister
    from komek.registry.models import PersonStatus

    js = make_jobseeker()
    with pytest.raises(DomainError) as exc:
        jobseeker_deregister(actor=counsellor, jobseeker=js, on=D(2025, 4, 1), ground="lottery")
    assert exc.value.field == "ground"
    js = jobseeker_deregister(actor=counsellor, jobseeker=js, on=D(2025, 4, 1), ground="moved")
    assert (js.status, js.deregistration_ground) == ("deregistered", "moved")
    assert PersonStatus.objects.get(person=js.person).valid_to == D(2025, 4, 1)
    assert not js.professions.filter(active=True).exists()


def test_obligation_fulfilled_by_a_participation_fulfils_the_contract(
    counsellor: Any, registrar: Any, make_jobseeker: Callable[..., Any], make_employer: Callable[..., Any]
) -> None:
    """A participation of the member fulfils the obligation, and with it the whole contract."""
    from komek.employment.services.contracts import obligation_check, social_contract_create
    from komek.employment.services.measures import measure_enrol
    from komek.registry.services.families import MemberSpec, family_create

    js = make_jobseeker()
    family = family_create(actor=registrar, kato=BALKHASH_TOWN, members=[MemberSpec(js.person, "head")])
    contract = social_contract_create(
        actor=counsellor,
        family=family,
        number="SC-7",
        signed_on=D(2025, 3, 5),
        valid_to=D(2025, 12, 31),
        items=[(js.person, "public_works", D(2025, 5, 1))],
    )
    item = contract.items.get()
    with pytest.raises(DomainError):
        obligation_check(actor=counsellor, item=item, on=D(2025, 4, 1))
    work = measure_enrol(
        actor=counsellor,
        kind="public_works",
        person=js.person,
        employer=make_employer(),
        date_from=D(2025, 4, 1),
        date_to=D(2025, 6, 30),
        monthly_wage=85_000,
    )
    obligation_check(actor=counsellor, item=item, on=D(2025, 4, 2), participation=work)
    contract.refresh_from_db()
    assert contract.status == "fulfilled"


def test_public_works_below_minimum_wage_is_refused(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_employer: Callable[..., Any]
) -> None:
    """Public works paid below the minimum wage of the start date are refused."""
    from komek.employment.services.measures import measure_enrol

    js = make_jobseeker()
    with pytest.raises(DomainError) as exc:
        measure_enrol(
            actor=counsellor,
            kind="public_works",
            person=js.person,
            employer=make_employer(),
            date_from=D(2025, 4, 1),
            date_to=D(2025, 6, 30),
            monthly_wage=84_000,
        )
    assert exc.value.code == "below_minimum_wage"


def test_microcredit_repayment_and_fair_and_plan(
    counsellor: Any, make_person: Callable[..., Any], make_employer: Callable[..., Any]
) -> None:
    """A microcredit's repayment, a job fair with its employers, a plan set twice with two audit rows."""
    from komek.employment.services.fairs import job_fair_record
    from komek.employment.services.measures import measure_enrol, microcredit_repayment
    from komek.employment.services.plans import plan_set

    credit = measure_enrol(
        actor=counsellor,
        kind="microcredit",
        person=make_person(),
        date_from=D(2025, 5, 1),
        date_to=D(2028, 5, 1),
        amount=8_400_000,
        purpose="Животноводство",
    )
    assert credit.repayment == "current"
    assert (
        microcredit_repayment(actor=counsellor, participation=credit, repayment="overdue").repayment
        == "overdue"
    )
    fair = job_fair_record(
        actor=counsellor,
        held_on=D(2025, 4, 15),
        title="Ярмарка вакансий",
        kato=BALKHASH_TOWN,
        visitors=240,
        referrals_issued=31,
        employers=[(make_employer(), 6), (make_employer(name="ТОО «Каскад»"), 4)],
    )
    assert fair.employers.count() == 2
    plan_set(actor=counsellor, year=2025, kato=BALKHASH, indicator="captured", planned=2520)
    plan = plan_set(actor=counsellor, year=2025, kato=BALKHASH, indicator="captured", planned=2600)
    assert plan.planned == 2600
    assert AuditLog.objects.filter(object_type="employment.annualplan").count() == 2
    with pytest.raises(DomainError):
        plan_set(
            actor=counsellor, year=2025, kato=BALKHASH, indicator="captured", target_group="pets", planned=1
        )


def test_missed_reregistration_ends_registrations_set_based(
    counsellor: Any, make_jobseeker: Callable[..., Any]
) -> None:
    """Only the jobseekers whose re-registration date passed are deregistered (failed to appear)."""
    from komek.employment.services.jobseekers import jobseeker_reregister, jobseekers_deregister_missed
    from komek.registry.models import PersonStatus

    late, visited = make_jobseeker(), make_jobseeker()
    jobseeker_reregister(actor=counsellor, jobseeker=visited, on=D(2025, 4, 1))
    assert jobseekers_deregister_missed(actor=counsellor, on=D(2025, 4, 3)) == 1
    late.refresh_from_db()
    visited.refresh_from_db()
    assert (late.status, late.deregistration_ground) == ("deregistered", "failed_to_appear")
    assert visited.status == "jobseeker"
    assert PersonStatus.objects.get(person=late.person).valid_to == D(2025, 4, 3)
