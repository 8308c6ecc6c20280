"""Sanatorium vouchers (assignment to the queue, use, return) and services counted in hours."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.validation import today
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import ContractLine, Entitlement, HoursRecord, QueueEntry, Voucher

S = choices.VoucherStatus


@transaction.atomic
def vouchers_add(
    *,
    actor: User,
    district: str,
    sanatorium: str,
    starts_on: dt.date,
    ends_on: dt.date,
    price: int,
    numbers: list[str],
) -> list[Voucher]:
    """Vouchers received for one sanatorium and period (one per number)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    numbers = [n.strip() for n in numbers if n.strip()]
    if not numbers:
        raise DomainError(_("At least one voucher number is required."), field="numbers")
    if len(set(numbers)) != len(numbers):
        raise DomainError(_("A voucher number is repeated."), field="numbers")
    existing = list(Voucher.objects.filter(number__in=numbers).values_list("number", flat=True)[:1])
    if existing:
        raise DomainError(_("Voucher %(n)s is already registered.") % {"n": existing[0]}, field="numbers")
    if ends_on < starts_on:
        raise DomainError(_("The end of the period is before its start."), field="ends_on")
    if price <= 0:
        raise DomainError(_("The price must be positive."), field="price")
    vouchers = Voucher.objects.bulk_create(
        [
            Voucher(district=district, sanatorium=sanatorium.strip(), number=n, starts_on=starts_on,
                    ends_on=ends_on, price=price)
            for n in numbers
        ]
    )  # fmt: skip
    audit.bulk(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=audit.object_type_of(Voucher),
        entries=[
            audit.Entry(
                object_id=v.pk,
                territory=district,
                changes=created(
                    {"sanatorium": v.sanatorium, "number": v.number, "starts_on": str(starts_on)}
                ),
            )
            for v in vouchers
        ],
    )
    return vouchers


@transaction.atomic
def voucher_assign(*, actor: User, voucher: Voucher, entry: QueueEntry, on: dt.date | None = None) -> Voucher:
    """Give a voucher to a person waiting in the sanatorium queue; a voucher is assigned only once."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    entry = QueueEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, entry.person.kato_id)
    on = on or today()
    if voucher.status not in (S.AVAILABLE, S.RETURNED):
        raise DomainError(
            _("Voucher %(n)s is already assigned.") % {"n": voucher.number},
            field="voucher",
            code="assigned_twice",
        )
    if entry.kind != choices.AidKind.SANATORIUM or entry.status != choices.QueueStatus.WAITING:
        raise DomainError(_("The person is not waiting in the sanatorium queue."), field="entry")
    if Voucher.objects.filter(queue_entry=entry, status=S.ASSIGNED).exists():
        raise DomainError(_("The person already holds a voucher."), field="entry", code="assigned_twice")
    voucher.status, voucher.person_id, voucher.queue_entry, voucher.assigned_on = (
        S.ASSIGNED,
        entry.person_id,
        entry,
        on,
    )
    voucher.save(update_fields=["status", "person", "person_territory", "queue_entry", "assigned_on"])
    audit.record(
        territory=entry.person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=voucher,
        person_id=entry.person_id,
        changes={"status": ["available", "assigned"], "number": [None, voucher.number]},
    )
    return voucher


@transaction.atomic
def voucher_close(
    *, actor: User, voucher: Voucher, used: bool, on: dt.date | None = None, reason: str = ""
) -> Voucher:
    """The stay took place (the queue entry is provided) or the voucher came back unused (it can be
    assigned again and the person keeps their place in the queue)."""
    voucher = (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("person", "queue_entry")
        .get(pk=voucher.pk)
    )
    policy.require(actor, Capability.REHAB_MANAGE)
    if voucher.person is not None:
        policy.require_territory(actor, voucher.person.kato_id)
    on = on or today()
    if voucher.status != S.ASSIGNED or voucher.person is None or voucher.queue_entry is None:
        raise DomainError(_("Only an assigned voucher can be used or returned."), field="voucher")
    person, entry = voucher.person, voucher.queue_entry
    if used:
        voucher.status, voucher.closed_on = S.USED, on
        entry.status, entry.closed_on = choices.QueueStatus.PROVIDED, max(on, entry.applied_on)
        entry.save(update_fields=["status", "closed_on"])
    else:
        if not reason.strip():
            raise DomainError(_("A reason is required."), field="reason")
        voucher.status, voucher.person, voucher.queue_entry, voucher.assigned_on = (
            S.RETURNED,
            None,
            None,
            None,
        )
    voucher.save(
        update_fields=["status", "closed_on", "person", "person_territory", "queue_entry", "assigned_on"]
    )
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=voucher,
        person_id=person.pk,
        changes={"status": ["assigned", voucher.status]},
        reason=reason.strip(),
    )
    return voucher


@transaction.atomic
def hours_record(
    *, actor: User, entitlement: Entitlement, month: dt.date, planned: int, given: int
) -> HoursRecord:
    """Hours planned and given in a month; neither may pass the entitlement's hours for the year."""
    entitlement = Entitlement.objects.select_for_update().select_related("person").get(pk=entitlement.pk)
    person = entitlement.person
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    month = month.replace(day=1)
    if entitlement.kind not in choices.HOURS_KINDS or not entitlement.hours_per_year:
        raise DomainError(_("This entitlement is not a service counted in hours."), field="entitlement")
    end = entitlement.valid_to
    if month < entitlement.valid_from.replace(day=1) or (end is not None and month > end):
        raise DomainError(_("The entitlement is not in force in this month."), field="month")
    if month > today():
        raise DomainError(_("The month cannot be in the future."), field="month")
    if planned < 0 or given < 0:
        raise DomainError(_("Hours cannot be negative."), field="given")
    year = HoursRecord.objects.filter(entitlement=entitlement, month__year=month.year).exclude(month=month)
    totals = year.aggregate(p=Sum("planned"), g=Sum("given"))
    limit = entitlement.hours_per_year
    for name, value, before in (("planned", planned, totals["p"] or 0), ("given", given, totals["g"] or 0)):
        if before + value > limit:
            raise DomainError(
                _(
                    "Above the yearly entitlement: %(limit)s hours a year, "
                    "%(before)s already counted in %(year)s."
                )
                % {"limit": limit, "before": before, "year": month.year},
                field=name,
                code="above_entitlement",
            )
    # The hours are paid under the district's contract for the service that year (if there is one).
    line = (
        ContractLine.objects.filter(
            kind=entitlement.kind, contract__year=month.year, contract__district=district_of(person.kato_id)
        )
        .order_by("id")
        .first()
    )
    record, was_new = HoursRecord.objects.update_or_create(
        entitlement=entitlement,
        month=month,
        defaults={
            "person": person,
            "kind": entitlement.kind,
            "planned": planned,
            "given": given,
            "line": line,
        },
    )
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE if was_new else AuditAction.UPDATE,
        obj=record,
        person_id=person.pk,
        changes={"month": [None, str(month)], "planned": [None, planned], "given": [None, given]},
    )
    return record
