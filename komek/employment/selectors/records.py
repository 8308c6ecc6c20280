"""Every read of the employment centre, scoped to the user's territory; a jobseeker's card is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.errors import NotFound
from komek.employment.choices import ACTIVE_STATUSES, VacancyStatus
from komek.employment.models import (
    ActivationItem,
    AnnualPlan,
    Course,
    Employer,
    Jobseeker,
    JobseekerProfession,
    Participation,
    Referral,
    SocialContract,
    Vacancy,
)
from komek.registry.selectors import read_persons

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

LIST_LIMIT = 200


#: Records that name persons need persons' data as well: an analyst sees the figures only.
PERSONS = (Capability.EMPLOYMENT_VIEW, Capability.PERSON_VIEW)


def jobseekers_visible(user: Actor) -> QuerySet[Jobseeker]:
    return policy.visible(Jobseeker.objects.all(), user, *PERSONS, field="kato__code")


def jobseekers_listed(user: Actor) -> QuerySet[Jobseeker]:
    """The jobseekers of the user's territory with what a row of their list shows."""
    return jobseekers_visible(user).select_related("person")


def vacancies_listed(user: Actor) -> QuerySet[Vacancy]:
    """The vacancies of the user's territory with what a row of their list shows."""
    return vacancies_visible(user).select_related("employer", "occupation", "kato")


def vacancies_visible(user: Actor) -> QuerySet[Vacancy]:
    return policy.visible(Vacancy.objects.all(), user, Capability.EMPLOYMENT_VIEW, field="kato__code")


def vacancy_detail(*, user: Actor, vacancy_id: int) -> Vacancy:
    vacancy = (
        vacancies_visible(user).select_related("employer", "occupation", "kato").filter(pk=vacancy_id).first()
    )
    if vacancy is None:
        raise NotFound(_("No such vacancy in your territorial units."))
    return vacancy


def employers_scoped(user: Actor) -> QuerySet[Employer]:
    """The employers of the actor's territory (for a choice of employer on a form)."""
    return policy.visible(Employer.objects.all(), user, Capability.EMPLOYMENT_VIEW, field="kato__code")


def employers_listed(user: Actor) -> QuerySet[Employer]:
    """The employers of the actor's territory with the number of their open vacancies (the list)."""
    return (
        employers_scoped(user)
        .select_related("kato")
        .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status=VacancyStatus.OPEN)))
    )


def employer_visible(*, user: Actor, employer_id: int) -> Employer:
    employer = employers_scoped(user).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("No such employer in your territorial units."))
    return employer


def plans_of_year(*, user: Actor, year: int) -> list[AnnualPlan]:
    """The annual plans of a year in the actor's territory, by territory, indicator and group."""
    return list(
        policy.visible(AnnualPlan.objects.all(), user, Capability.EMPLOYMENT_VIEW, field="kato__code")
        .filter(year=year)
        .select_related("kato")
        .order_by("kato_id", "indicator", "target_group")
    )


def courses(*, user: Actor) -> list[Course]:
    policy.require(user, Capability.EMPLOYMENT_VIEW)
    return list(Course.objects.select_related("provider", "occupation"))


@dataclass
class JobseekerCard:
    jobseeker: Jobseeker
    professions: list[JobseekerProfession]
    referrals: list[Referral]
    participations: list[Participation]
    history: list[Jobseeker]


def jobseeker_card(*, user: Actor, jobseeker_id: int, ip_address: str | None = None) -> JobseekerCard:
    """A registration with its professions, referrals, measures and earlier registrations; audited."""
    js = jobseekers_visible(user).select_related("person", "kato").filter(pk=jobseeker_id).first()
    if js is None:
        raise NotFound(_("No such jobseeker in your territorial units."))
    card = JobseekerCard(
        jobseeker=js,
        professions=list(js.professions.select_related("occupation")),
        referrals=list(js.referrals.select_related("vacancy__employer").order_by("-issued_on", "-id")),
        participations=list(
            Participation.objects.filter(person_id=js.person_id)
            .select_related("employer", "course")
            .order_by("-date_from")
        ),
        history=list(
            Jobseeker.objects.filter(person_id=js.person_id).exclude(pk=js.pk).order_by("-registered_on")
        ),
    )
    audit.read(actor=user, obj=js, person_id=js.person_id, territory=js.kato_id, ip_address=ip_address)
    return card


def referral_visible(*, user: Actor, referral_id: int) -> Referral:
    ref = (
        policy.visible(Referral.objects.all(), user, *PERSONS, field="jobseeker__kato__code")
        .select_related("jobseeker__person", "jobseeker__kato", "vacancy__employer__kato", "issued_by")
        .filter(pk=referral_id)
        .first()
    )
    if ref is None:
        raise NotFound(_("No such referral in your territorial units."))
    audit.read(actor=user, obj=ref, person_id=ref.jobseeker.person_id, territory=ref.jobseeker.kato_id)
    return ref


def contracts_visible(*, user: Actor, limit: int = LIST_LIMIT) -> list[SocialContract]:
    """The social contracts (newest first); the read names the persons of their obligations."""
    rows = list(
        policy.visible(SocialContract.objects.all(), user, *PERSONS, field="kato__code")
        .prefetch_related("items__person")
        .order_by("-signed_on", "-id")[:limit]
    )
    shown = [item.person_id for c in rows for item in c.items.all()]
    read_persons(user=user, persons=shown, object_type="employment.socialcontract")
    return rows


def participation_visible(*, user: Actor, participation_id: int) -> Participation:
    p = (
        policy.visible(Participation.objects.all(), user, *PERSONS, field="kato__code")
        .select_related("person", "employer", "course")
        .filter(pk=participation_id)
        .first()
    )
    if p is None:
        raise NotFound(_("No such participation in your territorial units."))
    audit.read(actor=user, obj=p, person_id=p.person_id, territory=p.kato_id)
    return p


def contract_detail(*, user: Actor, contract_id: int, ip_address: str | None = None) -> SocialContract:
    """A social contract with its obligations and members; the read is audited (it names persons)."""
    contract = (
        policy.visible(SocialContract.objects.all(), user, *PERSONS, field="kato__code")
        .filter(pk=contract_id)
        .select_related("family", "kato")
        .prefetch_related("items__person")
        .first()
    )
    if contract is None:
        raise NotFound(_("No such social contract in your territorial units."))
    audit.read(
        actor=user,
        obj=contract,
        persons=[item.person_id for item in contract.items.all()],
        territory=contract.kato_id,
        ip_address=ip_address,
    )
    return contract


def obligation_visible(*, user: Actor, item_id: int) -> ActivationItem:
    item = (
        policy.visible(ActivationItem.objects.all(), user, *PERSONS, field="contract__kato__code")
        .select_related("contract", "person")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("No such obligation in your territorial units."))
    audit.read(actor=user, obj=item, person_id=item.person_id, territory=item.contract.kato_id)
    return item


def participations_of(*, user: Actor, person_id: int) -> QuerySet[Participation]:
    """The participations of a person whose obligation the actor checks (the proofs to choose from)."""
    policy.require(user, *PERSONS)
    return Participation.objects.filter(person_id=person_id)


def reregistrations_due(*, user: Actor, until: dt.date, limit: int = 10) -> tuple[int, list[Jobseeker]]:
    """Active registrations whose re-registration falls on or before ``until`` (the missed ones
    first): their number and the first ``limit``, with the person; two queries."""
    due = jobseekers_visible(user).filter(status__in=ACTIVE_STATUSES, reregistration_due__lte=until)
    rows = due.select_related("person").order_by("reregistration_due", "id")[:limit]
    return due.count(), list(rows)
