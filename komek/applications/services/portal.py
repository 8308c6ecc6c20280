"""Deliveries from the e-government portal: a JSON body signed with HMAC-SHA256 under the portal
channel's secret, checked before anything is read; every refusal is audited, nothing half-written.

Anyone can post to the channel, so what an unsigned client provokes is bounded: a body over
``KOMEK_PORTAL_MAX_BODY_BYTES`` is refused unread, and the refusals of a client's unsigned or
oversize deliveries are counted on one audit row per client, reason and minute
(``audit.repeated_refusal``); past ``KOMEK_PORTAL_UNSIGNED_PER_MINUTE`` the client is turned away
(429) until the minute is over. Signed deliveries are the portal's own: each refusal has its row,
filed under the applicant's territory when the applicant is known.

The secret comes from ``KOMEK_PORTAL_SECRET``; a demo or development installation without it
generates a local one in the var directory (``komek portal-secret`` would print it; the demo
prints it with its logins).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.accounts import policy
from komek.applications.choices import Channel
from komek.applications.models import Application
from komek.applications.services.intake import application_receive
from komek.common import audit
from komek.common.errors import DomainError, ValidationFailed
from komek.registry.models import Person

SIGNATURE_HEADER = "X-Komek-Signature"
OBJECT_TYPE = "applications.portal_delivery"
#: The e-government portal's channel, as the audit log names it (``system:portal``).
PORTAL = policy.system("portal")


class BadSignature(DomainError):
    """A delivery turned away before its signature counted: unsigned, or too large to read.

    ``throttled`` when the client passed its limit of such deliveries in the current minute
    (``retry_after`` seconds until the next)."""

    def __init__(self, message: str, *, code: str, count: int, field: str = "") -> None:
        super().__init__(message, code=code, field=field or None)
        self.count = count
        limit = settings.KOMEK_PORTAL_UNSIGNED_PER_MINUTE
        self.throttled = count > limit
        self.retry_after = 60 - int(timezone.now().timestamp()) % 60


def portal_secret() -> bytes | None:
    value = os.environ.get("KOMEK_PORTAL_SECRET", "")
    if value:
        return value.encode()
    if not (settings.DEMO or settings.DEBUG):
        return None
    path = settings.VAR_DIR / "portal_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def sign(body: bytes, secret: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def _refuse(
    reason: str, ip_address: str | None, changes: dict[str, Any] | None = None, person: Person | None = None
) -> None:
    """Audit a signed delivery turned away, in a transaction of its own (nothing else is written),
    filed under the applicant's territory when the applicant is known."""
    with transaction.atomic():
        audit.refusal(
            actor=PORTAL, object_type=OBJECT_TYPE, changes=changes or {}, reason=reason,
            ip_address=ip_address, person_id=person.pk if person else None,
            territory=person.kato_id if person else "",
        )  # fmt: skip


def _unsigned(reason: str, ip_address: str | None, changes: dict[str, Any] | None = None) -> int:
    """Audit an unsigned delivery turned away: one row per client, reason and minute, the repeats
    counted beside it; returns the count of the minute (under no territory: nobody is known)."""
    return audit.repeated_refusal(
        actor=PORTAL, reason=reason, key=f"{OBJECT_TYPE}|{reason}|{ip_address or '-'}", seconds=60,
        object_type=OBJECT_TYPE, changes=changes or {}, ip_address=ip_address,
    )  # fmt: skip


def check_size(size: int, ip_address: str | None) -> None:
    """Refuse a body larger than the channel takes, before reading it (its size as declared)."""
    limit = settings.KOMEK_PORTAL_MAX_BODY_BYTES
    if size > limit:
        count = _unsigned("body too large", ip_address, {"size": [None, size]})
        raise BadSignature(
            _("The delivery is larger than %(limit)s bytes and was not read.") % {"limit": limit},
            code="too_large", count=count, field="body",
        )  # fmt: skip


def check_signature(body: bytes, signature: str, ip_address: str | None) -> None:
    secret = portal_secret()
    if secret is None:
        count = _unsigned("portal channel not configured", ip_address)
        raise BadSignature(
            _("The portal channel is not configured on this installation."),
            code="not_configured",
            count=count,
        )
    if not signature or not hmac.compare_digest(sign(body, secret), signature.strip()):
        count = _unsigned("bad signature", ip_address, {"size": [None, len(body)]})
        raise BadSignature(
            _("The signature of the delivery is missing or wrong."), code="bad_signature", count=count,
            field="signature",
        )  # fmt: skip


def check_submitted_at(value: dt.datetime | None) -> None:
    """A submission time the portal can have seen: not in the future beyond the clocks' difference,
    not older than the channel's window (an application dates its entitlements and its number)."""
    if value is None:
        return
    now = timezone.now()
    skew = dt.timedelta(seconds=settings.KOMEK_PORTAL_CLOCK_SKEW_SECONDS)
    days = settings.KOMEK_PORTAL_MAX_AGE_DAYS
    shown = f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
    if value > now + skew:
        raise ValidationFailed(
            {"submitted_at": [_("The submission time %(value)s is in the future.") % {"value": shown}]}
        )
    if value < now - dt.timedelta(days=days):
        message = ngettext(
            "The submission time %(value)s is more than %(days)s day ago: the portal delivers "
            "applications as they are submitted.",
            "The submission time %(value)s is more than %(days)s days ago: the portal delivers "
            "applications as they are submitted.",
            days,
        ) % {"value": shown, "days": days}
        raise ValidationFailed({"submitted_at": [message]})


def portal_deliver(
    *, body: bytes, signature: str, data: dict[str, Any], ip_address: str | None
) -> Application:
    """Register a portal application whose body was signed and validated by the caller's
    serializer (``data``); IIN-unknown and incomplete deliveries are refused and audited."""
    person = Person.objects.filter(iin=data["applicant_iin"]).first()
    reference = {"external_id": [None, data["external_id"]]}
    if person is None:
        _refuse("unknown applicant", ip_address, reference)
        raise ValidationFailed({"applicant_iin": [_("No person with this IIN in the registry.")]})
    try:
        check_submitted_at(data.get("submitted_at"))
    except ValidationFailed:
        _refuse("implausible submission time", ip_address, reference, person)
        raise
    try:
        return application_receive(
            actor=PORTAL,
            service=data["service"],
            channel=Channel.PORTAL,
            applicant_id=person.pk,
            documents=data.get("documents") or [],
            language=data["language"],
            circumstances=data.get("circumstances") or [],
            housing_costs=data.get("housing_costs") or 0,
            bank_bic=data.get("bank_bic") or "",
            iban=data.get("iban") or "",
            external_id=data["external_id"],
            received_at=data.get("submitted_at"),
            ip_address=ip_address,
        )
    except DomainError as exc:
        if exc.code != "incomplete":  # an incomplete package is recorded and audited as a refusal
            _refuse(str(exc.message), ip_address, reference, person)
        raise


def malformed(data: Any, errors: dict[str, Any], ip_address: str | None) -> None:
    """Audit a signed delivery whose body failed validation (fields named, values not kept), under
    the territory of the applicant its IIN names, if any."""
    fields = data if isinstance(data, dict) else {}
    external_id = str(fields.get("external_id", ""))[:64]
    iin = fields.get("applicant_iin")
    person = Person.objects.filter(iin=iin).first() if isinstance(iin, str) and len(iin) == 12 else None
    _refuse(
        "malformed body",
        ip_address,
        {"fields": [None, sorted(errors)], "external_id": [None, external_id]},
        person,
    )
