"""The DCI message envelope (signature, header, message): its codes, its checks and its answers.

Every code here is one of the specification's own enums (Social Registry API 1.0.0): ``Error.code``
for a message refused as a whole, ``MsgHeaderStatusReasonCode`` for a header that is wrong, the
per-request ``*StatusReasonCode`` for one request of a batch. Nothing else is ever answered.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

VERSION = "1.0.0"

# Error.code
ERR_BAD = "err.request.bad"
ERR_UNAUTHORIZED = "err.request.unauthorized"
ERR_FORBIDDEN = "err.request.forbidden"
ERR_NOT_FOUND = "err.request.not_found"
ERR_VERSION = "err.version.not_supported"
ERR_SENDER_ID = "err.sender_id.invalid"
ERR_SENDER_URI = "err.sender_uri.invalid"
ERR_RECEIVER_ID = "err.receiver_id.invalid"
ERR_SIGNATURE_MISSING = "err.signature.missing"
ERR_SIGNATURE_INVALID = "err.signature.invalid"
ERR_ENCRYPTION = "err.encryption.invalid"
ERR_UNAVAILABLE = "err.service.unavailable"

# MsgHeaderStatusReasonCode
HDR_VERSION = "rjct.version.invalid"
HDR_MESSAGE_ID = "rjct.message_id.duplicate"
HDR_MESSAGE_TS = "rjct.message_ts.invalid"
HDR_ACTION = "rjct.action.invalid"
HDR_TOTAL_COUNT = "rjct.total_count.invalid"
HDR_LIMIT = "rjct.total_count.limit_exceeded"

# RequestStatus
RCVD, PDNG, SUCC, RJCT = "rcvd", "pdng", "succ", "rjct"

# The batch requests one message may carry.
MAX_REQUESTS = 100


class Refused(Exception):
    """A message refused as a whole: an HTTP status, an ``Error.code`` and, for a wrong header, the
    header's reason code."""

    def __init__(self, http: int, code: str, message: str, header_reason: str = "") -> None:
        super().__init__(message)
        self.http = http
        self.code = code
        self.message = message
        self.header_reason = header_reason


@dataclass
class Envelope:
    header: dict[str, Any]
    message: Any
    signature: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def sender_id(self) -> str:
        return str(self.header.get("sender_id") or "")

    @property
    def message_id(self) -> str:
        return str(self.header.get("message_id") or "")


def now_iso() -> str:
    return timezone.now().isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex


def receiver_id() -> str:
    return str(getattr(settings, "KOMEK_DCI_SENDER_ID", "komek"))


def parse_timestamp(value: Any) -> dt.datetime | None:
    """An ISO 8601 date-time with its time zone (``2022-12-04T17:20:07-04:00`` or ``...Z``)."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _clean(value: Any) -> bool:
    """No NUL character and no lone surrogate anywhere (neither can be stored or audited)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return False
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float) and (item != item or item in (float("inf"), float("-inf"))):
            return False
    return True


def envelope_of(data: Any) -> Envelope:
    """The three parts of a message, or Refused (400) when the body is not an envelope."""
    if not _clean(data):
        raise Refused(
            400, ERR_BAD, "The body holds a NUL character, an unpaired surrogate or a non-finite number."
        )
    if not isinstance(data, dict):
        raise Refused(400, ERR_BAD, "The body must be a JSON object with a header and a message.")
    header, message = data.get("header"), data.get("message")
    if not isinstance(header, dict):
        raise Refused(400, ERR_BAD, "The message has no header object.")
    if not isinstance(message, dict):
        raise Refused(400, ERR_BAD, "The message has no message object.")
    if "ciphertext" in message:
        raise Refused(400, ERR_ENCRYPTION, "Encrypted messages are not supported: send the message in clear.")
    signature = data.get("signature")
    if signature is not None and not isinstance(signature, str):
        raise Refused(401, ERR_SIGNATURE_INVALID, "The signature must be a string.")
    return Envelope(header=header, message=message, signature=signature or "", raw=data)


def check_header(header: dict[str, Any], action: str) -> None:
    """The MsgHeader's required fields and values; Refused with the header's reason code."""
    version = header.get("version", VERSION)
    if version != VERSION:
        raise Refused(
            400, ERR_VERSION, f"Only version {VERSION} of the messaging protocol is supported.", HDR_VERSION
        )
    message_id = header.get("message_id")
    if not isinstance(message_id, str) or not message_id.strip() or len(message_id) > 99:
        raise Refused(400, ERR_BAD, "The header's message_id must be a non-empty string.")
    if parse_timestamp(header.get("message_ts")) is None:
        raise Refused(
            400,
            ERR_BAD,
            "The header's message_ts must be an ISO 8601 date-time with its time zone.",
            HDR_MESSAGE_TS,
        )
    if header.get("action") != action:
        raise Refused(400, ERR_BAD, f"The header's action must be '{action}' at this endpoint.", HDR_ACTION)
    if not isinstance(header.get("sender_id"), str) or not header["sender_id"].strip():
        raise Refused(400, ERR_SENDER_ID, "The header's sender_id must name the sending system.")
    total = header.get("total_count")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise Refused(400, ERR_BAD, "The header's total_count must be a whole number.", HDR_TOTAL_COUNT)
    if total > MAX_REQUESTS:
        raise Refused(400, ERR_BAD, f"A message may carry at most {MAX_REQUESTS} requests.", HDR_LIMIT)
    if header.get("is_msg_encrypted") is True:
        raise Refused(400, ERR_ENCRYPTION, "Encrypted messages are not supported: send the message in clear.")
    receiver = header.get("receiver_id")
    if receiver not in (None, "") and receiver != receiver_id():
        raise Refused(400, ERR_RECEIVER_ID, f"The receiver_id of this registry is '{receiver_id()}'.")


def callback_header(
    *,
    action: str,
    status: str,
    to: str,
    total: int = 0,
    completed: int = 0,
    reason: str = "",
    reason_message: str = "",
) -> dict[str, Any]:
    """A MsgCallbackHeader from this registry to a client system."""
    header: dict[str, Any] = {
        "version": VERSION,
        "message_id": new_id(),
        "message_ts": now_iso(),
        "action": action,
        "status": status,
        "total_count": total,
        "completed_count": completed,
        "sender_id": receiver_id(),
        "receiver_id": to,
        "is_msg_encrypted": False,
    }
    if reason:
        header["status_reason_code"] = reason
    if reason_message:
        header["status_reason_message"] = reason_message[:999]
    return header


def ack(correlation_id: str) -> dict[str, Any]:
    """The acknowledgement (``Response``) of an asynchronous message accepted."""
    return {"message": {"ack_status": "ACK", "timestamp": now_iso(), "correlation_id": correlation_id}}


def refusal_body(exc: Refused, *, sync_action: str = "", to: str = "") -> dict[str, Any]:
    """The body of a refused message, readable both as the HTTP layer's error (``errors``) and as
    the endpoint's own answer: the acknowledgement with ack_status ERR (asynchronous endpoints), or
    the callback header with status rjct (synchronous endpoints)."""
    body: dict[str, Any] = {"errors": [{"code": exc.code, "message": exc.message[:999]}]}
    if sync_action:
        body["header"] = callback_header(
            action=sync_action, status=RJCT, to=to, reason=exc.header_reason, reason_message=exc.message
        )
    else:
        body["message"] = {
            "ack_status": "ERR",
            "timestamp": now_iso(),
            "correlation_id": new_id(),
            "error": {"code": exc.code, "message": exc.message[:999]},
        }
    return body
