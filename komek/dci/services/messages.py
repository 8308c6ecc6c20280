"""What each endpoint does with a message it accepted: one transaction recording the answer, the
audit of the persons it shows (the client as the actor), and for the asynchronous endpoints the
callback carrying the answer, posted after the commit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from komek.common import audit
from komek.common.choices import AuditAction
from komek.dci import protocol
from komek.dci.auth import ClientActor, actor_of
from komek.dci.models import DciClient, DciTransaction
from komek.dci.protocol import Envelope, Refused
from komek.dci.services import delivery
from komek.dci.services.search import Outcome, search_batch


def territory_of(client: DciClient) -> str:
    return client.territory.ljust(9, "0")


def refused(*, client: DciClient | None, exc: Refused, ip: str | None, message_id: str = "") -> None:
    """The audit row of a message refused as a whole (an unknown token counted per address)."""
    from komek.accounts.policy import system

    reason = f"{exc.code}{' ' + exc.header_reason if exc.header_reason else ''}: {exc.message}"[:500]
    if client is None:
        audit.repeated_refusal(
            actor=system("dci"),
            reason=reason,
            key=f"dci:{exc.code}:{ip}",
            object_type="dci.message",
            object_id=message_id[:99],
            ip_address=ip,
        )
        return
    with transaction.atomic():
        audit.refusal(
            actor=actor_of(client),
            reason=reason,
            object_type="dci.message",
            object_id=message_id[:99],
            ip_address=ip,
            territory=territory_of(client),
        )


def callback_uri(client: DciClient, header: dict[str, Any]) -> str:
    """Where the callbacks of an asynchronous message go: the header's sender_uri, else the client's
    registered one; an address of another host than the registered one is refused."""
    uri = header.get("sender_uri") or client.callback_uri
    if not isinstance(uri, str) or not uri:
        raise Refused(400, protocol.ERR_SENDER_URI, "The header needs a sender_uri to post the answer to.")
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(uri) > 500:
        raise Refused(400, protocol.ERR_SENDER_URI, "The sender_uri must be an http or https address.")
    if client.callback_uri:
        registered = urlsplit(client.callback_uri)
        if (parts.scheme, parts.netloc) != (registered.scheme, registered.netloc):
            raise Refused(
                400,
                protocol.ERR_SENDER_URI,
                "The sender_uri is not at the address registered for this client.",
            )
    return uri


def _record(
    client: DciClient,
    env: Envelope,
    *,
    action: str,
    status: str,
    response: dict[str, Any],
    references: list[str],
    persons: list[int],
    correlation_id: str,
) -> DciTransaction:
    return DciTransaction.objects.create(
        client=client,
        action=action,
        message_id=env.message_id[:99],
        transaction_id=str(env.message.get("transaction_id", ""))[:99],
        correlation_id=correlation_id,
        reference_ids=references,
        persons=sorted(set(persons)),
        status=status,
        response=response,
    )


def audit_answer(
    actor: ClientActor,
    client: DciClient,
    txn: DciTransaction,
    persons: list[int],
    kato: set[str],
    ip: str | None,
) -> None:
    """The answer read as a read of the persons it shows, by the client; its rejected requests."""
    audit.read(
        actor=actor,
        object_type="dci.dcitransaction",
        object_id=txn.pk,
        persons=persons,
        territory=audit.common_territory(kato) or territory_of(client),
        ip_address=ip,
        changes={
            "action": txn.action,
            "transaction_id": txn.transaction_id,
            "correlation_id": txn.correlation_id,
        },
    )


def _audit_rejected(
    actor: ClientActor, client: DciClient, txn: DciTransaction, outcome: Outcome, ip: str | None
) -> None:
    for reference, code, message in outcome.rejected:
        audit.record(
            actor=actor,
            action=AuditAction.REFUSE,
            reason=f"{code}: {message}"[:500],
            object_type="dci.dcitransaction",
            object_id=txn.pk,
            ip_address=ip,
            territory=territory_of(client),
            changes={"reference_id": reference},
        )


def _search_response(env: Envelope, correlation_id: str, outcome: Outcome) -> dict[str, Any]:
    return {
        "transaction_id": str(env.message.get("transaction_id")),
        "correlation_id": correlation_id,
        "search_response": outcome.items,
    }


def _header_status(outcome: Outcome) -> str:
    return protocol.RJCT if outcome.items and len(outcome.rejected) == len(outcome.items) else protocol.SUCC


def search(client: DciClient, env: Envelope, *, ip: str | None, sync: bool) -> dict[str, Any]:
    """A search message: the on-search answer (sync) or the acknowledgement of its callback."""
    actor = actor_of(client)
    uri = "" if sync else callback_uri(client, env.header)
    with transaction.atomic():
        outcome = search_batch(client, actor, env.message)
        correlation_id = protocol.new_id()
        message = _search_response(env, correlation_id, outcome)
        header = protocol.callback_header(
            action="on-search",
            status=_header_status(outcome),
            to=client.name,
            total=len(outcome.items),
            completed=outcome.completed,
        )
        body = {"header": header, "message": message}
        txn = _record(
            client,
            env,
            action="search",
            status=header["status"],
            response=message,
            references=[i["reference_id"] for i in outcome.items],
            persons=outcome.persons,
            correlation_id=correlation_id,
        )
        audit_answer(actor, client, txn, outcome.persons, outcome.kato, ip)
        _audit_rejected(actor, client, txn, outcome, ip)
        if sync:
            return body
        delivery.enqueue(client, action="on-search", uri=uri, body=body)
    return protocol.ack(correlation_id)


TXN_TYPES = ("search", "subscribe", "receipt")
ATTRIBUTE_TYPES = ("transaction_id", "reference_id_list", "correlation_id")


def _txn_request(message: dict[str, Any]) -> dict[str, Any]:
    request = message.get("txnstatus_request")
    if not message.get("transaction_id") or not isinstance(request, dict):
        raise Refused(400, protocol.ERR_BAD, "The message needs a transaction_id and a txnstatus_request.")
    missing = [
        k for k in ("reference_id", "txn_type", "attribute_type", "attribute_value") if k not in request
    ]
    if missing:
        raise Refused(400, protocol.ERR_BAD, f"The txnstatus_request has no {', '.join(missing)}.")
    if request["txn_type"] not in TXN_TYPES:
        raise Refused(400, protocol.ERR_BAD, f"txn_type is one of {', '.join(TXN_TYPES)}.")
    if request["attribute_type"] not in ATTRIBUTE_TYPES:
        raise Refused(400, protocol.ERR_BAD, f"attribute_type is one of {', '.join(ATTRIBUTE_TYPES)}.")
    value = request["attribute_value"]
    if request["attribute_type"] == "reference_id_list":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise Refused(400, protocol.ERR_BAD, "A reference_id_list is a non-empty list of reference ids.")
    elif not isinstance(value, str | int) or isinstance(value, bool) or not str(value):
        raise Refused(400, protocol.ERR_BAD, "The attribute_value is the transaction or correlation id.")
    return request


def _find(client: DciClient, request: dict[str, Any]) -> list[DciTransaction]:
    action = "search" if request["txn_type"] == "search" else request["txn_type"]
    mine = DciTransaction.objects.filter(client=client, action=action).order_by("id")
    kind, value = request["attribute_type"], request["attribute_value"]
    if kind == "transaction_id":
        return list(mine.filter(transaction_id=str(value)))
    if kind == "correlation_id":
        return list(mine.filter(correlation_id=str(value)))
    wanted = set(value)
    return [t for t in mine.order_by("-id")[:1000] if wanted & set(t.reference_ids)][::-1]


def txn_status(client: DciClient, env: Envelope, *, ip: str | None, sync: bool) -> dict[str, Any]:
    """The status (and the answer) of earlier transactions of the same client."""
    request = _txn_request(env.message)
    actor = actor_of(client)
    uri = "" if sync else callback_uri(client, env.header)
    with transaction.atomic():
        found = _find(client, request)
        correlation_id = protocol.new_id()
        wanted = set(request["attribute_value"]) if request["attribute_type"] == "reference_id_list" else None
        items: list[dict[str, Any]] = []
        persons: list[int] = []
        for txn in found:
            answers = txn.response.get("search_response") or txn.response.get("subscribe_response") or []
            items.extend(a for a in answers if wanted is None or a.get("reference_id") in wanted)
            persons.extend(txn.persons)
        last = found[-1] if found else None
        status = {
            "transaction_id": last.transaction_id if last else str(env.message["transaction_id"]),
            "correlation_id": last.correlation_id if last else "",
            "search_response": items,
        }
        message = {
            "transaction_id": str(env.message["transaction_id"]),
            "correlation_id": correlation_id,
            "txnstatus_response": {"txn_type": request["txn_type"], "txn_status": status},
        }
        header = protocol.callback_header(
            action="txn-on-status",
            status=protocol.SUCC if found else protocol.RJCT,
            to=client.name,
            total=1,
            completed=1 if found else 0,
            reason_message="" if found else "No transaction of this client matches the attribute_value.",
        )
        txn = _record(
            client,
            env,
            action="txn-status",
            status=header["status"],
            response=message,
            references=[str(request["reference_id"])],
            persons=persons,
            correlation_id=correlation_id,
        )
        audit_answer(actor, client, txn, persons, set(), ip)
        body = {"header": header, "message": message}
        if sync:
            return body
        delivery.enqueue(client, action="txn-on-status", uri=uri, body=body)
    return protocol.ack(correlation_id)
