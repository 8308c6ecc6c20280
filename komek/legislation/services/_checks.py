"""Checks shared by the legislation's services: names and codes, the territory of a record."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common.errors import PermissionDenied
from komek.common.models import KatoUnit
from komek.legislation import loader

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CODE = re.compile(r"^[a-z0-9_.]+$")
MAX_VALUE = Decimal("1e13")


def require_legislation_territory(actor: Actor, unit: KatoUnit | None, *, field: str) -> None:
    """An administrator edits the legislation of their territory; national values need national reach."""
    if policy.prefixes(actor) is None:
        return
    if unit is None:
        raise PermissionDenied(
            _("Only an administrator with national reach sets national values."), field=field
        )
    if not policy.in_territory(actor, unit.code):
        raise PermissionDenied(_("This territory is outside your territorial units."), field=field)


def after_commit() -> None:
    """Rebuild the application's engine once the change is committed."""
    transaction.on_commit(loader.invalidate)
