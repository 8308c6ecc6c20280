"""Checks every context's services share: model validation as a domain error, dates and periods."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.common.errors import DomainError, ValidationFailed


def today() -> dt.date:
    """The local date (Asia/Almaty) the services compare dates with."""
    return timezone.localdate()


def full_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation (fields, choices, constraints) and raise a domain error."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None


def check_not_future(value: dt.date | None, *, field: str) -> None:
    """Refuse a date after today (``field`` names the form field to correct)."""
    if value is not None and value > today():
        raise DomainError(_("The date cannot be in the future."), field=field)


def check_period(valid_from: dt.date, valid_to: dt.date | None, *, field: str = "valid_to") -> None:
    """Refuse a period that ends before it starts."""
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of the period is before its start."), field=field)
