"""Writing to the audit log: the one helper every service uses.

* :func:`record` — one action (create, update, delete, import, export, ...) inside the service's
  transaction; it refuses to run outside one, so an audit row never outlives a rolled-back change.
* :func:`refusal` — an action refused for a reason the applicant is told (its own action, not an
  update).
* :func:`read` — an audited read of personal data (a card opened, a list exported).
* :func:`bulk` — one row per object of a set-based write, inserted in one statement;
  :func:`bulk_frame` the same for rows already in a Polars frame, built column-wise.
* :func:`repeated_refusal` — a refusal that anyone may provoke again and again (an unsigned
  delivery): one row per key and window, the repeats counted beside it, and the count returned so
  that the caller can throttle.

Every row is appended to the hash chain of :mod:`komek.common.audit_chain` in the same statement
that writes it (the chain's head locked until the transaction commits).

The object type is ``<app label>.<model name>`` (:func:`object_type_of`), or a name of that shape
for something that is not a model (``applications.portal_delivery``). The actor is a member of
staff or the named system actor of :mod:`komek.accounts.policy` (``system:payroll-run``), never
nobody.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

import polars as pl
from django.db import IntegrityError, connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from komek.common import audit_chain, bulk_sql
from komek.common.choices import AuditAction
from komek.common.models import AuditLog, RefusalWindow

if TYPE_CHECKING:
    from typing_extensions import Unpack

COPY_FROM = 1000  # rows from which ``bulk`` copies rather than inserts (PostgreSQL)


class AuditOutsideTransaction(RuntimeError):
    """A write was audited outside a transaction: the change and its row could part ways."""


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The values of ``fields`` of a model instance, as JSON-ready values (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(instance, attname))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [before, after]}``."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def created(after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in after.items() if v not in (None, "")}


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def object_type_of(model: type[models.Model] | models.Model) -> str:
    """The audit log's name of a model's rows: ``<app label>.<model name>``."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None:
        raise TypeError("No actor: pass the signed-in user or komek.accounts.policy.system(name).")
    is_user = isinstance(actor, models.Model)
    return {"actor": actor if is_user else None, "actor_username": str(actor.username)[:150]}


class Target(TypedDict, total=False):
    """What an audit row is about: an object (or its type and id), a person, a territory, the
    changed fields, and the address the request came from."""

    obj: models.Model | None
    object_type: str
    object_id: Any
    person_id: int | None
    changes: dict[str, Any] | None
    ip_address: str | None
    territory: str


def _row(
    *,
    actor: Any,
    action: str,
    reason: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = None,
    person_id: int | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    territory: str = "",
) -> AuditLog:
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = obj.pk if object_id in (None, "") else object_id
    if not object_type or "." not in object_type:
        raise ValueError(f"An audit object type is '<app>.<name>', not {object_type!r}.")
    return AuditLog(
        **_actor_fields(actor),
        at=timezone.now(),
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        person_id=person_id,
        changes=changes or {},
        reason=reason,
        ip_address=ip_address,
        territory=territory or "",
    )


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction("Audit a write inside the transaction of the write (a service).")


def record(*, actor: Any, action: str, reason: str = "", **target: Unpack[Target]) -> AuditLog:
    """Append the row of one action, in the transaction of the action.

    ``territory`` is the KATO code the action concerns (the person's or family's address, the
    staff member's unit): auditors of a region see the rows of their region.
    """
    _require_transaction()
    row = _row(actor=actor, action=action, reason=reason, **target)
    audit_chain.link([row])
    row.save()
    return row


def refusal(*, actor: Any, reason: str, **target: Unpack[Target]) -> AuditLog:
    """Append the row of a refusal (an application refused, a delivery turned away), with its reason."""
    return record(actor=actor, action=AuditAction.REFUSE, reason=reason, **target)


def window_start(at: dt.datetime, seconds: int) -> dt.datetime:
    """The start of the window of ``seconds`` that ``at`` falls in (windows count from the epoch)."""
    return dt.datetime.fromtimestamp(int(at.timestamp()) // seconds * seconds, tz=dt.UTC)


def repeated_refusal(
    *, actor: Any, reason: str, key: str, seconds: int = 60, **target: Unpack[Target]
) -> int:
    """A refusal that anyone may provoke again and again, in a transaction of its own.

    The first refusal of ``key`` (what was refused, and from which client) in a window of
    ``seconds`` writes its audit row; each repeat in the window only adds one to the count kept
    beside that row (:class:`~komek.common.models.RefusalWindow`). Returns the count, this one
    included, for the caller to throttle on."""
    now = timezone.now()
    start = window_start(now, seconds)
    key = key[:200]
    with transaction.atomic():
        count = _count_again(key, start, now)
        if count:
            return count
        try:
            with transaction.atomic():
                row = refusal(actor=actor, reason=reason, **target)
                RefusalWindow.objects.create(key=key, window_start=start, last_at=now, audit_id=row.pk)
        except IntegrityError:  # another request opened the same window first: count this one there
            return _count_again(key, start, now)
    return 1


def _count_again(key: str, start: dt.datetime, now: dt.datetime) -> int:
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE common_refusalwindow SET count = count + 1, last_at = %s "
            "WHERE key = %s AND window_start = %s RETURNING count",
            [ops.adapt_datetimefield_value(now), key, ops.adapt_datetimefield_value(start)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# The reads already written during the current request (set by ``ReadsOncePerRequest``): a page
# whose template, partials and selectors ask for the same record writes one row, not one per ask.
_request_reads: ContextVar[set[tuple[Any, ...]] | None] = ContextVar("komek_request_reads", default=None)


def read(
    *,
    actor: Any,
    action: str = AuditAction.READ,
    persons: Iterable[int | None] | None = None,
    **target: Unpack[Target],
) -> AuditLog | None:
    """Append the row of a read of personal data (``read``, or ``export`` for a file taken away).

    ``persons``: the persons a list or a file shows, named in one row (``changes["persons"]``, the
    ids in order; ``person_id`` too when there is exactly one). Within one request the same read
    is written once: a second identical call returns None.
    """
    if persons is not None:
        ids = sorted({int(p) for p in persons if p is not None})
        target["changes"] = {**(target.get("changes") or {}), "persons": ids}
        if len(ids) == 1 and target.get("person_id") is None:
            target["person_id"] = ids[0]
    seen = _request_reads.get()
    if seen is not None:
        key = _read_key(actor, action, target)
        if key in seen:
            return None
        seen.add(key)
    with transaction.atomic():
        return record(actor=actor, action=action, **target)


def _read_key(actor: Any, action: str, target: Target) -> tuple[Any, ...]:
    obj = target.get("obj")
    object_type = target.get("object_type") or (object_type_of(obj) if obj is not None else "")
    object_id = target.get("object_id")
    if object_id in (None, "") and obj is not None:
        object_id = obj.pk
    changes = json.dumps(target.get("changes") or {}, sort_keys=True, default=str)
    who = getattr(actor, "pk", None) or str(getattr(actor, "username", actor))
    return (who, str(action), object_type, str(object_id), target.get("person_id"), changes)


def common_territory(codes: Iterable[str | None]) -> str:
    """The KATO unit a list of rows of several units is filed under: the longest common prefix of
    their codes, padded to a unit's code (so the auditors of every unit above it see the row)."""
    found = [c for c in codes if c]
    if not found:
        return ""
    prefix = found[0]
    for code in found[1:]:
        while not code.startswith(prefix):
            prefix = prefix[:-1]
    return prefix.ljust(9, "0") if prefix else ""


class ReadsOncePerRequest:
    """Middleware: one request writes each read row once (see :func:`read`)."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _request_reads.set(set())
        try:
            return self.get_response(request)
        finally:
            _request_reads.reset(token)


@dataclass(frozen=True)
class Entry:
    """One object of a set-based write, for :func:`bulk`."""

    object_id: Any
    person_id: int | None = None
    territory: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def bulk(
    *,
    actor: Any,
    action: str,
    object_type: str,
    entries: Iterable[Entry],
    reason: str = "",
    ip_address: str | None = None,
    batch_size: int = 5000,
) -> int:
    """Append one row per entry in as few statements as possible; returns how many were written.
    ``ip_address`` is the one request's that made the set, if a request did.

    On PostgreSQL a large set goes in with one ``COPY`` (building thousands of model instances
    costs more than the insert itself)."""
    _require_transaction()
    entries = list(entries)
    if len(entries) >= COPY_FROM and connection.vendor == "postgresql":
        return _bulk_copy(
            actor=actor,
            action=action,
            object_type=object_type,
            entries=entries,
            reason=reason,
            ip_address=ip_address,
        )
    rows = [
        _row(
            actor=actor,
            action=action,
            reason=reason,
            object_type=object_type,
            object_id=e.object_id,
            person_id=e.person_id,
            changes=e.changes,
            territory=e.territory,
            ip_address=ip_address,
        )
        for e in entries
    ]
    audit_chain.link(rows)
    AuditLog.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _bulk_copy(
    *, actor: Any, action: str, object_type: str, entries: list[Entry], reason: str, ip_address: str | None
) -> int:
    """``bulk``'s rows in one ``COPY``: the columns built once each, the constants as literals."""
    _row(actor=actor, action=action, obj=None, object_type=object_type, object_id="", person_id=None,
         changes=None, reason=reason, ip_address=None, territory="")  # the same checks, once  # fmt: skip
    who = _actor_fields(actor)
    actor_id = who["actor"].pk if who["actor"] is not None else None
    now, count = timezone.now(), len(entries)
    columns: dict[str, list[Any]] = {
        "object_id": ["" if e.object_id is None else str(e.object_id) for e in entries],
        "person_id": [e.person_id for e in entries],
        "territory": [e.territory or "" for e in entries],
        "changes": [audit_chain.normal_changes(e.changes) for e in entries],
    }
    constants = {
        "at": now, "actor_id": actor_id, "actor_username": who["actor_username"], "action": str(action),
        "object_type": object_type, "reason": reason, "ip_address": ip_address,
    }  # fmt: skip
    chain = audit_chain.link_columns({**columns, **{k: [v] * count for k, v in constants.items()}}, count)
    frame = pl.DataFrame(
        {
            **{k: columns[k] for k in ("object_id", "person_id", "territory")},
            "changes": [json.dumps(c) for c in columns["changes"]],
            **chain,
        },
        schema={
            "object_id": pl.String, "person_id": pl.Int64, "territory": pl.String, "changes": pl.String,
            "seq": pl.Int64, "prev_hash": pl.String, "row_hash": pl.String,
        },
    ).with_columns(
        pl.lit(actor_id, pl.Int64).alias("actor_id"),
        pl.lit(who["actor_username"]).alias("actor_username"),
        pl.lit(str(action)).alias("action"),
        pl.lit(object_type).alias("object_type"),
        pl.lit(reason).alias("reason"),
        pl.lit(ip_address, pl.String).alias("ip_address"),
        pl.lit(now.isoformat()).alias("at"),
    )  # fmt: skip
    bulk_sql.copy_into_model(AuditLog, frame, now=now)
    return frame.height


#: What ``json.dumps`` escapes in a string (``ensure_ascii=False``): the quote, the backslash and the
#: control characters.
_JSON_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_ESCAPES |= {chr(c): f"\\u{c:04x}" for c in range(0x20) if chr(c) not in _JSON_ESCAPES}


def json_string(expr: pl.Expr) -> pl.Expr:
    """A text column as JSON strings, exactly as ``json.dumps(..., ensure_ascii=False)`` writes each
    (quoted, escaped): for the ``changes`` of :func:`bulk_frame`, built column-wise."""
    escaped = expr.cast(pl.String).str.replace_many(list(_JSON_ESCAPES), list(_JSON_ESCAPES.values()))
    return pl.concat_str([pl.lit('"'), escaped, pl.lit('"')])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def bulk_frame(*, actor: Any, action: str, object_type: str, frame: pl.DataFrame, reason: str = "") -> int:
    """:func:`bulk` for a set-based write whose rows are a frame: ``object_id``, ``person_id``,
    ``territory`` and ``changes``, the JSON text of each row's changes as the chain hashes it (keys
    sorted, no spaces: build it with :func:`json_string`). Returns how many rows were written.

    On PostgreSQL each record's canonical array (``audit_chain``) is built column-wise, the chain is
    hashed in one pass over those texts (a hash per record, nothing else per record in Python) and
    the rows go in with one ``COPY``; a small set, or SQLite, goes through :func:`bulk`."""
    _require_transaction()
    if frame.height < COPY_FROM or connection.vendor != "postgresql":
        entries = [
            Entry(object_id=o, person_id=p, territory=t or "", changes=json.loads(c))
            for o, p, t, c in frame.select("object_id", "person_id", "territory", "changes").iter_rows()
        ]
        return bulk(actor=actor, action=action, object_type=object_type, entries=entries, reason=reason)
    _row(actor=actor, action=action, object_type=object_type, reason=reason)  # the same checks, once
    who = _actor_fields(actor)
    actor_id = who["actor"].pk if who["actor"] is not None else None
    now, count = timezone.now(), frame.height
    seq, prev = audit_chain.lock_head()
    rows = frame.select(
        pl.col("object_id").cast(pl.String).fill_null(""),
        pl.col("person_id").cast(pl.Int64),
        pl.col("territory").cast(pl.String).fill_null(""),
        pl.col("changes").cast(pl.String),
        pl.int_range(seq + 1, seq + count + 1, dtype=pl.Int64).alias("seq"),
    )
    # The record's array up to its prev_hash (``audit_chain.row_hash``): the constants written once.
    constants = [audit_chain.utc_text(now), actor_id, who["actor_username"], str(action), object_type]
    heads = rows.select(
        pl.concat_str(
            [
                pl.lit(f"[{_json(audit_chain.VERSION)},"),
                pl.col("seq").cast(pl.String),
                pl.lit("," + ",".join(_json(v) for v in constants) + ","),
                json_string(pl.col("object_id")),
                pl.lit(","),
                pl.col("person_id").cast(pl.String).fill_null("null"),
                pl.lit(","),
                json_string(pl.col("territory")),
                pl.lit(","),
                pl.col("changes"),
                pl.lit(f',{_json(reason)},null,"'),
            ]
        )  # fmt: skip
    ).to_series()
    prevs, hashes = [], []
    for head in heads:
        prevs.append(prev)
        prev = hashlib.sha256(f'{head}{prev}"]'.encode()).hexdigest()
        hashes.append(prev)
    out = rows.with_columns(
        pl.Series("prev_hash", prevs, dtype=pl.String),
        pl.Series("row_hash", hashes, dtype=pl.String),
        pl.lit(actor_id, pl.Int64).alias("actor_id"),
        pl.lit(who["actor_username"]).alias("actor_username"),
        pl.lit(str(action)).alias("action"),
        pl.lit(object_type).alias("object_type"),
        pl.lit(reason).alias("reason"),
        pl.lit(now.isoformat()).alias("at"),
    )
    bulk_sql.copy_into_model(AuditLog, out, now=now)
    return out.height


def user_territory(user: Any) -> str:
    """The KATO code an action of a staff member about their own account is filed under."""
    unit = user.units.order_by("code").first() if user is not None and user.pk else None
    return unit.code if unit else ""
