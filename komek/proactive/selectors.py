"""Reads of the proactive worklist, scoped to who is asking: the items of the user's territory, one
item with its explanation, the figures per programme (found, offered, consented, assigned) and the
outbox. The figures are aggregates any holder of ``PROACTIVE_VIEW`` reads; an item names a person,
so its rows are read only with ``PERSON_VIEW`` as well (an analyst works with figures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common.errors import NotFound
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item, Notice, Scan

#: The statuses the list filters by: the stored ones, "expired" (an offer past its term) and
#: "assigned" (a consent whose application was decided with an assignment).
FILTER_STATUSES = (*ItemStatus.values, "expired", "assigned")


def assigned_q() -> Exists:
    """An item whose application was decided with an assignment."""
    return Exists(Assignment.objects.filter(application_id=OuterRef("application_id")))


def items_visible(actor: Any) -> QuerySet[Item]:
    """Items of the actor's territory (figures: no person named)."""
    return policy.visible(Item.objects.all(), actor, Capability.PROACTIVE_VIEW, field="kato_code")


def item_list(
    *, actor: Any, programme: str = "", kind: str = "", status: str = "", kato: str = ""
) -> QuerySet[Item]:
    """The items the list shows, narrowed by its filters (the rows name persons)."""
    policy.require(actor, Capability.PERSON_VIEW)
    return (
        _filtered(items_visible(actor), programme=programme, kind=kind, status=status, kato=kato)
        .select_related("contact", "person", "family")
        .annotate(assigned=assigned_q())
        .order_by("programme", "kato_code", "id")
    )


def _filtered(found: QuerySet[Item], *, programme: str, kind: str, status: str, kato: str) -> QuerySet[Item]:
    if programme:
        found = found.filter(programme=programme)
    if kind:
        found = found.filter(kind=kind)
    if kato:
        found = found.filter(kato_code__startswith=kato)
    today = timezone.localdate()
    if status == "expired":
        found = found.filter(status=ItemStatus.OFFERED, offer_expires__lt=today)
    elif status == "assigned":
        found = found.filter(status=ItemStatus.CONSENTED).filter(assigned_q())
    elif status == ItemStatus.OFFERED:
        found = found.filter(status=status, offer_expires__gte=today)
    elif status:
        found = found.filter(status=status)
    return found


@dataclass
class ProgrammeFigures:
    programme: str
    found: int
    offered: int
    consented: int
    assigned: int
    not_eligible: int
    title: str = ""


def figures(*, actor: Any, programme: str = "", kato: str = "") -> list[ProgrammeFigures]:
    """Per programme: candidates found, offered, consented, assigned; recipients no longer eligible
    (one query)."""
    found = _filtered(items_visible(actor), programme=programme, kind="", status="", kato=kato)
    candidate = Q(kind=ItemKind.CANDIDATE)
    rows = (
        found.values("programme")
        .annotate(
            found=Count("id", filter=candidate),
            offered=Count("id", filter=candidate & Q(offered_at__isnull=False)),
            consented=Count("id", filter=candidate & Q(consented_at__isnull=False)),
            assigned=Count("id", filter=candidate & Q(application_id__isnull=False) & Q(assigned_q())),
            not_eligible=Count("id", filter=Q(kind=ItemKind.NOT_ELIGIBLE)),
        )
        .order_by("programme")
    )
    return [ProgrammeFigures(**row) for row in rows]


def programmes_listed(actor: Any) -> list[str]:
    return list(items_visible(actor).values_list("programme", flat=True).distinct().order_by("programme"))


def item_get(*, actor: Any, item_id: int) -> Item:
    policy.require(actor, Capability.PERSON_VIEW)
    found = (
        items_visible(actor)
        .select_related("contact", "person", "family__kato", "scan__kato", "offered_by")
        .annotate(assigned=assigned_q())
        .filter(pk=item_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such item of the worklist in your territorial units."))
    return found


def item_assignment(item: Item) -> Assignment | None:
    """The assignment the item concerns: the one no longer eligible, or the one its application got."""
    if item.assignment_id:
        return Assignment.objects.filter(pk=item.assignment_id).first()
    if item.application_id:
        return Assignment.objects.filter(application_id=item.application_id).order_by("id").first()
    return None


def item_notices(item: Item) -> QuerySet[Notice]:
    return Notice.objects.filter(item=item).order_by("-created_at", "-id")


def outbox(*, actor: Any) -> QuerySet[Notice]:
    """The notices of the actor's territory, newest first (they name persons)."""
    policy.require(actor, Capability.PERSON_VIEW)
    return policy.visible(
        Notice.objects.select_related("person", "item"), actor, Capability.PROACTIVE_VIEW, field="kato_code"
    ).order_by("-created_at", "-id")


def last_scans(*, actor: Any, limit: int = 5) -> list[Scan]:
    found = policy.visible(
        Scan.objects.select_related("kato"), actor, Capability.PROACTIVE_VIEW, field="kato__code"
    )
    return list(found.order_by("-started_at", "-id")[:limit])


def in_year(*, actor: Any, year: int, prefix: str) -> dict[str, QuerySet[Item]]:
    """The items behind the annual figures: found, offered, consented in ``year``, and assigned in it
    (the assignment made in the year)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    items = items_visible(actor).filter(kind=ItemKind.CANDIDATE, kato_code__startswith=prefix)
    made = Assignment.objects.filter(
        application_id=OuterRef("application_id"), created_at__date__gte=start, created_at__date__lte=end
    )
    return {
        "found": items.filter(created_at__date__gte=start, created_at__date__lte=end),
        "offered": items.filter(offered_at__date__gte=start, offered_at__date__lte=end),
        "consented": items.filter(consented_at__date__gte=start, consented_at__date__lte=end),
        "assigned": items.filter(application_id__isnull=False).filter(Exists(made)),
    }
