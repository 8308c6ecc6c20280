"""Queues in order with each person's position, and a person's places in every queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from komek.accounts.models import User
from komek.rehabilitation import codes
from komek.rehabilitation.models import QueueChange, QueueEntry
from komek.rehabilitation.selectors._scope import require_view, territory_q

ORDER = (F("priority").asc(), F("applied_on").asc(), F("id").asc())


@dataclass(frozen=True)
class QueueRow:
    position: int
    entry_id: int
    person_id: int
    iin: str
    full_name: str
    applied_on: dt.date
    priority: int
    district: str

    @property
    def priority_label(self) -> str:
        return str(codes.Priority(self.priority).label)


def _waiting(kind: str) -> QuerySet[QueueEntry]:
    return QueueEntry.objects.filter(kind=kind, status=codes.QueueStatus.WAITING)


def queue_rows(
    *, user: User | None, kind: str, district: str | None = None, limit: int | None = None
) -> list[QueueRow]:
    """The waiting persons of an aid's queue in order, numbered within their district's queue.

    ``user=None`` is the command line run by an operator of the installation (the whole country).
    """
    qs = _waiting(kind)
    if user is not None:
        require_view(user, persons=True)
        qs = qs.filter(territory_q(user, "district"))
    if district:
        qs = qs.filter(district=district)
    qs = (
        qs.annotate(position=Window(RowNumber(), partition_by=[F("district")], order_by=ORDER))
        .select_related("person")
        .order_by("district", *ORDER)
    )
    rows = qs[:limit] if limit else qs
    return [
        QueueRow(
            position=e.position,  # type: ignore[attr-defined]
            entry_id=e.pk,
            person_id=e.person_id,
            iin=e.person.iin,
            full_name=e.person.full_name,
            applied_on=e.applied_on,
            priority=e.priority,
            district=e.district,
        )
        for e in rows
    ]


def person_queue_places(person_id: int) -> list[tuple[QueueEntry, int]]:
    """Each waiting entry of a person with its position (number of entries ahead + 1), one query."""
    entries = list(
        QueueEntry.objects.filter(person_id=person_id, status=codes.QueueStatus.WAITING).order_by("kind")
    )
    if not entries:
        return []
    ahead = Q()
    for e in entries:
        ahead |= Q(kind=e.kind, district=e.district) & (
            Q(priority__lt=e.priority)
            | Q(priority=e.priority, applied_on__lt=e.applied_on)
            | Q(priority=e.priority, applied_on=e.applied_on, id__lt=e.pk)
        )
    counts = dict(
        QueueEntry.objects.filter(ahead, status=codes.QueueStatus.WAITING)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(e, counts.get(e.kind, 0) + 1) for e in entries]


def queue_sizes(*, user: User) -> dict[str, int]:
    require_view(user)
    return dict(
        QueueEntry.objects.filter(territory_q(user, "district"), status=codes.QueueStatus.WAITING)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )


def entry_history(entry_id: int) -> list[QueueChange]:
    return list(QueueChange.objects.filter(entry_id=entry_id).select_related("changed_by"))
