from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from komek.common.errors import PermissionDenied

OBJECT = "payments.payroll"


def require_any(actor: Any, *capabilities: str) -> None:
    if actor is None:  # the system itself (a scheduled `komek payroll run`)
        return
    if not any(actor.can(c) for c in capabilities):
        raise PermissionDenied(_("Your role does not allow this action."))


def require_prefix(actor: Any, prefix: str) -> None:
    """The payroll's whole territory lies within the actor's."""
    if actor is None:
        return
    prefixes = actor.territory_prefixes()
    if prefixes is not None and not any(prefix.startswith(p) for p in prefixes):
        raise PermissionDenied(_("This payroll is outside your territorial units."))
