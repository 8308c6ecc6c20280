"""Subscriptions of client systems to registry events, and the notifications they get.

Events (ADR 0032): ``REGISTER`` (a person registered), ``LiveBirth`` (a person registered within a
year of their birth), ``Death`` (a date of death recorded), ``ChangeOfAddress`` (a person's or a
family's address changed), ``NewHouseHoldMember`` (a person joined a family) and ``ChangeOfFamily``
(a person joined or left a family). A subscription covers the client's territory, or part of it
(a ``location`` filter), or one person (an IIN filter).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from komek.common import audit
from komek.dci import protocol, queries, records
from komek.dci.auth import actor_of
from komek.dci.models import DciClient, DciEvent, DciSubscription
from komek.dci.protocol import Envelope, Refused
from komek.dci.queries import PERSON, QueryError
from komek.dci.services import delivery
from komek.dci.services.messages import _record, callback_uri, territory_of
from komek.dci.services.search import reference_of
from komek.registry.models import Family, Membership, Person

EVENT_TYPES = ("REGISTER", "LiveBirth", "Death", "ChangeOfAddress", "NewHouseHoldMember", "ChangeOfFamily")
_BY_NAME = {name.lower(): name for name in EVENT_TYPES}

NOTIFY_TYPES_INVALID = "rjct.notify_types.invalid"
NOTIFY_DETAILS_INVALID = "rjct.notify_details.invalid"
PERSON_ID_INVALID = "rjct.person_id.invalid"
ALREADY_SUBSCRIBED = "rjct.event.already_subscribed"
CODE_INVALID = "rjct.subscription_code.invalid"
ALREADY_UNSUBSCRIBED = "rjct.event.already_unsubscribed"


def event_type(value: Any) -> str | None:
    """``spdci-common:RegistryEventType:LiveBirth`` or ``LiveBirth`` → ``LiveBirth``."""
    return _BY_NAME.get(queries.last_segment(value).lower()) if isinstance(value, str) else None


def _scope(client: DciClient, filter_: Any) -> tuple[str, str]:
    """(territory prefix, IIN or "") of a subscription's filter: empty (the client's territory), a
    location within it, or one person of it."""
    territory, iin = client.territory, ""
    conditions: list[tuple[str, Any]] = []
    if filter_ in (None, {}, []):
        return territory, iin
    if isinstance(filter_, dict) and "type" in filter_ and "value" in filter_:
        conditions.append((queries.last_segment(filter_["type"]).lower(), filter_["value"]))
    elif isinstance(filter_, list):
        for item in filter_:
            expr = item.get("expression1") if isinstance(item, dict) else None
            if not isinstance(expr, dict) or expr.get("operator") != "eq" or item.get("expression2"):
                raise QueryError(
                    NOTIFY_DETAILS_INVALID, "A filter predicate is one 'eq' expression on location or iin."
                )
            conditions.append((str(expr.get("attribute_name", "")).lower(), expr.get("attribute_value")))
    else:
        raise QueryError(NOTIFY_DETAILS_INVALID, "The filter is {type, value} or a list of predicates.")
    for name, value in conditions:
        if name in ("location", "kato", "admin_area_code"):
            code = str(value).strip().rstrip("0")
            if not code.isdigit() or len(str(value).strip()) > 9 or not code.startswith(client.territory):
                raise QueryError(
                    NOTIFY_DETAILS_INVALID, "The location must be a KATO code within the client's territory."
                )
            territory = code
        elif name in queries.IIN_TYPES:
            try:
                iin = queries.valid_iin(value)
            except QueryError:
                raise QueryError(PERSON_ID_INVALID, "Not a valid IIN.") from None
            if not Person.objects.filter(iin=iin, kato__code__startswith=client.territory).exists():
                raise QueryError(PERSON_ID_INVALID, "No person with this IIN in the client's territory.")
        else:
            raise QueryError(
                NOTIFY_DETAILS_INVALID, f"Cannot filter events by {name!r} (known: location, iin)."
            )
    return territory, iin


def _subscribe_one(client: DciClient, item: Any, seen: set[str], uri: str) -> dict[str, Any]:
    ref = reference_of(item, seen)
    criteria = item.get("subscribe_criteria")
    if not isinstance(criteria, dict) or not {"reg_event_type", "filter", "notify_record_type"} <= set(
        criteria
    ):
        raise QueryError(
            NOTIFY_DETAILS_INVALID, "subscribe_criteria needs reg_event_type, filter and notify_record_type."
        )
    kind = event_type(criteria["reg_event_type"])
    if kind is None:
        raise QueryError(NOTIFY_TYPES_INVALID, f"Unknown reg_event_type (known: {', '.join(EVENT_TYPES)}).")
    record_type = queries.record_type(criteria["notify_record_type"])
    if record_type is None or record_type not in client.record_types:
        raise QueryError(
            NOTIFY_TYPES_INVALID, "notify_record_type is a record type of this client (Member or Group)."
        )
    territory, iin = _scope(client, criteria["filter"])
    same = DciSubscription.objects.filter(
        client=client,
        event_type=kind,
        territory=territory,
        record_type=record_type,
        ended_at__isnull=True,
        criteria__iin=iin,
    )
    if same.exists():
        raise QueryError(ALREADY_SUBSCRIBED, "This client already subscribed to this event here.")
    subscription = DciSubscription.objects.create(
        client=client,
        code=protocol.new_id(),
        reference_id=ref,
        event_type=kind,
        territory=territory,
        record_type=record_type,
        uri=uri,
        criteria={"iin": iin, "request": criteria},
    )
    return {
        "reference_id": ref,
        "timestamp": protocol.now_iso(),
        "status": protocol.SUCC,
        "subscriptions": [info(subscription)],
    }


def info(subscription: DciSubscription) -> dict[str, Any]:
    """A SubscriptionInfo."""
    request = subscription.criteria.get("request", {})
    body: dict[str, Any] = {
        "version": protocol.VERSION,
        "code": subscription.code,
        "status": "subscribe" if subscription.ended_at is None else "unsubscribe",
        "timestamp": timezone.localtime(subscription.created_at).isoformat(timespec="seconds"),
        "reg_type": request.get("reg_type") or records.REG_TYPE,
        "reg_event_type": subscription.event_type,
        "filter": request.get("filter", {}),
        "notify_record_type": subscription.record_type,
    }
    for key in ("frequency", "filter_type"):
        if key in request:
            body[key] = request[key]
    return body


def subscribe(client: DciClient, env: Envelope, *, ip: str | None) -> dict[str, Any]:
    """Each request of a SubscribeRequest, answered by the on-subscribe callback."""
    message = env.message
    items = message.get("subscribe_request")
    if not message.get("transaction_id") or not isinstance(items, list) or not items:
        raise Refused(
            400, protocol.ERR_BAD, "The message needs a transaction_id and a non-empty subscribe_request."
        )
    if len(items) > protocol.MAX_REQUESTS:
        raise Refused(400, protocol.ERR_BAD, "Too many requests in one message.", protocol.HDR_LIMIT)
    uri = callback_uri(client, env.header)
    actor = actor_of(client)
    with transaction.atomic():
        answers: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in items:
            try:
                with transaction.atomic():
                    answers.append(_subscribe_one(client, item, seen, uri))
            except QueryError as exc:
                raw = item.get("reference_id") if isinstance(item, dict) else ""
                answers.append(
                    {
                        "reference_id": str(raw or ""),
                        "timestamp": protocol.now_iso(),
                        "status": protocol.RJCT,
                        "status_reason_code": exc.code,
                        "status_reason_message": exc.message[:999],
                    }
                )
                audit.record(
                    actor=actor,
                    action="refuse",
                    reason=f"{exc.code}: {exc.message}"[:500],
                    object_type="dci.subscription",
                    object_id=str(raw or "")[:99],
                    ip_address=ip,
                    territory=territory_of(client),
                )
        correlation_id = protocol.new_id()
        response = {
            "transaction_id": str(message["transaction_id"]),
            "correlation_id": correlation_id,
            "subscribe_response": answers,
        }
        done = sum(1 for a in answers if a["status"] == protocol.SUCC)
        header = protocol.callback_header(
            action="on-subscribe",
            status=protocol.SUCC if done else protocol.RJCT,
            to=client.name,
            total=len(answers),
            completed=len(answers),
        )
        txn = _record(
            client,
            env,
            action="subscribe",
            status=header["status"],
            response=response,
            references=[a["reference_id"] for a in answers],
            persons=[],
            correlation_id=correlation_id,
        )
        audit.record(
            actor=actor,
            action="create",
            object_type="dci.dcisubscription",
            object_id=txn.pk,
            ip_address=ip,
            territory=territory_of(client),
            changes={"subscriptions": [s["code"] for a in answers for s in a.get("subscriptions", [])]},
        )
        delivery.enqueue(client, action="on-subscribe", uri=uri, body={"header": header, "message": response})
    return protocol.ack(correlation_id)


def unsubscribe(client: DciClient, env: Envelope, *, ip: str | None) -> dict[str, Any]:
    """Ends the client's subscriptions named by their codes: all of them, or none when one is wrong."""
    message = env.message
    codes = message.get("subscription_codes")
    if not message.get("transaction_id") or not isinstance(codes, list) or not codes:
        raise Refused(
            400, protocol.ERR_BAD, "The message needs a transaction_id, a timestamp and subscription_codes."
        )
    if protocol.parse_timestamp(message.get("timestamp")) is None:
        raise Refused(
            400, protocol.ERR_BAD, "The message's timestamp must be an ISO 8601 date-time with its time zone."
        )
    uri = callback_uri(client, env.header)
    actor = actor_of(client)
    with transaction.atomic():
        correlation_id = protocol.new_id()
        wanted = [str(c) for c in codes]
        found = {
            s.code: s
            for s in DciSubscription.objects.select_for_update().filter(client=client, code__in=wanted)
        }
        reason, text = "", ""
        if any(code not in found for code in wanted):
            reason, text = (
                CODE_INVALID,
                "No subscription of this client has the code " + next(c for c in wanted if c not in found),
            )
        elif any(found[code].ended_at for code in wanted):
            reason, text = ALREADY_UNSUBSCRIBED, "A subscription named was already ended."
        if not reason:
            now = timezone.now()
            for code in wanted:
                found[code].ended_at = now
                found[code].save(update_fields=["ended_at"])
        response: dict[str, Any] = {
            "transaction_id": str(message["transaction_id"]),
            "correlation_id": correlation_id,
            "timestamp": protocol.now_iso(),
            "status": protocol.RJCT if reason else protocol.SUCC,
            "subscription_status": [
                {"code": c, "status": "unsubscribe" if (c in found and found[c].ended_at) else "subscribe"}
                for c in wanted
                if c in found
            ],
        }
        if reason:
            response["status_reason_code"] = reason
            response["status_reason_message"] = text
        header = protocol.callback_header(
            action="on-unsubscribe",
            status=response["status"],
            to=client.name,
            total=len(wanted),
            completed=len(wanted),
        )
        txn = _record(
            client,
            env,
            action="unsubscribe",
            status=response["status"],
            response=response,
            references=[],
            persons=[],
            correlation_id=correlation_id,
        )
        audit.record(
            actor=actor,
            action="refuse" if reason else "update",
            reason=text,
            object_type="dci.dcisubscription",
            object_id=txn.pk,
            ip_address=ip,
            territory=territory_of(client),
            changes={"ended": [] if reason else wanted},
        )
        delivery.enqueue(
            client, action="on-unsubscribe", uri=uri, body={"header": header, "message": response}
        )
    return protocol.ack(correlation_id)


# --- notifications ------------------------------------------------------------------------------


def _matching(event: DciEvent, iins: dict[int, str]) -> list[DciSubscription]:
    subs = DciSubscription.objects.filter(event_type=event.event_type, ended_at__isnull=True).select_related(
        "client"
    )
    found = []
    for sub in subs:
        if not sub.client.active or not event.kato.startswith(sub.territory):
            continue
        wanted = sub.criteria.get("iin") or ""
        if wanted and iins.get(event.person_id or 0) != wanted:
            continue
        found.append(sub)
    return found


def _record_of(event: DciEvent, record_type: str) -> tuple[dict[str, Any] | None, list[int]]:
    if record_type == PERSON and event.person_id:
        person = records.persons_prefetched(Person.objects.filter(pk=event.person_id)).first()
        return (records.member(person), [person.pk]) if person else (None, [])
    family_id = event.family_id
    if family_id is None and event.person_id:
        family_id = (
            Membership.objects.filter(person_id=event.person_id, valid_to__isnull=True)
            .values_list("family_id", flat=True)
            .first()
        )
    if family_id is None:
        return None, []
    family = records.families_prefetched(Family.objects.filter(pk=family_id)).first()
    if family is None:
        return None, []
    return records.group(family), records.person_ids([family])


def dispatch_events(*, limit: int = 500) -> int:
    """The pending events of the outbox turned into notify callbacks of the subscriptions they
    match (each notification audited as a read of its persons by the client); returns how many."""
    made = 0
    with transaction.atomic():
        events = list(
            DciEvent.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True)
            .order_by("id")[:limit]
        )
        iins = dict(
            Person.objects.filter(pk__in={e.person_id for e in events if e.person_id}).values_list(
                "pk", "iin"
            )
        )
        for event in events:
            for sub in _matching(event, iins):
                record, persons = _record_of(event, sub.record_type)
                if record is None:
                    continue
                made += _notify(sub, event, record, persons)
            event.dispatched_at = timezone.now()
            event.save(update_fields=["dispatched_at"])
    return made


def _notify(sub: DciSubscription, event: DciEvent, record: dict[str, Any], persons: list[int]) -> int:
    client = sub.client
    message = {
        "transaction_id": sub.code,
        "notify_event": [
            {
                "reference_id": f"{sub.reference_id}:{event.pk}",
                "timestamp": timezone.localtime(event.at).isoformat(timespec="seconds"),
                "data": {
                    "version": protocol.VERSION,
                    "reg_type": records.REG_TYPE,
                    "reg_event_type": event.event_type,
                    "reg_record_type": sub.record_type,
                    "reg_records": record,
                },
            }
        ],
    }
    header = protocol.callback_header(
        action="notify", status=protocol.SUCC, to=client.name, total=1, completed=1
    )
    audit.read(
        actor=actor_of(client),
        object_type="dci.dcisubscription",
        object_id=sub.pk,
        persons=persons,
        territory=event.kato.ljust(9, "0")[:9],
        changes={"event": event.event_type, "event_id": event.pk},
    )
    delivery.enqueue(client, action="notify", uri=sub.uri, body={"header": header, "message": message})
    return 1
