"""Writing to the audit log. Every service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest

from komek.common.models import AuditLog


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


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: Any = "",
    person_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip_address: str | None = None,
    territory: str = "",
) -> AuditLog:
    """Append one row. ``territory`` is the KATO code the action concerns (the person's or family's
    address, the staff member's unit): auditors of a region see the rows of their region."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_username=getattr(actor, "username", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        person_id=person_id,
        changes=changes or {},
        reason=reason,
        ip_address=ip_address,
        territory=territory or "",
    )


def user_territory(user: Any) -> str:
    """The KATO code an action of a staff member about their own account is filed under."""
    unit = user.units.order_by("code").first() if user is not None and user.pk else None
    return unit.code if unit else ""
