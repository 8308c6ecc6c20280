"""Searches of the registry by a client system: every request of a batch answered on its own
(status ``succ`` with a page of records, or ``rjct`` with the specification's reason code), over
the persons and families of the client's territory only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from komek.dci import protocol, queries, records
from komek.dci.auth import ClientActor
from komek.dci.models import DciClient
from komek.dci.queries import GROUP, PERSON, QueryError
from komek.registry.models import Family, Person
from komek.registry.selectors import families_visible, persons_visible

REFERENCE_INVALID = "rjct.reference_id.invalid"
REFERENCE_DUPLICATE = "rjct.reference_id.duplicate"
TIMESTAMP_INVALID = "rjct.timestamp.invalid"
PAGINATION_INVALID = "rjct.pagination.invalid"


@dataclass
class Outcome:
    """The answer to a batch: its items, the persons they show and the requests rejected."""

    items: list[dict[str, Any]] = field(default_factory=list)
    persons: list[int] = field(default_factory=list)
    kato: set[str] = field(default_factory=set)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # reference, code, message

    @property
    def completed(self) -> int:
        return len(self.items)


def reference_of(item: Any, seen: set[str]) -> str:
    ref = item.get("reference_id") if isinstance(item, dict) else None
    if isinstance(ref, int) and not isinstance(ref, bool):
        ref = str(ref)
    if not isinstance(ref, str) or not ref.strip() or len(ref) > 99:
        raise QueryError(
            REFERENCE_INVALID, "Each request needs a reference_id (a string of at most 99 characters)."
        )
    if ref in seen:
        raise QueryError(REFERENCE_DUPLICATE, f"The reference_id {ref!r} appears twice in the message.")
    seen.add(ref)
    if protocol.parse_timestamp(item.get("timestamp")) is None:
        raise QueryError(
            TIMESTAMP_INVALID, "The request's timestamp must be an ISO 8601 date-time with its time zone."
        )
    return ref


def page_of(pagination: Any) -> tuple[int, int]:
    """(page_size, page_number): counted from 1, the size within the registry's limit."""
    if pagination is None:
        return settings.KOMEK_DCI_PAGE_SIZE, 1
    limit = settings.KOMEK_DCI_MAX_PAGE_SIZE
    message = f"pagination needs page_size from 1 to {limit} and page_number from 1."
    if not isinstance(pagination, dict):
        raise QueryError(PAGINATION_INVALID, message)
    size, number = (
        _whole(pagination.get("page_size"), message),
        _whole(pagination.get("page_number", 1), message),
    )
    if not 1 <= size <= limit or not 1 <= number <= 10**6:
        raise QueryError(PAGINATION_INVALID, message)
    return size, number


def _whole(value: Any, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise QueryError(PAGINATION_INVALID, message)
    try:
        whole = int(value)
    except (OverflowError, ValueError):
        raise QueryError(PAGINATION_INVALID, message) from None
    if whole != value:
        raise QueryError(PAGINATION_INVALID, message)
    return whole


def _outside_territory(client: DciClient, entity: str, query_type: str, query: Any) -> bool:
    """Whether an identifier searched for is registered, though outside the client's territory."""
    if query_type != "idtype-value" or not isinstance(query, dict):
        return False
    kind = queries.last_segment(query.get("type")).lower()
    outside = ~Q(kato__code__startswith=client.territory)
    if kind in queries.IIN_TYPES:
        return Person.objects.filter(outside, iin=str(query.get("value"))).exists()
    if kind in queries.FAMILY_TYPES and entity == GROUP:
        return Family.objects.filter(outside, pk=queries.int_id(query.get("value"))).exists()
    return False


def search_one(
    client: DciClient, actor: ClientActor, item: dict[str, Any], outcome: Outcome
) -> dict[str, Any]:
    """One request of the batch: the page of records it finds (QueryError when rejected)."""
    criteria = item.get("search_criteria")
    if not isinstance(criteria, dict):
        raise QueryError(queries.CRITERIA_INVALID, "The request has no search_criteria object.")
    entity = queries.record_type(criteria.get("response_entity") or criteria.get("reg_record_type"))
    if entity is None:
        raise QueryError(queries.CRITERIA_INVALID, "The record type is Member (persons) or Group (families).")
    if entity not in client.record_types:
        raise QueryError(queries.CRITERIA_INVALID, f"This client may not search {entity} records.")
    query_type = criteria.get("query_type")
    if query_type not in queries.QUERY_TYPES:
        raise QueryError(
            queries.CRITERIA_INVALID,
            f"Unknown query_type {query_type!r} (known: {', '.join(queries.QUERY_TYPES)}).",
        )
    if "query" not in criteria:
        raise QueryError(queries.CRITERIA_INVALID, "The search_criteria has no query.")
    query = criteria["query"]
    condition = queries.BUILDERS[query_type](entity, query)
    order = queries.ordering(entity, criteria.get("sort"))
    size, number = page_of(criteria.get("pagination"))
    found: list[Any]
    if entity == PERSON:
        qs: Any = persons_visible(actor).filter(condition)
        total = qs.count()
        found = list(records.persons_prefetched(qs.order_by(*order))[(number - 1) * size : number * size])
        shown = [records.member(p) for p in found]
        outcome.kato.update(p.kato_id for p in found)
    else:
        qs = (
            families_visible(actor)
            .annotate(dci_size=Count("memberships", filter=Q(memberships__valid_to__isnull=True)))
            .filter(condition)
        )
        total = qs.count()
        found = list(records.families_prefetched(qs.order_by(*order))[(number - 1) * size : number * size])
        shown = [records.group(f) for f in found]
        outcome.kato.update(f.kato_id for f in found)
    if total == 0 and _outside_territory(client, entity, query_type, query):
        raise QueryError(
            queries.CRITERIA_INVALID,
            "The identifier is registered outside the territory this client may search.",
        )
    outcome.persons.extend(records.person_ids(found))
    return {
        "status": protocol.SUCC,
        "data": {
            "version": protocol.VERSION,
            "reg_type": criteria["reg_type"]
            if isinstance(criteria.get("reg_type"), str)
            else records.REG_TYPE,
            "reg_record_type": entity,
            "reg_records": shown,
        },
        "pagination": {"page_size": size, "page_number": number, "total_count": total},
    }


def search_batch(client: DciClient, actor: ClientActor, message: dict[str, Any]) -> Outcome:
    """Every request of a SearchRequest; a message that is not one is refused as a whole."""
    transaction_id = message.get("transaction_id")
    requests = message.get("search_request")
    if (
        not isinstance(transaction_id, str | int)
        or isinstance(transaction_id, bool)
        or not str(transaction_id)
    ):
        raise protocol.Refused(400, protocol.ERR_BAD, "The message needs a transaction_id.")
    if not isinstance(requests, list) or not requests:
        raise protocol.Refused(400, protocol.ERR_BAD, "The message needs a non-empty search_request list.")
    if len(requests) > protocol.MAX_REQUESTS:
        raise protocol.Refused(
            400,
            protocol.ERR_BAD,
            f"A message may carry at most {protocol.MAX_REQUESTS} requests.",
            protocol.HDR_LIMIT,
        )
    outcome = Outcome()
    seen: set[str] = set()
    for item in requests:
        raw_ref = item.get("reference_id") if isinstance(item, dict) else None
        locale = item.get("locale") if isinstance(item, dict) else None
        answer: dict[str, Any]
        try:
            ref = reference_of(item, seen)
            answer = {
                "reference_id": ref,
                "timestamp": protocol.now_iso(),
                **search_one(client, actor, item, outcome),
            }
        except QueryError as exc:
            ref = str(raw_ref) if isinstance(raw_ref, str | int) else ""
            answer = {
                "reference_id": ref,
                "timestamp": protocol.now_iso(),
                "status": protocol.RJCT,
                "status_reason_code": exc.code,
                "status_reason_message": exc.message[:999],
            }
            outcome.rejected.append((ref, exc.code, exc.message))
        if isinstance(locale, str) and len(locale) == 3 and locale.isascii() and locale.islower():
            answer["locale"] = locale
        outcome.items.append(answer)
    return outcome
