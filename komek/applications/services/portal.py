"""Deliveries from the e-government portal: a JSON body signed with HMAC-SHA256 under the portal
channel's secret, checked before anything is read; every refusal is audited, nothing half-written.

The secret comes from ``KOMEK_PORTAL_SECRET``; a demo or development installation without it
generates a local one in the var directory (``komek portal-secret`` would print it; the demo
prints it with its logins).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

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
    code = "bad_signature"


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


def _refuse(reason: str, ip_address: str | None, changes: dict[str, Any] | None = None) -> None:
    """Audit a delivery turned away, in a transaction of its own (nothing else is written)."""
    with transaction.atomic():
        audit.refusal(
            actor=PORTAL, object_type=OBJECT_TYPE, changes=changes or {}, reason=reason, ip_address=ip_address
        )


def check_signature(body: bytes, signature: str, ip_address: str | None) -> None:
    secret = portal_secret()
    if secret is None:
        _refuse("portal channel not configured", ip_address)
        raise BadSignature(
            _("The portal channel is not configured on this installation."), code="not_configured"
        )
    if not signature or not hmac.compare_digest(sign(body, secret), signature.strip()):
        _refuse("bad signature", ip_address, {"size": [None, len(body)]})
        raise BadSignature(_("The signature of the delivery is missing or wrong."), field="signature")


def portal_deliver(
    *, body: bytes, signature: str, data: dict[str, Any], ip_address: str | None
) -> Application:
    """Register a portal application whose body was signed and validated by the caller's
    serializer (``data``); IIN-unknown and incomplete deliveries are refused and audited."""
    person = Person.objects.filter(iin=data["applicant_iin"]).first()
    if person is None:
        _refuse("unknown applicant", ip_address, {"external_id": [None, data["external_id"]]})
        raise ValidationFailed({"applicant_iin": [_("No person with this IIN in the registry.")]})
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
            _refuse(str(exc.message), ip_address, {"external_id": [None, data["external_id"]]})
        raise


def malformed(body: bytes, errors: dict[str, Any], ip_address: str | None) -> None:
    """Audit a signed delivery whose body failed validation (fields named, values not kept)."""
    try:
        external_id = str(json.loads(body).get("external_id", ""))[:64]
    except (ValueError, AttributeError):
        external_id = ""
    _refuse(
        "malformed body", ip_address, {"fields": [None, sorted(errors)], "external_id": [None, external_id]}
    )
