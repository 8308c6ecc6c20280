"""Approval of an allocation by the head: maker-checker, exactly one approval wins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.budget.choices import AllocationStatus
from komek.budget.models import Allocation
from komek.budget.services._checks import OBJECT
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="allocation_id")
def allocation_approve(*, actor: Actor, allocation_id: int) -> Allocation:
    """Approve a draft allocation. The row is locked: of two heads approving at once, the second
    is told it is approved already."""
    policy.require(actor, Capability.BUDGET_APPROVE)
    if not isinstance(actor, User):
        raise PermissionDenied(_("An allocation is approved by a person."))
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().filter(pk=allocation_id).first()
        if allocation is None:
            raise NotFound(_("No such allocation."), field="allocation_id")
        if not policy.in_territory(actor, allocation.prefix):
            raise PermissionDenied(_("This allocation is outside your territorial units."))
        if allocation.status == AllocationStatus.APPROVED:
            raise DomainError(_("This allocation is approved already."), field="allocation_id", code="status")
        if allocation.created_by_id == actor.pk:
            raise DomainError(
                _("You entered this allocation: another person must approve it."),
                field="allocation_id",
                code="maker_checker",
            )
        allocation.status = AllocationStatus.APPROVED
        allocation.approved_by = actor
        allocation.approved_at = timezone.now()
        allocation.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=allocation, territory=allocation.territory,
            changes={"status": ["draft", "approved"]}, reason=str(allocation),
        )  # fmt: skip
    return allocation
