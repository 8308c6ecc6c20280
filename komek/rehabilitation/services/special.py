"""Stays in special social services: admission, leaving, the providers (ADR 0040).

A stay is a person of the registry served by a state centre (an institution with its beds: the
social adaptation centre of a temporary stay, the crisis centre) or by an NGO under the state social
order (a project with its plan of persons and money). Each write is atomic and audited; a refusal
leaves nothing written but its own audit row and names the field to change:

- a person not in the registry (within the user's territorial units) is refused on ``iin``;
- a state centre with beds admits no one beyond its free beds on any day of the stay: the stays
  in force that day are counted (the centre's row is locked so that two admissions cannot take the
  last bed together);
- a stay does not end before it begins, nor lies in the future;
- early intervention takes a child under the legislation's ``early_intervention_max_age`` (3 years)
  on the day of admission;
- an open admission into a state centre whose beds are all taken today is not refused but placed in
  the queue of the service and district (ADR 0045: ``stay_queue``), and the caseload services
  (crisis centre, early intervention, independent living) need the responsible specialist.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.periods import age_on
from komek.common.refusals import audited_refusals
from komek.common.validation import today
from komek.legislation.terms import legal_term
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import Institution, SocialOrderProject, SpecialStay
from komek.rehabilitation.services._common import priorities
from komek.rules.terms import EARLY_INTERVENTION_MAX_AGE

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

STAY = "rehabilitation.specialstay"
FIRST_DATE = dt.date(2010, 1, 1)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _person(actor: Actor, iin: str) -> Person:
    iin = (iin or "").strip()
    person = (
        Person.objects.filter(policy.territory_q(actor, "kato__code"), iin=iin).select_related("kato").first()
    )
    if person is None:
        raise DomainError(
            _("No person with the IIN %(iin)s in the registry of your territorial units.") % {"iin": iin},
            field="iin",
            code="not_in_registry",
        )
    return person


def in_force_on(day: dt.date) -> Q:
    """The stays in force on ``day``: admitted by then, not yet left (the leaving day frees the bed)."""
    return Q(admitted_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def occupancy(institution: Institution, day: dt.date, *, exclude: int | None = None) -> int:
    """The beds of a state centre taken on ``day``."""
    stays = SpecialStay.objects.filter(in_force_on(day), institution=institution)
    if exclude is not None:
        stays = stays.exclude(pk=exclude)
    return stays.count()


def _check_beds(
    institution: Institution, start: dt.date, end: dt.date | None, *, exclude: int | None
) -> None:
    """No day of ``start``..``end`` (open: onwards) over the centre's beds. Occupancy only grows on
    an admission day, so the days to count are the start and the other stays' admissions within;
    the stays overlapping the period are read once and counted here."""
    if institution.beds is None:
        return
    overlapping = SpecialStay.objects.filter(
        institution=institution, status=choices.StayStatus.ADMITTED
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=start))
    if end is not None:
        overlapping = overlapping.filter(admitted_on__lt=end)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    periods = [(a, left) for a, left in overlapping.values_list("admitted_on", "left_on") if a is not None]
    days = sorted({start, *(a for a, _l in periods if a > start)})
    for day in days:
        taken = sum(1 for a, left in periods if a <= day and (left is None or left > day))
        if taken >= institution.beds:
            raise DomainError(
                _("No free bed in %(centre)s on %(date)s: %(taken)d of %(beds)d beds are taken.")
                % {"centre": institution.name, "date": _fmt(day), "taken": taken, "beds": institution.beds},
                field="admitted_on",
                code="no_free_bed",
            )


def _check_provider(
    service: str, institution: Institution | None, project: SocialOrderProject | None, admitted_on: dt.date
) -> None:
    if (institution is None) == (project is None):
        raise DomainError(_("Choose the centre or the NGO's project."), field="provider")
    if institution is not None and choices.SERVICE_PROFILE.get(service) != institution.profile:
        raise DomainError(_("This centre does not give this service."), field="provider")
    if project is not None:
        if project.service != service:
            raise DomainError(_("This project does not give this service."), field="provider")
        if project.year != admitted_on.year:
            raise DomainError(
                _("The admission lies outside the project's year %(year)d.") % {"year": project.year},
                field="admitted_on",
            )


def _check_dates(admitted_on: dt.date, left_on: dt.date | None) -> None:
    if admitted_on > today() or admitted_on < FIRST_DATE:
        raise DomainError(_("The admission date lies outside the possible period."), field="admitted_on")
    if left_on is not None and left_on < admitted_on:
        raise DomainError(
            _("The stay cannot end (%(left)s) before it begins (%(admitted)s).")
            % {"left": _fmt(left_on), "admitted": _fmt(admitted_on)},
            field="left_on",
            code="ends_before_start",
        )
    if left_on is not None and left_on > today():
        raise DomainError(_("The leaving date cannot be in the future."), field="left_on")


def _check_child(service: str, person: Person, admitted_on: dt.date) -> None:
    if service != choices.SpecialService.EARLY_INTERVENTION:
        return
    limit = legal_term(EARLY_INTERVENTION_MAX_AGE, admitted_on)
    if age_on(person.birth_date, admitted_on) >= limit:
        raise DomainError(
            _(
                "Early intervention is for children under %(limit)d: the child (born %(born)s) is "
                "%(age)d on the day of admission."
            )
            % {
                "limit": limit,
                "born": _fmt(person.birth_date),
                "age": age_on(person.birth_date, admitted_on),
            },
            field="iin",
            code="child_too_old",
        )


def check_specialist(service: str, specialist: User | None, district: str, *, open_stay: bool) -> None:
    """A caseload service's open stay has its responsible specialist, who works in its district."""
    if specialist is None:
        if open_stay and service in choices.CASELOAD_SERVICES:
            raise DomainError(
                _("This service works by caseload: choose the responsible specialist."),
                field="specialist",
                code="no_specialist",
            )
        return
    if not (
        specialist.is_active
        and policy.can(specialist, Capability.REHAB_MANAGE)
        and policy.in_territory(specialist, district)
    ):
        raise DomainError(
            _("The specialist does not work with special social services of this district."),
            field="specialist",
        )


def check_not_served(
    person: Person, service: str, admitted_on: dt.date, left_on: dt.date | None, *, exclude: int | None
) -> None:
    """The person is not served by the service on overlapping dates (nor waiting for it twice)."""
    stays = SpecialStay.objects.filter(person=person, service=service)
    if exclude is not None:
        stays = stays.exclude(pk=exclude)
    if stays.filter(left_on__isnull=True, status__in=OPEN).exists():
        raise DomainError(_("The person is already served by this service or waits for it."), field="iin")
    overlapping = stays.filter(status=choices.StayStatus.ADMITTED).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=admitted_on)
    )
    if left_on is not None:
        overlapping = overlapping.filter(admitted_on__lt=left_on)
    if overlapping.exists():
        raise DomainError(_("The person was served by this service on these dates."), field="admitted_on")


OPEN = (choices.StayStatus.WAITING, choices.StayStatus.ADMITTED)


def full_today(institution: Institution) -> bool:
    """Every bed of the centre is taken today (a centre of no stated beds is never full)."""
    return institution.beds is not None and occupancy(institution, today()) >= institution.beds


def enqueue(
    actor: Actor,
    person: Person,
    service: str,
    applied_on: dt.date,
    institution: Institution | None,
    project: SocialOrderProject | None,
) -> SpecialStay:
    """The person waits in the queue of the service and district from ``applied_on``."""
    stay = SpecialStay.objects.create(
        person=person,
        service=service,
        institution=institution,
        project=project,
        district=district_of(person.kato_id),
        status=choices.StayStatus.WAITING,
        applied_on=applied_on,
        priority=priorities([person], applied_on)[person.pk],
    )
    changes = {
        "service": service,
        "status": stay.status,
        "institution": getattr(institution, "pk", None),
        "project": getattr(project, "pk", None),
        "applied_on": str(applied_on),
        "priority": stay.priority,
    }
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=stay,
        person_id=person.pk,
        changes=created(changes),
    )
    return stay


@audited_refusals(STAY)
@transaction.atomic
def stay_admit(
    *,
    actor: Actor,
    iin: str,
    service: str,
    admitted_on: dt.date,
    institution: Institution | None = None,
    project: SocialOrderProject | None = None,
    left_on: dt.date | None = None,
    specialist: User | None = None,
    leaving_reason: str = "",
) -> SpecialStay:
    """A person of the registry admitted to a special service by a state centre or an NGO's project.

    An open admission into a state centre whose beds are all taken today places the person in the
    queue instead (the returned stay is ``waiting``, applied on ``admitted_on``)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    if service not in choices.SpecialService.values:
        raise DomainError(_("Unknown special social service."), field="service")
    person = _person(actor, iin)
    _check_dates(admitted_on, left_on)
    _check_provider(service, institution, project, admitted_on)
    _check_child(service, person, admitted_on)
    district = district_of(person.kato_id)
    check_specialist(service, specialist, district, open_stay=left_on is None)
    if leaving_reason and leaving_reason not in choices.LeavingReason.values:
        raise DomainError(_("Unknown reason of leaving."), field="leaving_reason")
    check_not_served(person, service, admitted_on, left_on, exclude=None)
    if institution is not None:
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if left_on is None and full_today(institution):
            return enqueue(actor, person, service, admitted_on, institution, None)
        _check_beds(institution, admitted_on, left_on, exclude=None)
    stay = SpecialStay.objects.create(
        person=person,
        service=service,
        institution=institution,
        project=project,
        district=district,
        applied_on=admitted_on,
        specialist=specialist,
        admitted_on=admitted_on,
        left_on=left_on,
        leaving_reason=leaving_reason,
    )
    changes = {
        "service": service,
        "institution": getattr(institution, "pk", None),
        "project": getattr(project, "pk", None),
        "specialist": getattr(specialist, "pk", None),
        "admitted_on": str(admitted_on),
        "left_on": str(left_on) if left_on else None,
    }
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=stay,
        person_id=person.pk,
        changes=created(changes),
    )
    return stay


@audited_refusals(STAY, id_kwarg="stay_id")
@transaction.atomic
def stay_leave(*, actor: Actor, stay_id: int, left_on: dt.date, reason: str) -> SpecialStay:
    """The person leaves the service for ``reason`` (the bed is free from ``left_on``)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    stay = (
        SpecialStay.objects.select_for_update()
        .filter(policy.territory_q(actor, "district"), pk=stay_id)
        .select_related("person")
        .first()
    )
    if stay is None:
        raise DomainError(_("No such stay in your territorial units."), field="stay")
    if stay.status != choices.StayStatus.ADMITTED:
        raise DomainError(_("The person waits in the queue: cancel the entry instead."), field="left_on")
    if stay.left_on is not None:
        raise DomainError(_("The person has already left."), field="left_on")
    if reason not in choices.LeavingReason.values:
        raise DomainError(_("Choose the reason of leaving."), field="reason")
    assert stay.admitted_on is not None  # an admitted stay (database check)
    _check_dates(stay.admitted_on, left_on)
    stay.left_on, stay.leaving_reason = left_on, reason
    stay.save(update_fields=["left_on", "leaving_reason"])
    audit.record(
        territory=stay.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stay,
        person_id=stay.person_id,
        changes={"left_on": [None, str(left_on)], "leaving_reason": ["", reason]},
    )
    return stay


@audited_refusals("rehabilitation.institution")
@transaction.atomic
def centre_create(*, actor: Actor, name: str, service: str, beds: int | None, kato: str) -> Institution:
    """A state centre giving a special service by stays (social adaptation, crisis centre)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, kato)
    profile = choices.SERVICE_PROFILE.get(service)
    if profile is None:
        raise DomainError(
            _("This service is given by NGOs' projects, not by a state centre."), field="service"
        )
    name = (name or "").strip()
    if not name:
        raise DomainError(_("This field is required."), field="name")
    if Institution.objects.filter(name=name).exists():
        raise DomainError(_("A centre of this name exists."), field="name")
    if beds is not None and beds <= 0:
        raise DomainError(_("The beds must be a positive number."), field="beds")
    centre = Institution.objects.create(name=name, profile=profile, beds=beds, kato=kato)
    audit.record(
        territory=kato,
        actor=actor,
        action=AuditAction.CREATE,
        obj=centre,
        changes=created({"name": name, "profile": profile, "beds": beds}),
    )
    return centre
