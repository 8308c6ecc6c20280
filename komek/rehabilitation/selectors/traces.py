"""The records behind the rehabilitation figures of the annual report: the persons provided with an
aid in the year and the persons waiting for it at the year's end, narrowed as ``coverage`` counts
them (the same sources, the same territory), so that the length of each list is its figure."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Records
from komek.registry.models import Person
from komek.registry.selectors import persons_records
from komek.rehabilitation import choices
from komek.rehabilitation.models import HoursRecord, Issue, QueueEntry, Voucher

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def aid_records(*, actor: Actor, year: int, prefix: str, kind: str, waiting: bool) -> Records | None:
    """The persons provided with the aid ``kind`` in ``year`` (issues, used vouchers, hours given),
    or with ``waiting`` those in its queue at the end of the year; ``None`` for an unknown aid."""
    policy.require(actor, Capability.REHAB_VIEW)
    if kind not in choices.AidKind.values:
        return None
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def scope(field_name: str) -> Q:
        return policy.territory_q(actor, field_name) & Q(**{f"{field_name}__startswith": prefix})

    if waiting:
        entries = QueueEntry.objects.filter(scope("district"), kind=kind, applied_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=end)
        )
        return persons_records(Person.objects.filter(pk__in=entries.values("person_id")))
    return persons_records(provided_between(actor=actor, prefix=prefix, kind=kind, start=start, end=end))


def provided_between(
    *, actor: Actor, prefix: str, kind: str, start: dt.date, end: dt.date
) -> QuerySet[Person]:
    """The persons provided with the aid ``kind`` from ``start`` to ``end`` in the territory
    ``prefix``: issued the item, given hours, or (a sanatorium) with a voucher used (lazy)."""

    def scope(field_name: str) -> Q:
        return policy.territory_q(actor, field_name) & Q(**{f"{field_name}__startswith": prefix})

    issued = Issue.objects.filter(scope("person__kato__code"), kind=kind, issued_on__range=(start, end))
    hours = HoursRecord.objects.filter(
        scope("person__kato__code"), kind=kind, month__range=(start, end), given__gt=0
    )
    provided = Q(pk__in=issued.values("person_id")) | Q(pk__in=hours.values("person_id"))
    if kind == choices.AidKind.SANATORIUM:
        vouchers = Voucher.objects.filter(
            scope("district"), status=choices.VoucherStatus.USED, starts_on__range=(start, end)
        )
        provided |= Q(pk__in=vouchers.values("person_id"))
    return Person.objects.filter(provided)
