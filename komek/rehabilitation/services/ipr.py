"""Individual rehabilitation programmes: checks, the batched insert shared by the form and the import,
and entry into the provision queues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.validation import today
from komek.legislation.terms import Terms
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import Entitlement, Ipr, IprImport, QueueEntry
from komek.rehabilitation.services._common import (
    disabled_on,
    priorities,
    require_disability,
)
from komek.rules.terms import AID_REPLACEMENT_MONTHS

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass
class ProvisionInput:
    kind: str
    item: str = ""
    quantity: int = 1
    monthly_norm: int | None = None
    hours_per_year: int | None = None
    replacement_months: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class IprInput:
    person: Person
    number: str
    issued_on: dt.date
    valid_from: dt.date
    valid_to: dt.date | None
    provisions: list[ProvisionInput] = field(default_factory=list)
    applied_on: dt.date | None = None


def _period_errors(data: IprInput) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if not data.number.strip():
        errors.append(("number", _("The IPR number is required.")))
    if data.issued_on > today():
        errors.append(("issued_on", _("The date cannot be in the future.")))
    if data.valid_to is not None and data.valid_to < data.valid_from:
        errors.append(("valid_to", _("The end of the period is before its start.")))
    if data.applied_on is not None and (data.applied_on > today() or data.applied_on < data.issued_on):
        errors.append(("applied_on", _("The application date must lie between the IPR's issue and today.")))
    if not data.provisions:
        errors.append(("provisions", _("The IPR lists no provision.")))
    return errors


def _provision_errors(data: IprInput, p: ProvisionInput) -> list[tuple[str, str]]:
    if p.kind not in choices.AidKind.values:
        return [("kind", _("Unknown aid kind: %(kind)s.") % {"kind": p.kind})]
    label = str(choices.AidKind(p.kind).label)
    errors: list[tuple[str, str]] = []
    if p.quantity < 1:
        errors.append(("quantity", _("%(aid)s: the quantity must be at least 1.") % {"aid": label}))
    if p.kind == choices.AidKind.HYGIENE and not p.monthly_norm:
        errors.append(("monthly_norm", _("%(aid)s: the monthly norm is required.") % {"aid": label}))
    if p.kind in choices.HOURS_KINDS and not p.hours_per_year:
        errors.append(("hours_per_year", _("%(aid)s: the hours a year are required.") % {"aid": label}))
    start = p.valid_from or data.valid_from
    end = p.valid_to or data.valid_to
    if start < data.valid_from or (data.valid_to and end and end > data.valid_to):
        errors.append(("valid_to", _("%(aid)s: the period lies outside the IPR's.") % {"aid": label}))
    elif end is not None and end < start:
        errors.append(("valid_to", _("%(aid)s: the end of the period is before its start.") % {"aid": label}))
    return errors


def ipr_errors(
    data: IprInput, *, disabled: dict[int, str], taken: set[tuple[int, str]]
) -> list[tuple[str, str]]:
    """Every reason the IPR cannot be recorded, as (field, message); ``disabled`` and ``taken`` are
    looked up for a whole batch at once (disability groups, existing IPR numbers)."""
    errors = _period_errors(data)
    if data.person.pk not in disabled:
        errors.append(
            (
                "person",
                _("The person has no disability status in force on %(date)s: an IPR cannot be recorded.")
                % {"date": data.valid_from.strftime("%d.%m.%Y")},
            )
        )
    if (data.person.pk, data.number.strip()) in taken:
        errors.append(("number", _("This person already has an IPR with this number.")))
    kinds = [p.kind for p in data.provisions]
    for kind in {k for k in kinds if kinds.count(k) > 1}:
        errors.append(("kind", _("The aid %(kind)s is listed twice.") % {"kind": kind}))
    for p in data.provisions:
        errors.extend(_provision_errors(data, p))
    return errors


def taken_numbers(items: list[IprInput]) -> set[tuple[int, str]]:
    ids = {d.person.pk for d in items}
    return set(Ipr.objects.filter(person_id__in=ids).values_list("person_id", "number"))


def insert_iprs(
    items: list[IprInput], *, actor: Actor, source: str, batch: IprImport | None = None
) -> tuple[list[Ipr], list[QueueEntry]]:
    """Insert checked IPRs, their entitlements and queue entries in a few bulk statements (an IPR
    entered by the system, such as the demo's, names nobody as its author)."""
    author = actor if isinstance(actor, User) else None
    iprs = Ipr.objects.bulk_create(
        [
            Ipr(
                person=d.person,
                number=d.number.strip(),
                issued_on=d.issued_on,
                valid_from=d.valid_from,
                valid_to=d.valid_to,
                source=source,
                import_batch=batch,
                created_by=author,
            )
            for d in items
        ],
        batch_size=2000,
    )
    rows: list[Entitlement] = []
    applied: list[dt.date | None] = []
    terms = Terms()  # an IPR that states no replacement period takes the legislation's for the aid
    for d, ipr in zip(items, iprs, strict=True):
        for p in d.provisions:
            rows.append(
                Entitlement(
                    ipr=ipr,
                    person=d.person,
                    kind=p.kind,
                    item=p.item.strip(),
                    quantity=p.quantity,
                    monthly_norm=p.monthly_norm,
                    hours_per_year=p.hours_per_year,
                    replacement_months=p.replacement_months
                    or terms.term_or_none(AID_REPLACEMENT_MONTHS, p.valid_from or d.valid_from, p.kind),
                    valid_from=p.valid_from or d.valid_from,
                    valid_to=p.valid_to or d.valid_to,
                )
            )
            applied.append(d.applied_on)
    entitlements = Entitlement.objects.bulk_create(rows, batch_size=5000)
    queued = [
        (e, on) for e, on in zip(entitlements, applied, strict=True) if on and e.kind in choices.QUEUE_KINDS
    ]
    return iprs, _enqueue(queued)


def _enqueue(pairs: list[tuple[Entitlement, dt.date]]) -> list[QueueEntry]:
    """Queue entries for entitlements; a person already waiting for the kind keeps their place."""
    if not pairs:
        return []
    persons = {e.person.pk: e.person for e, _on in pairs}
    waiting = set(
        QueueEntry.objects.filter(
            person_id__in=persons, status=choices.QueueStatus.WAITING, kind__in={e.kind for e, _on in pairs}
        ).values_list("person_id", "kind")
    )
    prio = priorities(persons.values(), min(on for _e, on in pairs))
    entries = [
        QueueEntry(
            person_id=e.person.pk,
            entitlement=e,
            kind=e.kind,
            district=district_of(e.person.kato_id),
            applied_on=on,
            priority=prio[e.person.pk],
        )
        for e, on in pairs
        if (e.person.pk, e.kind) not in waiting
    ]
    return QueueEntry.objects.bulk_create(entries, batch_size=5000)


@transaction.atomic
def ipr_create(*, actor: User, data: IprInput) -> Ipr:
    """Record an IPR entered by the specialist; with an application date the person enters the
    queue of every aid that has one."""
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, data.person.kato_id)
    require_disability(data.person, data.valid_from)
    errors = ipr_errors(
        data, disabled=disabled_on([data.person.pk], data.valid_from), taken=taken_numbers([data])
    )
    if errors:
        field_name, message = errors[0]
        raise DomainError(message, field=field_name)
    (ipr,), entries = insert_iprs([data], actor=actor, source=choices.IprSource.MANUAL)
    audit.record(
        territory=data.person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=ipr,
        person_id=data.person.pk,
        changes=created(
            {
                "number": ipr.number,
                "valid_from": str(ipr.valid_from),
                "valid_to": str(ipr.valid_to) if ipr.valid_to else None,
                "entitlements": sorted(p.kind for p in data.provisions),
                "queues": sorted(e.kind for e in entries),
            }
        ),
    )
    return ipr
