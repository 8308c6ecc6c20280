"""Checks shared by the employment centre's services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.common.audit import audit_record
from komek.common.errors import DomainError
from komek.common.models import AuditAction
from komek.registry.services._common import kato_unit, require, require_territory, today

__all__ = ["audit", "kato_unit", "manage", "positive_int", "require", "require_territory", "today"]


def manage(actor: User, kato_code: str) -> None:
    """The actor may manage the employment centre's records at this address."""
    require(actor, Capability.EMPLOYMENT_MANAGE)
    require_territory(actor, kato_code)


def audit(
    *,
    actor: User,
    territory: str,
    obj: Any,
    action: str = AuditAction.CREATE,
    person_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        person_id=person_id,
        changes=changes,
        reason=reason,
        territory=territory,
    )


def positive_int(value: Any, *, field: str, allow_zero: bool = False) -> int:
    try:
        number = int(str(value).replace(" ", "").replace("\u00a0", ""))
    except (TypeError, ValueError):
        raise DomainError(_("Enter a whole number."), field=field) from None
    if number < 0 or (number == 0 and not allow_zero):
        raise DomainError(_("The number must be positive."), field=field)
    return number


def not_future(day: dt.date, *, field: str) -> None:
    if day > today():
        raise DomainError(_("The date cannot be in the future."), field=field)
