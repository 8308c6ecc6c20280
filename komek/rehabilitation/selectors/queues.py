"""Queues in order with each person's position, and a person's places in every queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db.models import Count, F, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.lists import district_names
from komek.registry.selectors import person_match_q
from komek.rehabilitation import choices
from komek.rehabilitation.models import QueueChange, QueueEntry

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

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
    district_name: str = ""  # filled by :func:`named` where a page shows it

    @property
    def priority_label(self) -> str:
        return str(choices.Priority(self.priority).label)


def _waiting(kind: str) -> QuerySet[QueueEntry]:
    return QueueEntry.objects.filter(kind=kind, status=choices.QueueStatus.WAITING)


def queue_waiting(*, user: Actor, kind: str, district: str | None = None) -> QuerySet[QueueEntry]:
    """The waiting entries of an aid's queue in order, each with its ``position`` within its
    district's queue. Narrowing to a district keeps the positions: a district is a whole queue."""
    qs = policy.visible(_waiting(kind), user, Capability.REHAB_VIEW, Capability.PERSON_VIEW, field="district")
    if district:
        qs = qs.filter(district__startswith=district)
    return (
        qs.annotate(position=Window(RowNumber(), partition_by=[F("district")], order_by=ORDER))
        .select_related("person")
        .order_by("district", *ORDER)
    )


def queue_rows(
    *, user: Actor, kind: str, district: str | None = None, limit: int | None = None
) -> list[QueueRow]:
    """The waiting persons of an aid's queue in order, numbered within their district's queue.

    A system actor (the command line run by an operator of the installation) sees the whole country.
    """
    qs = queue_waiting(user=user, kind=kind, district=district)
    return as_rows(qs[:limit] if limit else qs)


def as_rows(entries: Iterable[QueueEntry]) -> list[QueueRow]:
    """Queue entries annotated with their ``position`` as the rows of a queue."""
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
        for e in entries
    ]


def named(rows: list[QueueRow]) -> list[QueueRow]:
    """The rows with their districts' names (one query for all of them)."""
    names = district_names({r.district for r in rows})
    return [replace(r, district_name=names.get(r.district, r.district)) for r in rows]


def _ahead(e: QueueEntry) -> Q:
    """The waiting entries ahead of ``e`` in its queue (its aid and district)."""
    return Q(kind=e.kind, district=e.district) & (
        Q(priority__lt=e.priority)
        | Q(priority=e.priority, applied_on__lt=e.applied_on)
        | Q(priority=e.priority, applied_on=e.applied_on, id__lt=e.pk)
    )


def queue_found(*, user: Actor, kind: str, text: str, limit: int = 20) -> list[QueueRow]:
    """Where the persons found by IIN or name wait in an aid's queue: their entries with their
    positions, in two queries (the entries, then the entries ahead of each counted at once)."""
    qs = policy.visible(_waiting(kind), user, Capability.REHAB_VIEW, Capability.PERSON_VIEW, field="district")
    found = qs.filter(person_match_q(text, "person")).select_related("person")
    entries = list(found.order_by(*ORDER)[:limit])
    if not entries:
        return []
    counts = QueueEntry.objects.filter(status=choices.QueueStatus.WAITING).aggregate(
        **{f"e{e.pk}": Count("id", filter=_ahead(e)) for e in entries}
    )
    for e in entries:
        e.position = counts[f"e{e.pk}"] + 1  # type: ignore[attr-defined]
    return as_rows(entries)


def person_queue_places(person_id: int) -> list[tuple[QueueEntry, int]]:
    """Each waiting entry of a person with its position (number of entries ahead + 1), one query."""
    entries = list(
        QueueEntry.objects.filter(person_id=person_id, status=choices.QueueStatus.WAITING).order_by("kind")
    )
    if not entries:
        return []
    ahead = Q()
    for e in entries:
        ahead |= _ahead(e)
    counts = dict(
        QueueEntry.objects.filter(ahead, status=choices.QueueStatus.WAITING)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return [(e, counts.get(e.kind, 0) + 1) for e in entries]


def queue_export(*, user: Actor, kind: str, district: str | None = None) -> list[QueueRow]:
    """A whole queue taken away (``komek rehab queue``): its rows, the export audited."""
    rows = queue_rows(user=user, kind=kind, district=district)
    audit.read(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="rehabilitation.queue",
        object_id=kind,
        changes={"rows": [None, len(rows)], "district": [None, district]},
    )
    return rows


def queue_entry_visible(*, user: Actor, pk: int) -> QueueEntry | None:
    """A queue entry of the user's territory, or None."""
    return policy.scoped(QueueEntry.objects.all(), user, field="district").filter(pk=pk).first()


def queue_sizes(*, user: Actor) -> dict[str, int]:
    return dict(
        policy.visible(QueueEntry.objects.all(), user, Capability.REHAB_VIEW, field="district")
        .filter(status=choices.QueueStatus.WAITING)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )


def entry_history(entry_id: int) -> list[QueueChange]:
    return list(QueueChange.objects.filter(entry_id=entry_id).select_related("changed_by"))


@dataclass(frozen=True)
class QueueSummary:
    kind: str
    waiting: int
    oldest: dt.date  # the application date of the longest wait

    @property
    def label(self) -> str:
        return str(choices.AidKind(self.kind).label)


def queue_summaries(*, user: Actor) -> list[QueueSummary]:
    """Each aid's queue in the user's territory: how many wait, since when; one grouped query."""
    rows = (
        policy.visible(QueueEntry.objects.all(), user, Capability.REHAB_VIEW, field="district")
        .filter(status=choices.QueueStatus.WAITING)
        .values("kind")
        .annotate(n=Count("id"), oldest=Min("applied_on"))
        .order_by("kind")
    )
    return [QueueSummary(r["kind"], r["n"], r["oldest"]) for r in rows]
