"""Provision queues: applications, reordering with a recorded reason, cancellation, and the return
to the queue when an aid's replacement period runs out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.dated import in_force_q
from komek.common.errors import DomainError
from komek.common.validation import today
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import Entitlement, Issue, QueueChange, QueueEntry
from komek.rehabilitation.services._common import priorities

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@transaction.atomic
def queue_apply(*, actor: User, entitlement: Entitlement, applied_on: dt.date) -> QueueEntry:
    """The person applies for an aid of their IPR: they wait from the date of the application."""
    person = entitlement.person
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    if entitlement.kind not in choices.QUEUE_KINDS:
        raise DomainError(_("This service is given by hours, without a queue."), field="kind")
    if applied_on > today() or applied_on < entitlement.ipr.issued_on:
        raise DomainError(
            _("The application date must lie between the IPR's issue and today."), field="applied_on"
        )
    if not Entitlement.objects.filter(in_force_q(applied_on), pk=entitlement.pk).exists():
        raise DomainError(_("The entitlement is not in force on the application date."), field="applied_on")
    if QueueEntry.objects.filter(
        person=person, kind=entitlement.kind, status=choices.QueueStatus.WAITING
    ).exists():
        raise DomainError(_("The person is already in this queue."), field="kind")
    entry = QueueEntry.objects.create(
        person=person,
        entitlement=entitlement,
        kind=entitlement.kind,
        district=district_of(person.kato_id),
        applied_on=applied_on,
        priority=priorities([person], applied_on)[person.pk],
    )
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        person_id=person.pk,
        changes=created({"kind": entry.kind, "applied_on": str(applied_on), "priority": entry.priority}),
    )
    return entry


@transaction.atomic
def queue_entry_reorder(
    *,
    actor: User,
    entry: QueueEntry,
    reason: str,
    priority: int | None = None,
    applied_on: dt.date | None = None,
) -> QueueEntry:
    """Change the priority or the application date of a waiting entry; the reason is required and
    each change is kept in the entry's history."""
    entry = QueueEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, entry.person.kato_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to change a place in the queue."), field="reason")
    if entry.status != choices.QueueStatus.WAITING:
        raise DomainError(_("Only a waiting entry can be moved."), field="priority")
    changes: dict[str, list[str]] = {}
    if priority is not None and priority != entry.priority:
        if priority not in choices.Priority.values:
            raise DomainError(_("Unknown priority."), field="priority")
        changes["priority"] = [str(entry.priority), str(priority)]
        entry.priority = priority
    if applied_on is not None and applied_on != entry.applied_on:
        if applied_on > today():
            raise DomainError(_("The date cannot be in the future."), field="applied_on")
        changes["applied_on"] = [str(entry.applied_on), str(applied_on)]
        entry.applied_on = applied_on
    if not changes:
        raise DomainError(_("Nothing to change."), field="priority")
    entry.save(update_fields=["priority", "applied_on"])
    QueueChange.objects.bulk_create(
        [
            QueueChange(entry=entry, field=name, before=b, after=a, reason=reason, changed_by=actor)
            for name, (b, a) in changes.items()
        ]
    )
    audit.record(
        territory=entry.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entry,
        person_id=entry.person_id,
        changes=changes,
        reason=reason,
    )
    return entry


@transaction.atomic
def queue_entry_cancel(*, actor: User, entry: QueueEntry, reason: str) -> QueueEntry:
    entry = QueueEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, entry.person.kato_id)
    if not (reason or "").strip():
        raise DomainError(_("A reason is required."), field="reason")
    if entry.status != choices.QueueStatus.WAITING:
        raise DomainError(_("Only a waiting entry can be cancelled."), field="reason")
    entry.status, entry.closed_on, entry.reason = choices.QueueStatus.CANCELLED, today(), reason.strip()
    entry.save(update_fields=["status", "closed_on", "reason"])
    audit.record(
        territory=entry.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entry,
        person_id=entry.person_id,
        changes={"status": ["waiting", "cancelled"]},
        reason=reason.strip(),
    )
    return entry


@transaction.atomic
def queue_replacements_due(*, actor: Actor, on: dt.date | None = None) -> int:
    """Put back into the queue everyone whose aid's replacement period ran out by ``on`` while the
    entitlement is still in force (set-based: one read of the due issues, one bulk insert, one
    audit row per entry in one statement). The daily job acts as ``system("rehab-replacements")``."""
    on = on or today()
    policy.require(actor, Capability.REHAB_MANAGE)
    waiting = QueueEntry.objects.filter(
        person_id=OuterRef("person_id"), kind=OuterRef("kind"), status=choices.QueueStatus.WAITING
    )
    later = Issue.objects.filter(
        person_id=OuterRef("person_id"), kind=OuterRef("kind"), issued_on__gt=OuterRef("issued_on")
    )
    due = (
        Issue.objects.filter(replace_after__lte=on, requeued=False, kind__in=choices.QUEUE_KINDS)
        .filter(Q(entitlement__valid_to__isnull=True) | Q(entitlement__valid_to__gte=on))
        .exclude(Exists(waiting))
        .exclude(Exists(later))
        .select_related("person", "entitlement")
    )
    issues = list(due)
    by_key = {(i.person_id, i.kind): i for i in issues}
    prio = priorities({i.person_id: i.person for i in issues}.values(), on) if issues else {}
    entries = [
        QueueEntry(
            person_id=i.person_id,
            entitlement_id=i.entitlement_id,
            kind=i.kind,
            district=district_of(i.person.kato_id),
            applied_on=i.replace_after or on,
            priority=prio[i.person_id],
            reason=_("Replacement period ended"),
        )
        for i in by_key.values()
    ]
    QueueEntry.objects.bulk_create(entries, batch_size=5000)
    Issue.objects.filter(pk__in=[i.pk for i in issues]).update(requeued=True)
    territory = {i.person_id: i.person.kato_id for i in issues}
    audit.bulk(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=audit.object_type_of(QueueEntry),
        entries=[
            audit.Entry(
                object_id=e.pk,
                person_id=e.person_id,
                territory=territory[e.person_id],
                changes=created({"kind": e.kind, "applied_on": str(e.applied_on), "on": str(on)}),
            )
            for e in entries
        ],
        reason=_("Replacement period ended"),
    )
    return len(entries)
