"""A model's own validation (fields, choices, constraints) reported as a domain error."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from komek.common.errors import ValidationFailed


def full_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation and raise :class:`ValidationFailed` with every field's messages."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None
