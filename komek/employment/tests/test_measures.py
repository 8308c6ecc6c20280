"""Active measures with their legal limits, social contracts and the plan-versus-actual figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.common.errors import DomainError
from komek.employment.models import Participation, Sanction, SocialContract
from komek.employment.tests.conftest import BALKHASH, BALKHASH_TOWN, approve

D = dt.date


@pytest.fixture
def course(counsellor: Any) -> Any:
    from komek.common.models import KatoUnit
    from komek.employment.models import Course, TrainingProvider

    provider = TrainingProvider.objects.create(
        name="Балхашский колледж сервиса", kato=KatoUnit.objects.get(code=BALKHASH_TOWN)
    )
    found = Course.objects.create(provider=provider, title="Повар", occupation_id="5120", months=3)
    approve(found, 2025)
    return found


def test_social_job_longer_than_twelve_months_is_refused(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_employer: Callable[..., Any]
) -> None:
    """A social job of twelve months is refused on its end date; a day less gets the 35% state share."""
    from komek.employment.services.measures import measure_enrol

    js, employer = make_jobseeker(), make_employer()
    with pytest.raises(DomainError) as exc:
        measure_enrol(
            actor=counsellor,
            kind="social_job",
            person=js.person,
            employer=employer,
            date_from=D(2025, 4, 1),
            date_to=D(2026, 4, 1),
            monthly_wage=150_000,
        )
    assert exc.value.code == "period_too_long" and exc.value.field == "date_to"
    assert not Participation.objects.exists()
    ok = measure_enrol(
        actor=counsellor,
        kind="social_job",
        person=js.person,
        employer=employer,
        date_from=D(2025, 4, 1),
        date_to=D(2026, 3, 31),
        monthly_wage=150_000,
    )
    # 35% of 150,000 = 52,500, capped at 15 MCI of 2025 (15 × 3,932 = 58,980): not reached.
    assert ok.state_monthly == 52_500


def test_social_job_state_share_is_capped(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_employer: Callable[..., Any]
) -> None:
    """The state's monthly share of a social job is capped at 15 MCI of the start date."""
    from komek.employment.services.measures import measure_enrol

    js = make_jobseeker()
    p = measure_enrol(
        actor=counsellor,
        kind="social_job",
        person=js.person,
        employer=make_employer(),
        date_from=D(2025, 4, 1),
        date_to=D(2025, 12, 31),
        monthly_wage=300_000,
    )
    assert p.state_monthly == 15 * 3932


def test_youth_practice_age_and_graduation(
    counsellor: Any,
    make_jobseeker: Callable[..., Any],
    make_person: Callable[..., Any],
    make_employer: Callable[..., Any],
) -> None:
    """Up to 35 and graduated in the last 3 years (2025); pay 30 MCI of the year."""
    from komek.employment.services.measures import measure_enrol

    employer = make_employer()
    old = make_jobseeker(person=make_person(birth_date=D(1985, 1, 1)), graduation_year=2024)
    long_ago = make_jobseeker(person=make_person(birth_date=D(2000, 1, 1)), graduation_year=2020)
    fine = make_jobseeker(person=make_person(birth_date=D(2001, 1, 1)), graduation_year=2023)
    for js, code in [(old, "too_old"), (long_ago, "graduated_too_long_ago")]:
        with pytest.raises(DomainError) as exc:
            measure_enrol(
                actor=counsellor,
                kind="youth_practice",
                person=js.person,
                employer=employer,
                date_from=D(2025, 4, 1),
                date_to=D(2025, 9, 30),
            )
        assert exc.value.code == code
    p = measure_enrol(
        actor=counsellor,
        kind="youth_practice",
        person=fine.person,
        employer=employer,
        date_from=D(2025, 4, 1),
        date_to=D(2025, 9, 30),
    )
    assert p.monthly_wage == 30 * 3932 and p.tg_youth
    assert Participation.objects.count() == 1


def test_grant_over_200_mci_is_refused(counsellor: Any, make_person: Callable[..., Any]) -> None:
    """A grant over 200 MCI of its date is refused with the limit in tenge; exactly 200 MCI is granted."""
    from komek.employment.services.measures import measure_enrol

    person = make_person()
    with pytest.raises(DomainError) as exc:
        measure_enrol(
            actor=counsellor,
            kind="grant",
            person=person,
            date_from=D(2025, 5, 1),
            date_to=D(2025, 5, 1),
            amount=200 * 3932 + 1,
            purpose="Пекарня",
        )
    assert exc.value.code == "above_limit" and "786400" in str(exc.value)
    p = measure_enrol(
        actor=counsellor,
        kind="grant",
        person=person,
        date_from=D(2025, 5, 1),
        date_to=D(2025, 5, 1),
        amount=200 * 3932,
        purpose="Пекарня",
    )
    assert p.amount == 786_400


def test_training_completion_and_figures(
    counsellor: Any,
    make_jobseeker: Callable[..., Any],
    make_vacancy: Callable[..., Any],
    course: Any,
    make_person: Callable[..., Any],
) -> None:
    """The figures page's numbers come from the records: applied, employed %, courses finished and
    employed after them, captured by measures against the annual plan."""
    from komek.employment.selectors.figures import employment_figures
    from komek.employment.services.measures import measure_complete, measure_enrol
    from komek.employment.services.plans import plan_set
    from komek.employment.services.referrals import referral_issue, referral_record_outcome

    seekers = [make_jobseeker(person=make_person(sex="female", birth_date=D(1999, 1, 1))) for _ in range(3)]
    seekers.append(make_jobseeker())
    ref = referral_issue(actor=counsellor, person=seekers[0].person, vacancy=make_vacancy(), on=D(2025, 3, 4))
    referral_record_outcome(actor=counsellor, referral=ref, outcome="hired", on=D(2025, 3, 10))
    trained = []
    for js in seekers[1:]:
        trained.append(
            measure_enrol(
                actor=counsellor,
                kind="training",
                person=js.person,
                course=course,
                date_from=D(2025, 4, 1),
                date_to=D(2025, 6, 30),
            )
        )
    measure_complete(
        actor=counsellor, participation=trained[0], on=D(2025, 6, 30), employed_on=D(2025, 7, 15)
    )
    measure_complete(actor=counsellor, participation=trained[1], on=D(2025, 6, 30))
    plan_set(actor=counsellor, year=2025, kato=BALKHASH, indicator="captured", planned=5)
    figures = employment_figures(user=counsellor, year=2025)
    captured = figures.row("captured")
    assert (captured.planned, captured.actual, captured.percent_of_plan) == (5, 4, 80)
    assert captured.by_group["women"] == 3 and captured.by_group["youth"] == 3
    assert (figures.applied, figures.employed, str(figures.employed_percent)) == (4, 1, "25.0")
    assert (figures.training_finished, figures.training_employed) == (2, 1)
    assert str(figures.training_employed_percent) == "50.0"
    assert figures.row("training").actual == 3
    assert employment_figures(user=counsellor, year=2024).row("captured").actual == 0


def test_social_contract_plan_and_sanction_without_assignment(
    counsellor: Any, registrar: Any, make_person: Callable[..., Any]
) -> None:
    """A refusal ends the contract with a six-month sanction; the plan's members must be the family's."""
    from komek.employment.services.contracts import social_contract_create, social_contract_sanction
    from komek.registry.services.families import MemberSpec, family_create

    head, spouse, stranger = make_person(), make_person(sex="female", name="Айгуль"), make_person()
    family = family_create(
        actor=registrar, kato=BALKHASH_TOWN, members=[MemberSpec(head, "head"), MemberSpec(spouse, "spouse")]
    )
    with pytest.raises(DomainError):
        social_contract_create(
            actor=counsellor,
            family=family,
            number="SC-1",
            signed_on=D(2025, 2, 1),
            valid_to=D(2025, 12, 31),
            items=[(stranger, "training", D(2025, 4, 1))],
        )
    contract = social_contract_create(
        actor=counsellor,
        family=family,
        number="SC-1",
        signed_on=D(2025, 2, 1),
        valid_to=D(2025, 12, 31),
        items=[(head, "public_works", D(2025, 3, 1)), (spouse, "training", D(2025, 4, 1))],
    )
    item = contract.items.get(person=head)
    sanction = social_contract_sanction(
        actor=counsellor, item=item, on=D(2025, 3, 3), note="Отказался от общественных работ"
    )
    assert (sanction.date_from, sanction.date_to) == (D(2025, 3, 3), D(2025, 9, 2))
    assert not sanction.assignment_suspended
    contract.refresh_from_db()
    assert contract.status == "sanctioned"


def test_sanction_suspends_the_family_tsa(
    counsellor: Any, registrar: Any, make_person: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """With a conditional TSA assignment, the sanction suspends it for six months (komek.benefits)."""
    from komek.accounts.choices import Role
    from komek.benefits.banks import banks_load
    from komek.benefits.choices import AssignmentStatus
    from komek.benefits.models import Suspension
    from komek.benefits.services import assignment_create
    from komek.benefits.tests.fixtures import valid_iban
    from komek.employment.services.contracts import social_contract_create, social_contract_sanction
    from komek.registry.services.families import MemberSpec, family_create

    banks_load()
    head = make_person()
    family = family_create(actor=registrar, kato=BALKHASH_TOWN, members=[MemberSpec(head, "head")])
    tsa = assignment_create(
        actor=make_user(Role.CASEWORKER, username="tsa_caseworker"), programme="tsa", family_id=family.pk,
        person_id=None, recipient_id=head.pk, kind="tsa_conditional", monthly_amount=30_000,
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
        bank_bic="HSBKKZKX", iban=valid_iban(), basis="Решение 12", social_contract_ref="SC-3",
    )  # fmt: skip
    # An unknown assignment is refused by benefits, and the whole sanction is rolled back.
    other = make_person()
    other_family = family_create(actor=registrar, kato=BALKHASH_TOWN, members=[MemberSpec(other, "head")])
    wrong = social_contract_create(
        actor=counsellor, family=other_family, number="SC-2", signed_on=D(2025, 2, 1),
        valid_to=D(2025, 12, 31),
        items=[(other, "job", D(2025, 3, 1))], assignment_id=999_999,
    )  # fmt: skip
    with pytest.raises(DomainError):
        social_contract_sanction(actor=counsellor, item=wrong.items.get(), on=D(2025, 3, 3), note="Отказ")
    assert not Sanction.objects.exists() and not Suspension.objects.exists()
    assert SocialContract.objects.get(pk=wrong.pk).status == "active"

    contract = social_contract_create(
        actor=counsellor, family=family, number="SC-3", signed_on=D(2025, 2, 1), valid_to=D(2025, 12, 31),
        items=[(head, "job", D(2025, 3, 1))], assignment_id=tsa.pk,
    )  # fmt: skip
    sanction = social_contract_sanction(
        actor=counsellor, item=contract.items.get(), on=D(2025, 3, 3), note="Отказ от общественных работ"
    )
    assert sanction.assignment_suspended
    suspension = Suspension.objects.get(assignment=tsa)
    assert (suspension.date_from, suspension.date_to) == (D(2025, 3, 3), D(2025, 9, 2))
    assert suspension.reason == "social_contract_refusal"
    tsa.refresh_from_db()
    assert tsa.status == AssignmentStatus.SUSPENDED
