"""Reads of allocations and their amendments, scoped to the actor's territory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.budget.models import Allocation, Amendment
from komek.common.errors import NotFound

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def allocations_visible(*, actor: Actor, year: int | None = None) -> QuerySet[Allocation]:
    """The allocations the actor may see, newest year first."""
    qs = policy.visible(Allocation.objects.all(), actor, Capability.BUDGET_VIEW, field="prefix")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("created_by", "approved_by")


def allocation_get(*, actor: Actor, allocation_id: int) -> Allocation:
    found = allocations_visible(actor=actor).filter(pk=allocation_id).first()
    if found is None:
        raise NotFound(_("No such allocation."), field="allocation_id")
    return found


def allocation_amendments(*, actor: Actor, allocation: Allocation) -> list[Amendment]:
    policy.require(actor, Capability.BUDGET_VIEW)
    return list(allocation.amendments.select_related("created_by").order_by("date", "id"))


def allocation_years(*, actor: Actor) -> list[int]:
    return sorted(set(allocations_visible(actor=actor).values_list("year", flat=True)), reverse=True)
