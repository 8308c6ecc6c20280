"""Checks shared by the employment centre's services (private to this package)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit as audit_log
from komek.common.choices import AuditAction
from komek.common.errors import DomainError

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def today() -> dt.date:
    return timezone.localdate()


def staff_of(actor: Actor) -> User | None:
    """The member of staff behind an actor, for a column naming one (``None`` for the system)."""
    return actor if isinstance(actor, User) else None


def manage(actor: Actor, kato_code: str) -> None:
    """The actor may manage the employment centre's records at this address."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    policy.require_territory(actor, kato_code)


def audit(
    *,
    actor: Actor,
    territory: str,
    obj: models.Model,
    action: str = AuditAction.CREATE,
    person_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """The audit row of one change of the employment centre's records, in the service's transaction."""
    audit_log.record(
        actor=actor,
        action=action,
        obj=obj,
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
