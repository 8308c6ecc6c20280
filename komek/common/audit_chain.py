"""The audit log as a hash chain: each record carries the hash of the record before it.

The definition (version ``komek-audit-1``), which ``komek audit verify`` and any outside checker
recompute:

* ``seq`` numbers the records 1, 2, 3, ... without gaps, in the order they were appended;
* ``prev_hash`` of record 1 is :data:`GENESIS` (64 zeros), of every later record the
  ``row_hash`` of the record before it;
* ``row_hash`` is the lower-case hex SHA-256 of the UTF-8 bytes of the JSON array ::

    ["komek-audit-1", seq, at, actor_id, actor_username, action, object_type, object_id,
     person_id, territory, changes, reason, ip_address, prev_hash]

  written without spaces (separators ``,`` and ``:``), object keys sorted, non-ASCII characters as
  they are; ``at`` in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; ids, ``person_id`` and
  ``ip_address`` null when absent; ``changes`` the JSON object as stored.

Writers serialise on the one row of :class:`~komek.common.models.AuditChainHead` (locked with
``SELECT ... FOR UPDATE`` on PostgreSQL, and SQLite has one writer at a time), which holds the
position and hash of the last record: a transaction that appends holds it until it commits. A
trigger of the log moves the head as records are inserted (``komek.common.db_triggers``), so an
append costs one statement more than the insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.ipv6 import clean_ipv6_address

from komek.common.models import AuditChainHead, AuditLog

GENESIS = "0" * 64
VERSION = "komek-audit-1"
#: The row's own fields in the order of the canonical array (after the version, before prev_hash).
FIELDS = (
    "seq", "at", "actor_id", "actor_username", "action", "object_type", "object_id", "person_id",
    "territory", "changes", "reason", "ip_address",
)  # fmt: skip


def utc_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normal_changes(changes: Any) -> dict[str, Any]:
    """``changes`` as the database gives it back (JSON round trip: keys as strings, tuples as lists)."""
    return json.loads(json.dumps(changes or {}))  # type: ignore[no-any-return]


def normal_ip(ip: str | None) -> str | None:
    if not ip:
        return None
    return clean_ipv6_address(ip) if ":" in ip else ip


def row_hash(values: Sequence[Any], prev_hash: str) -> str:
    """The hash of one record: ``values`` in the order of :data:`FIELDS` (``at`` a datetime)."""
    doc = [VERSION, *values, prev_hash]
    doc[2] = utc_text(doc[2])
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def values_of(row: AuditLog) -> list[Any]:
    return [getattr(row, name) for name in FIELDS]


def _last_record() -> tuple[int, str]:
    last = AuditLog.objects.order_by("-seq").values_list("seq", "row_hash").first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def lock_head() -> tuple[int, str]:
    """The position and hash of the chain's last record, locked until the caller's transaction ends.

    Without a head row (a new or flushed database) one is made from the log's last record."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).values_list("seq", "row_hash").first()
    if head is None:
        seq, last = _last_record()
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=1, seq=seq, row_hash=last)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().filter(pk=1).values_list("seq", "row_hash").get()
    return int(head[0]), str(head[1])


def link(rows: Sequence[AuditLog]) -> None:
    """Give new records their places at the end of the chain (the caller inserts them in the same
    transaction, and the insert moves the head): the head is locked, each record's ``seq``,
    ``prev_hash`` and ``row_hash`` set."""
    seq, prev = lock_head()
    for row in rows:
        seq += 1
        row.changes = normal_changes(row.changes)
        row.ip_address = normal_ip(row.ip_address)
        row.seq, row.prev_hash = seq, prev
        row.row_hash = prev = row_hash(values_of(row), prev)


def link_columns(columns: dict[str, list[Any]], count: int) -> dict[str, list[Any]]:
    """The chain columns of ``count`` new records given column-wise (the bulk path): ``seq``,
    ``prev_hash`` and ``row_hash`` lists; no query per record."""
    seq, prev = lock_head()
    seqs, prevs, hashes = list(range(seq + 1, seq + count + 1)), [], []
    names = [name for name in FIELDS if name != "seq"]
    for i, position in enumerate(seqs):
        prevs.append(prev)
        prev = row_hash([position, *(columns[name][i] for name in names)], prev)
        hashes.append(prev)
    return {"seq": seqs, "prev_hash": prevs, "row_hash": hashes}


@dataclass(frozen=True)
class Break:
    """The first broken link: the record (its position and id) and what is wrong with it."""

    seq: int | None
    audit_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"record {self.seq} (id {self.audit_id})" if self.seq is not None else "the end of the chain"
        return f"broken at {where}: {self.problem}"


def _records(chunk: int) -> Iterator[tuple[Any, ...]]:
    columns = [*FIELDS, "prev_hash", "row_hash", "id"]
    yield from AuditLog.objects.order_by("seq").values_list(*columns).iterator(chunk_size=chunk)


def verify(chunk: int = 5000) -> tuple[int, Break | None]:
    """Walk the chain from its first record; the number of records found sound and the first break.

    The head is read first: records appended while the walk runs are checked as well, and a chain
    that ends before the head's position has lost its last records."""
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "row_hash").first()
    expected, prev, checked, at_head = 1, GENESIS, 0, None
    for record in _records(chunk):
        values, stored_prev, stored, pk = record[: len(FIELDS)], record[-3], record[-2], record[-1]
        if values[0] != expected:
            return checked, Break(
                values[0], pk, f"expected record {expected} here: records before it are missing"
            )
        if stored_prev != prev:
            return checked, Break(values[0], pk, "its prev_hash is not the hash of the record before it")
        if row_hash(values, stored_prev) != stored:
            return checked, Break(
                values[0], pk, "its fields do not give its hash: it was changed after writing"
            )
        prev, expected, checked = stored, expected + 1, checked + 1
        if head is not None and checked == head[0]:
            at_head = stored
    if head is not None and head[0] and (checked < head[0] or at_head != head[1]):
        return checked, Break(None, None, f"the chain ends at record {checked} but {head[0]} were written")
    return checked, None
