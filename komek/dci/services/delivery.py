"""Callbacks to client systems (on-search, txn-on-status, on-subscribe, on-unsubscribe, notify).

A callback is first written as a :class:`~komek.dci.models.DciDelivery` in the transaction of the
answer it carries, then posted after the commit; one that fails stays pending with its error and is
posted again by ``komek dci deliver`` (run every minute), with a growing pause between attempts,
until it is delivered or has failed ``KOMEK_DCI_MAX_ATTEMPTS`` times. Nothing is lost: a callback
is only marked delivered once the client answered 2xx.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from komek.dci.models import DciClient, DciDelivery


class CallbackFailed(Exception):
    pass


def post(uri: str, body: dict[str, Any], timeout: float) -> None:
    """POST the JSON body; CallbackFailed unless the answer is 2xx."""
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the URI is checked to be http(s) when received
        uri, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise CallbackFailed(f"HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        raise CallbackFailed(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise CallbackFailed(str(getattr(exc, "reason", exc))[:400]) from None


def enqueue(client: DciClient, *, action: str, uri: str, body: dict[str, Any]) -> DciDelivery:
    """A callback to post once the current transaction commits."""
    delivery = DciDelivery.objects.create(client=client, action=action, uri=uri, body=body)
    if settings.KOMEK_DCI_DELIVER_ON_COMMIT:
        transaction.on_commit(lambda: attempt(delivery.pk))
    return delivery


def attempt(delivery_id: int) -> bool:
    """Post one pending callback; True once delivered. Its row is locked while it is posted, so two
    deliverers never post it twice."""
    with transaction.atomic():
        delivery = (
            DciDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, delivered_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        try:
            post(delivery.uri, delivery.body, settings.KOMEK_DCI_CALLBACK_TIMEOUT)
        except CallbackFailed as exc:
            delivery.last_error = str(exc)[:500]
            delivery.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            return False
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "last_attempt_at", "last_error", "delivered_at"])
        return True


def _due(delivery: DciDelivery, now: dt.datetime) -> bool:
    if delivery.last_attempt_at is None:
        return True
    pause = min(2 ** min(delivery.attempts, 12), 3600)  # 2 s, 4 s, ... at most an hour
    return delivery.last_attempt_at + dt.timedelta(seconds=pause) <= now


@dataclass
class Round:
    delivered: int = 0
    failed: int = 0
    waiting: int = 0


def deliver_pending(*, limit: int = 500, now: dt.datetime | None = None) -> Round:
    """One round over the pending callbacks, oldest first (those whose pause is over)."""
    now = now or timezone.now()
    result = Round()
    pending = DciDelivery.objects.filter(
        delivered_at__isnull=True, attempts__lt=settings.KOMEK_DCI_MAX_ATTEMPTS
    ).order_by("id")[:limit]
    for delivery in list(pending):
        if not _due(delivery, now):
            result.waiting += 1
        elif attempt(delivery.pk):
            result.delivered += 1
        else:
            result.failed += 1
    return result
