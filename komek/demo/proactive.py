"""The demo's proactive worklist, made through the services (no figure typed in): a scan of the
demo town for this month, then the first few families found offered support, one consenting (its
application opened through the portal channel) and one dismissed with its reason."""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils import timezone

from komek.common.errors import DomainError
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item
from komek.proactive.services import ScanResult, item_consent, item_dismiss, item_offer, proactive_scan

DEMO_TOWN = "351600000"
OFFERS = 4


def demo_proactive(actor: Any, territory: str = DEMO_TOWN) -> ScanResult:
    result = proactive_scan(actor=actor, kato=territory, month=timezone.localdate().replace(day=1))
    if Item.objects.filter(kato_code__startswith=result.unit.prefix).exclude(status=ItemStatus.OPEN).exists():
        return result  # worked already on an earlier run: the demo is idempotent
    open_items = Item.objects.filter(
        kind=ItemKind.CANDIDATE, status=ItemStatus.OPEN, kato_code__startswith=result.unit.prefix,
        contact__isnull=False,
    ).exclude(contact__phone="").order_by("programme", "id")[: OFFERS + 1]  # fmt: skip
    offered: list[Item] = []
    for item in open_items:
        if len(offered) == OFFERS:
            item_dismiss(actor=actor, item_id=item.pk, reason="Семья уже подала заявление в отделе.")
            break
        offered.append(item_offer(actor=actor, item_id=item.pk))
    for item in offered[:1]:
        # An open application of the family already (the demo's own cases): the offer stays.
        with contextlib.suppress(DomainError):
            item_consent(actor=actor, item_id=item.pk)
    return result
