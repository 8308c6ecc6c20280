"""Shared checks of the registry's services: capability, territory, model validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.common.errors import DomainError, PermissionDenied, ValidationFailed
from komek.common.models import KatoUnit


def require(actor: User, capability: str) -> None:
    if not actor.can(capability):
        raise PermissionDenied(_("Your role does not allow this action."))


def in_territory(actor: User, kato_code: str) -> bool:
    prefixes = actor.territory_prefixes()
    return prefixes is None or any(kato_code.startswith(p) for p in prefixes)


def require_territory(actor: User, kato_code: str) -> None:
    if not in_territory(actor, kato_code):
        raise PermissionDenied(_("This address is outside your territorial units."), field="kato")


def kato_unit(code: str, *, field: str = "kato") -> KatoUnit:
    unit = KatoUnit.objects.filter(code=(code or "").strip()).first()
    if unit is None:
        raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": code}, field=field)
    return unit


def full_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation (fields, choices, constraints) and raise a domain error."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None


def today() -> dt.date:
    return timezone.localdate()


def first_of_month(value: dt.date) -> dt.date:
    return value.replace(day=1)


def check_not_future(value: dt.date | None, *, field: str) -> None:
    if value is not None and value > today():
        raise DomainError(_("The date cannot be in the future."), field=field)


def check_period(valid_from: dt.date, valid_to: dt.date | None, *, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of the period is before its start."), field=field)


def plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
