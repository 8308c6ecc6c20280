"""The rehabilitation panel of the 360° card (``komek.common.card``): the individual rehabilitation
programmes (IPR) of the person or the members with their provisions, and their places in the queues."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.card import Panel, PanelContent, Subject, latest
from komek.rehabilitation import choices
from komek.rehabilitation.models import Entitlement, Ipr, QueueEntry, SpecialStay


def _ahead(entry: QueueEntry) -> Q:
    """The waiting entries before ``entry`` in its queue (priority, date, number)."""
    return Q(kind=entry.kind, district=entry.district) & (
        Q(priority__lt=entry.priority)
        | Q(priority=entry.priority, applied_on__lt=entry.applied_on)
        | Q(priority=entry.priority, applied_on=entry.applied_on, id__lt=entry.pk)
    )


def queue_places(entries: list[QueueEntry]) -> list[tuple[QueueEntry, int]]:
    """Each waiting entry with its position in its queue, in one query for all of them."""
    if not entries:
        return []
    counts = QueueEntry.objects.filter(status=choices.QueueStatus.WAITING).aggregate(
        **{f"e{e.pk}": Count("id", filter=_ahead(e)) for e in entries}
    )
    return [(e, int(counts[f"e{e.pk}"] or 0) + 1) for e in entries]


def rehabilitation_panel(*, actor: Any, subject: Subject) -> PanelContent:
    """The persons' IPRs (latest first, with their provisions), waiting queue places, and their
    stays in special social services waiting or open (ADR 0045), in the viewer's territory."""
    policy.require(actor, Capability.REHAB_VIEW)
    iprs, more = latest(
        policy.scoped(Ipr.objects.all(), actor, field="person__kato__code")
        .filter(person_id__in=subject.person_ids)
        .select_related("person")
        .prefetch_related(Prefetch("entitlements", queryset=Entitlement.objects.order_by("kind")))
        .order_by("-valid_from", "-id")
    )
    waiting, more_places = latest(
        policy.scoped(QueueEntry.objects.all(), actor, field="district")
        .filter(person_id__in=subject.person_ids, status=choices.QueueStatus.WAITING)
        .select_related("person")
        .order_by("kind", "id")
    )
    stays, more_stays = latest(
        policy.scoped(SpecialStay.objects.all(), actor, field="district")
        .filter(
            person_id__in=subject.person_ids,
            left_on__isnull=True,
            status__in=[choices.StayStatus.WAITING, choices.StayStatus.ADMITTED],
        )
        .select_related("person", "institution", "project")
        .order_by("service", "id")
    )
    return PanelContent(
        rows=iprs,
        persons=tuple(
            {i.person_id for i in iprs} | {e.person_id for e in waiting} | {s.person_id for s in stays}
        ),
        more=more,
        extra={
            "places": queue_places(waiting),
            "more_places": more_places,
            "stays": stays,
            "more_stays": more_stays,
        },
    )


PANELS = (
    Panel(
        code="rehabilitation",
        title=_("Rehabilitation"),
        order=50,
        template="rehabilitation/_card_panel.html",
        capabilities=(Capability.REHAB_VIEW,),
        show=rehabilitation_panel,
    ),
)
