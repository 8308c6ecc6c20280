"""The queue of the stays in special social services (ADR 0045): waiting, admission from the queue in
its order, cancellation of a waiting entry, and the correction of a stay with its reason.

A person waits in the queue of the service and district (its ``district``), in order of priority,
then application date, then number — as the app's other queues. A state centre admits the first
waiting person of the queue while it has a free bed; each write is atomic and audited, a refusal
leaves nothing but its own audit row and names the field to change.
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
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.common.validation import today
from komek.rehabilitation import choices
from komek.rehabilitation.models import Institution, SocialOrderProject, SpecialStay
from komek.rehabilitation.services.special import (
    FIRST_DATE,
    STAY,
    _check_beds,
    _check_child,
    _check_dates,
    _check_provider,
    _fmt,
    _person,
    check_not_served,
    check_specialist,
    enqueue,
)

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

WAITING = choices.StayStatus.WAITING


def ahead_q(stay: SpecialStay) -> Q:
    """The waiting stays ahead of ``stay`` in its queue (its service and district)."""
    return Q(service=stay.service, district=stay.district, status=WAITING) & (
        Q(priority__lt=stay.priority)
        | Q(priority=stay.priority, applied_on__lt=stay.applied_on)
        | Q(priority=stay.priority, applied_on=stay.applied_on, id__lt=stay.pk)
    )


def _stay(actor: Actor, stay_id: int) -> SpecialStay:
    stay = (
        SpecialStay.objects.select_for_update(of=("self",))
        .filter(policy.territory_q(actor, "district"), pk=stay_id)
        .select_related("person", "institution", "project")
        .first()
    )
    if stay is None:
        raise DomainError(_("No such stay in your territorial units."), field="stay")
    return stay


def _record(actor: Actor, stay: SpecialStay, changes: dict[str, list[object]], reason: str = "") -> None:
    audit.record(
        territory=stay.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stay,
        person_id=stay.person_id,
        changes=changes,
        reason=reason,
    )


@audited_refusals(STAY)
@transaction.atomic
def stay_apply(
    *,
    actor: Actor,
    iin: str,
    service: str,
    applied_on: dt.date,
    institution: Institution | None = None,
    project: SocialOrderProject | None = None,
) -> SpecialStay:
    """The person applies for a special service: they wait in its queue from ``applied_on``."""
    policy.require(actor, Capability.REHAB_MANAGE)
    if service not in choices.SpecialService.values:
        raise DomainError(_("Unknown special social service."), field="service")
    person = _person(actor, iin)
    if applied_on > today() or applied_on < FIRST_DATE:
        raise DomainError(_("The application date lies outside the possible period."), field="applied_on")
    _check_provider(service, institution, project, applied_on)
    _check_child(service, person, applied_on)
    check_not_served(person, service, applied_on, None, exclude=None)
    return enqueue(actor, person, service, applied_on, institution, project)


@audited_refusals(STAY, id_kwarg="stay_id")
@transaction.atomic
def stay_admit_waiting(
    *, actor: Actor, stay_id: int, admitted_on: dt.date, specialist: User | None = None
) -> SpecialStay:
    """The first person of a queue admitted on ``admitted_on`` (a state centre: into a free bed)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    stay = _stay(actor, stay_id)
    if stay.status != WAITING:
        raise DomainError(_("Only a waiting person can be admitted from the queue."), field="stay")
    assert stay.applied_on is not None  # a waiting stay has its application date
    first = (
        SpecialStay.objects.filter(ahead_q(stay))
        .select_related("person")
        .order_by("priority", "applied_on", "id")
        .first()
    )
    if first is not None:
        raise DomainError(
            _("%(name)s waits ahead in this queue (applied on %(date)s): admit in the order of the queue.")
            % {"name": first.person.full_name, "date": _fmt(first.applied_on or stay.applied_on)},
            field="stay",
            code="not_first",
        )
    if admitted_on < stay.applied_on:
        raise DomainError(
            _("The admission (%(admitted)s) cannot come before the application (%(applied)s).")
            % {"admitted": _fmt(admitted_on), "applied": _fmt(stay.applied_on)},
            field="admitted_on",
        )
    _check_dates(admitted_on, None)
    _check_provider(stay.service, stay.institution, stay.project, admitted_on)
    _check_child(stay.service, stay.person, admitted_on)
    check_specialist(stay.service, specialist, stay.district, open_stay=True)
    if stay.institution is not None:
        centre = Institution.objects.select_for_update().get(pk=stay.institution.pk)
        _check_beds(centre, admitted_on, None, exclude=stay.pk)
    stay.status, stay.admitted_on, stay.from_queue = choices.StayStatus.ADMITTED, admitted_on, True
    stay.specialist = specialist
    stay.save(update_fields=["status", "admitted_on", "from_queue", "specialist"])
    _record(
        actor,
        stay,
        {
            "status": [WAITING, stay.status],
            "admitted_on": [None, str(admitted_on)],
            "specialist": [None, getattr(specialist, "pk", None)],
        },
    )
    return stay


@audited_refusals(STAY, id_kwarg="stay_id")
@transaction.atomic
def stay_cancel(*, actor: Actor, stay_id: int, reason: str) -> SpecialStay:
    """A waiting entry taken out of the queue for ``reason`` (required)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), field="reason")
    stay = _stay(actor, stay_id)
    if stay.status != WAITING:
        raise DomainError(_("Only a waiting entry can be cancelled."), field="reason")
    stay.status, stay.cancelled_on, stay.reason = choices.StayStatus.CANCELLED, today(), reason[:300]
    stay.save(update_fields=["status", "cancelled_on", "reason"])
    _record(actor, stay, {"status": [WAITING, stay.status]}, reason)
    return stay


@audited_refusals(STAY, id_kwarg="stay_id")
@transaction.atomic
def stay_correct(
    *,
    actor: Actor,
    stay_id: int,
    reason: str,
    applied_on: dt.date | None = None,
    admitted_on: dt.date | None = None,
    left_on: dt.date | None = None,
    institution: Institution | None = None,
    project: SocialOrderProject | None = None,
    specialist: User | None = None,
) -> SpecialStay:
    """Correct a stay's dates, provider or specialist (a waiting entry: its application date and
    provider); every rule of an admission is checked again, the changes audited with the reason."""
    policy.require(actor, Capability.REHAB_MANAGE)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to correct a stay."), field="reason")
    stay = _stay(actor, stay_id)
    if stay.status == choices.StayStatus.CANCELLED:
        raise DomainError(_("A cancelled entry cannot be corrected."), field="stay")
    waiting = stay.status == WAITING
    new_institution = institution if (institution or project) else stay.institution
    new_project = project if (institution or project) else stay.project
    new_applied = applied_on or stay.applied_on
    new_admitted = None if waiting else (admitted_on or stay.admitted_on)
    start = new_admitted or new_applied
    if start is None:  # pragma: no cover - every stay has an application or an admission date
        raise DomainError(_("This field is required."), field="applied_on")
    if waiting:
        if start > today() or start < FIRST_DATE:
            raise DomainError(_("The application date lies outside the possible period."), field="applied_on")
    else:
        _check_dates(start, left_on)
        if new_applied is not None and new_applied > start:
            raise DomainError(
                _("The admission (%(admitted)s) cannot come before the application (%(applied)s).")
                % {"admitted": _fmt(start), "applied": _fmt(new_applied)},
                field="admitted_on",
            )
        check_specialist(stay.service, specialist, stay.district, open_stay=left_on is None)
        check_not_served(stay.person, stay.service, start, left_on, exclude=stay.pk)
    _check_provider(stay.service, new_institution, new_project, start)
    _check_child(stay.service, stay.person, start)
    if new_institution is not None and not waiting:
        centre = Institution.objects.select_for_update().get(pk=new_institution.pk)
        _check_beds(centre, start, left_on, exclude=stay.pk)
    after: dict[str, object] = {
        "applied_on": new_applied,
        "admitted_on": new_admitted,
        "left_on": None if waiting else left_on,
        "institution": new_institution,
        "project": new_project,
        "specialist": None if waiting else specialist,
    }
    changes: dict[str, list[object]] = {}
    for name, value in after.items():
        before = getattr(stay, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(stay, name, value)
    if not changes:
        raise DomainError(_("Nothing to change."), field="reason")
    if "left_on" in changes and left_on is None:
        stay.leaving_reason = ""
    stay.save()
    _record(actor, stay, changes, reason)
    return stay


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return str(value)
    return getattr(value, "pk", value)
