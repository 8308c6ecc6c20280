"""Statuses with validity periods (disability, pension, veteran, ...)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require, require_territory
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.periods import age_on
from komek.common.validation import check_period, today
from komek.registry.ages import adult_age_on
from komek.registry.choices import STATUS_SUBTYPES, DisabilityCause, DisabilityGroup, StatusKind
from komek.registry.models import Person, PersonStatus

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@transaction.atomic
def status_add(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    subtype: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None = None,
    cause: str = "",
    note: str = "",
) -> PersonStatus:
    """Record a status of a person for a period (``valid_to`` empty = indefinite); a status with no
    date it is valid from is refused, since every programme tests statuses in force on a date."""
    require(actor, Capability.STATUS_EDIT)
    require_territory(actor, person.kato_id)
    if valid_from is None:
        raise DomainError(_("Enter the date the status is valid from."), field="valid_from")
    if kind not in StatusKind.values:
        raise DomainError(_("Unknown status."), field="kind")
    allowed = STATUS_SUBTYPES[kind]
    if subtype not in allowed.values:
        raise DomainError(_("This category does not belong to the chosen status."), field="subtype")
    if kind == StatusKind.DISABILITY:
        if cause and cause not in DisabilityCause.values:
            raise DomainError(_("Unknown cause of disability."), field="cause")
        adult_age = adult_age_on(valid_from)
        if subtype == DisabilityGroup.CHILD and age_on(person.birth_date, valid_from) >= adult_age:
            raise DomainError(
                _("'Child with disability' applies only under %(age)s.") % {"age": adult_age}, field="subtype"
            )
    elif cause:
        raise DomainError(_("A cause is recorded only for disability."), field="cause")
    if valid_from < person.birth_date:
        raise DomainError(_("The status cannot start before the person was born."), field="valid_from")
    if valid_from > today() + dt.timedelta(days=366):
        raise DomainError(_("The start date is more than a year ahead."), field="valid_from")
    check_period(valid_from, valid_to)
    overlapping = PersonStatus.objects.filter(person=person, kind=kind, subtype=subtype).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.exclude(valid_from__gt=valid_to)
    if overlapping.exists():
        raise DomainError(_("The same status already covers part of this period."), field="valid_from")
    status = PersonStatus.objects.create(
        person=person,
        kind=kind,
        subtype=subtype,
        cause=cause,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
    )
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        object_type="registry.personstatus",
        object_id=status.pk,
        person_id=person.pk,
        changes=created(
            {
                "kind": kind,
                "subtype": subtype,
                "cause": cause,
                "valid_from": str(valid_from),
                "valid_to": str(valid_to) if valid_to else None,
            }
        ),
    )
    return status


@transaction.atomic
def status_end(*, actor: Actor, status: PersonStatus, valid_to: dt.date, reason: str) -> PersonStatus:
    """Close an open-ended status on a date."""
    require(actor, Capability.STATUS_EDIT)
    status = PersonStatus.objects.select_for_update().select_related("person").get(pk=status.pk)
    require_territory(actor, status.person.kato_id)
    if not reason.strip():
        raise DomainError(_("A reason is required."), field="reason")
    check_period(status.valid_from, valid_to)
    before = str(status.valid_to) if status.valid_to else None
    status.valid_to = valid_to
    status.save(update_fields=["valid_to"])
    audit.record(
        territory=status.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="registry.personstatus",
        object_id=status.pk,
        person_id=status.person_id,
        changes={"valid_to": [before, str(valid_to)]},
        reason=reason.strip(),
    )
    return status
