"""Special social services: home and day care, residential placements, social-order projects."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.validation import today
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import (
    CareEnrolment,
    CareVisit,
    Institution,
    Placement,
    ProjectBeneficiary,
    SocialOrderProject,
)
from komek.rehabilitation.services._common import priorities


def _audit(
    actor: User, obj: Model, person: Person | None, changes: dict, action: str = AuditAction.CREATE
) -> None:
    audit.record(
        territory=person.kato_id if person else "",
        actor=actor,
        action=action,
        obj=obj,
        person_id=person.pk if person else None,
        changes=changes,
    )


@transaction.atomic
def care_enrol(
    *,
    actor: User,
    person: Person,
    setting: str,
    category: str,
    provider: str,
    applied_on: dt.date,
    started_on: dt.date | None = None,
    social_worker: User | None = None,
) -> CareEnrolment:
    """An application for home or day care: served from ``started_on``, or waiting in the queue."""
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    if setting not in choices.CareSetting.values:
        raise DomainError(_("Unknown care setting."), field="setting")
    if category not in choices.CareCategory.values:
        raise DomainError(_("Unknown category."), field="category")
    if applied_on > today():
        raise DomainError(_("The date cannot be in the future."), field="applied_on")
    if started_on is not None:
        _check_start(setting, applied_on, started_on, social_worker)
    if CareEnrolment.objects.filter(person=person, setting=setting, ended_on__isnull=True).exists():
        raise DomainError(_("The person is already a client of this service."), field="setting")
    enrolment = CareEnrolment.objects.create(
        person=person,
        setting=setting,
        category=category,
        provider=provider.strip(),
        social_worker=social_worker,
        applied_on=applied_on,
        started_on=started_on,
    )
    changes = {
        "setting": setting,
        "category": category,
        "applied_on": str(applied_on),
        "from": str(started_on),
    }
    _audit(actor, enrolment, person, created(changes))
    return enrolment


def _check_start(setting: str, applied_on: dt.date, started_on: dt.date, worker: User | None) -> None:
    if setting == choices.CareSetting.HOME and worker is None:
        raise DomainError(_("A home-care client needs a social worker."), field="social_worker")
    if started_on < applied_on or started_on > today():
        raise DomainError(_("The start lies outside the possible period."), field="started_on")


@transaction.atomic
def care_start(
    *, actor: User, enrolment: CareEnrolment, started_on: dt.date, social_worker: User | None = None
) -> CareEnrolment:
    """A person waiting for home or day care is taken on (leaves the queue)."""
    enrolment = CareEnrolment.objects.select_for_update().select_related("person").get(pk=enrolment.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, enrolment.person.kato_id)
    if enrolment.started_on is not None or enrolment.ended_on is not None:
        raise DomainError(_("The person is not waiting for this service."), field="started_on")
    _check_start(enrolment.setting, enrolment.applied_on, started_on, social_worker)
    enrolment.started_on, enrolment.social_worker = started_on, social_worker
    enrolment.save(update_fields=["started_on", "social_worker"])
    changes = {
        "started_on": [None, str(started_on)],
        "social_worker": [None, getattr(social_worker, "pk", None)],
    }
    _audit(actor, enrolment, enrolment.person, changes, AuditAction.UPDATE)
    return enrolment


@transaction.atomic
def care_visit_record(
    *, actor: User, enrolment: CareEnrolment, visited_on: dt.date, minutes: int, services: str
) -> CareVisit:
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, enrolment.person.kato_id)
    if (
        enrolment.setting != choices.CareSetting.HOME
        or enrolment.ended_on is not None
        or not enrolment.started_on
    ):
        raise DomainError(_("Visits are recorded for current home-care clients."), field="enrolment")
    if visited_on > today() or visited_on < enrolment.started_on:
        raise DomainError(_("The visit date lies outside the service period."), field="visited_on")
    if minutes <= 0:
        raise DomainError(_("The duration must be positive."), field="minutes")
    visit = CareVisit.objects.create(
        enrolment=enrolment,
        visited_on=visited_on,
        minutes=minutes,
        services=services.strip(),
        social_worker=actor,
    )
    _audit(actor, visit, enrolment.person, created({"visited_on": str(visited_on), "minutes": minutes}))
    return visit


@transaction.atomic
def placement_apply(*, actor: User, person: Person, profile: str, applied_on: dt.date) -> Placement:
    """The person enters the placement queue of institutions of a profile."""
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    if profile not in choices.QUEUE_PROFILES:
        raise DomainError(_("Unknown institution profile."), field="profile")
    if applied_on > today():
        raise DomainError(_("The date cannot be in the future."), field="applied_on")
    if Placement.objects.filter(person=person, status__in=["waiting", "admitted"]).exists():
        raise DomainError(_("The person is already waiting or placed."), field="profile")
    placement = Placement.objects.create(
        person=person,
        profile=profile,
        district=district_of(person.kato_id),
        applied_on=applied_on,
        priority=priorities([person], applied_on)[person.pk],
    )
    _audit(actor, placement, person, created({"profile": profile, "applied_on": str(applied_on)}))
    return placement


@transaction.atomic
def placement_admit(*, actor: User, placement: Placement, institution: Institution, on: dt.date) -> Placement:
    placement = Placement.objects.select_for_update().select_related("person").get(pk=placement.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, placement.person.kato_id)
    if placement.status != choices.PlacementStatus.WAITING:
        raise DomainError(_("Only a waiting person can be admitted."), field="institution")
    if institution.profile != placement.profile:
        raise DomainError(
            _("The institution's profile differs from the one applied for."), field="institution"
        )
    if on < placement.applied_on or on > today():
        raise DomainError(_("The admission date lies outside the possible period."), field="on")
    placed = Placement.objects.filter(
        institution=institution, status=choices.PlacementStatus.ADMITTED
    ).count()
    if institution.beds is not None and placed >= institution.beds:
        raise DomainError(_("The institution has no free bed."), field="institution")
    placement.status, placement.institution, placement.admitted_on = (
        choices.PlacementStatus.ADMITTED,
        institution,
        on,
    )
    placement.save(update_fields=["status", "institution", "admitted_on"])
    changes = {"status": ["waiting", "admitted"], "institution": [None, institution.pk]}
    _audit(actor, placement, placement.person, changes, AuditAction.UPDATE)
    return placement


@transaction.atomic
def placement_depart(*, actor: User, placement: Placement, on: dt.date, reason: str) -> Placement:
    placement = Placement.objects.select_for_update().select_related("person").get(pk=placement.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, placement.person.kato_id)
    if placement.status != choices.PlacementStatus.ADMITTED or placement.admitted_on is None:
        raise DomainError(_("Only an admitted person can depart."), field="on")
    if not reason.strip():
        raise DomainError(_("A reason is required."), field="reason")
    if on < placement.admitted_on:
        raise DomainError(_("The departure is before the admission."), field="on")
    placement.status, placement.departed_on = choices.PlacementStatus.DEPARTED, on
    placement.departure_reason = reason.strip()
    placement.save(update_fields=["status", "departed_on", "departure_reason"])
    _audit(actor, placement, placement.person, {"status": ["admitted", "departed"]}, AuditAction.UPDATE)
    return placement


@transaction.atomic
def project_create(
    *,
    actor: User,
    title: str,
    provider: str,
    provider_bin: str,
    year: int,
    district: str,
    planned_people: int,
    planned_amount: int,
    service: str = "",
) -> SocialOrderProject:
    """A social-order project; of a special service (``service``) it serves persons by stays, and
    its amount may be 0 when the source states none."""
    policy.require(actor, Capability.REHAB_MANAGE)
    if len(provider_bin) != 12 or not provider_bin.isdigit():
        raise DomainError(_("A BIN has 12 digits."), field="provider_bin")
    if service and service not in choices.SpecialService.values:
        raise DomainError(_("Unknown special social service."), field="service")
    if planned_people <= 0 or planned_amount < 0 or (planned_amount == 0 and not service):
        raise DomainError(_("The plan of people and money must be positive."), field="planned_people")
    project = SocialOrderProject.objects.create(
        service=service,
        title=title.strip(),
        provider=provider.strip(),
        provider_bin=provider_bin,
        year=year,
        district=district,
        planned_people=planned_people,
        planned_amount=planned_amount,
    )
    _audit(
        actor,
        project,
        None,
        created({"title": project.title, "year": year, "planned_amount": planned_amount, "service": service}),
    )
    return project


@transaction.atomic
def project_serve(
    *, actor: User, project: SocialOrderProject, person: Person, on: dt.date
) -> ProjectBeneficiary:
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    if project.service:
        raise DomainError(
            _("This project's persons are admitted as stays of its special service."), field="person"
        )
    if on.year != project.year or on > today():
        raise DomainError(_("The date lies outside the project's year."), field="on")
    if ProjectBeneficiary.objects.filter(project=project, person=person).exists():
        raise DomainError(_("The person is already counted in this project."), field="person")
    row = ProjectBeneficiary.objects.create(project=project, person=person, served_on=on)
    _audit(actor, row, person, created({"project": project.pk, "served_on": str(on)}))
    return row
