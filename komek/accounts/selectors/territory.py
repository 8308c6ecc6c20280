"""The territorial units a member of staff works in, for the address selects of every context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from komek.accounts import policy
from komek.common.forms import unit_choices
from komek.common.models import KatoUnit

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def territorial_units(actor: Actor) -> QuerySet[KatoUnit]:
    """The KATO units in the actor's territory (every unit for the whole country), by code."""
    return policy.scoped(KatoUnit.objects.order_by("code"), actor, field="code")


def kato_choices(actor: Actor) -> list[tuple[str, str]]:
    """The actor's territorial units as the choices of an address select, indented by level."""
    return unit_choices(territorial_units(actor))


def territory_names(actor: Actor) -> list[tuple[str, str]]:
    """The actor's territorial units as choices by name alone (never a bare KATO code), by code."""
    return [(u.code, u.name) for u in territorial_units(actor)]
