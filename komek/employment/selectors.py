"""Every read of the employment centre, scoped to the user's territory; a jobseeker's card is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.common.audit import audit_record
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditAction
from komek.employment.codes import ACTIVE_STATUSES, VacancyStatus
from komek.employment.models import (
    ActivationItem,
    Course,
    Employer,
    Jobseeker,
    JobseekerProfession,
    Participation,
    Referral,
    SocialContract,
    Vacancy,
)

LIST_LIMIT = 200


def _require(user: User, capability: str = Capability.EMPLOYMENT_VIEW) -> None:
    if not user.can(capability):
        raise PermissionDenied(_("Your role does not allow this action."))


def _require_persons(user: User) -> None:
    """Records that name persons need persons' data as well: an analyst sees the figures only."""
    _require(user)
    _require(user, Capability.PERSON_VIEW)


def territory_q(user: User, field: str = "kato__code") -> Q:
    prefixes = user.territory_prefixes()
    if prefixes is None:
        return Q()
    q = Q(pk__in=[])
    for p in prefixes:
        q |= Q(**{f"{field}__startswith": p})
    return q


def jobseekers_visible(user: User) -> QuerySet[Jobseeker]:
    _require_persons(user)
    return Jobseeker.objects.filter(territory_q(user))


def jobseekers_active(*, user: User, limit: int = LIST_LIMIT) -> list[Jobseeker]:
    return list(
        jobseekers_visible(user)
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("person")
        .order_by("-registered_on", "-id")[:limit]
    )


def vacancies_visible(user: User) -> QuerySet[Vacancy]:
    _require(user)
    return Vacancy.objects.filter(territory_q(user))


def vacancies_open(*, user: User, limit: int = LIST_LIMIT) -> list[Vacancy]:
    return list(
        vacancies_visible(user)
        .filter(status=VacancyStatus.OPEN)
        .select_related("employer", "occupation", "kato")
        .order_by("-opened_on", "-id")[:limit]
    )


def vacancy_detail(*, user: User, vacancy_id: int) -> Vacancy:
    vacancy = (
        vacancies_visible(user).select_related("employer", "occupation", "kato").filter(pk=vacancy_id).first()
    )
    if vacancy is None:
        raise NotFound(_("No such vacancy in your territorial units."))
    return vacancy


def employers_visible(*, user: User, limit: int = LIST_LIMIT) -> list[Employer]:
    _require(user)
    return list(
        Employer.objects.filter(territory_q(user))
        .select_related("kato")
        .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status=VacancyStatus.OPEN)))
        .order_by("name")[:limit]
    )


def courses(*, user: User) -> list[Course]:
    _require(user)
    return list(Course.objects.select_related("provider", "occupation"))


@dataclass
class JobseekerCard:
    jobseeker: Jobseeker
    professions: list[JobseekerProfession]
    referrals: list[Referral]
    participations: list[Participation]
    history: list[Jobseeker]


def jobseeker_card(*, user: User, jobseeker_id: int, ip_address: str | None = None) -> JobseekerCard:
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
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="employment.jobseeker",
        object_id=js.pk,
        person_id=js.person_id,
        territory=js.kato_id,
        ip_address=ip_address,
    )
    return card


def referral_visible(*, user: User, referral_id: int) -> Referral:
    _require_persons(user)
    ref = (
        Referral.objects.select_related("jobseeker__person", "vacancy__employer")
        .filter(territory_q(user, "jobseeker__kato__code"), pk=referral_id)
        .first()
    )
    if ref is None:
        raise NotFound(_("No such referral in your territorial units."))
    return ref


def contracts_visible(*, user: User, limit: int = LIST_LIMIT) -> list[SocialContract]:
    _require_persons(user)
    return list(
        SocialContract.objects.filter(territory_q(user))
        .prefetch_related("items__person")
        .order_by("-signed_on", "-id")[:limit]
    )


def participation_visible(*, user: User, participation_id: int) -> Participation:
    _require_persons(user)
    p = (
        Participation.objects.select_related("person", "employer", "course")
        .filter(territory_q(user), pk=participation_id)
        .first()
    )
    if p is None:
        raise NotFound(_("No such participation in your territorial units."))
    return p


def contract_detail(*, user: User, contract_id: int, ip_address: str | None = None) -> SocialContract:
    """A social contract with its obligations and members; the read is audited (it names persons)."""
    _require_persons(user)
    contract = (
        SocialContract.objects.filter(territory_q(user), pk=contract_id)
        .select_related("family", "kato")
        .prefetch_related("items__person")
        .first()
    )
    if contract is None:
        raise NotFound(_("No such social contract in your territorial units."))
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="employment.socialcontract",
        object_id=contract.pk,
        territory=contract.kato_id,
        ip_address=ip_address,
    )
    return contract


def obligation_visible(*, user: User, item_id: int) -> ActivationItem:
    _require_persons(user)
    item = (
        ActivationItem.objects.select_related("contract", "person")
        .filter(territory_q(user, "contract__kato__code"), pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("No such obligation in your territorial units."))
    return item
