"""Suspending payments (a sanction, missing documents) and resuming them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import AssignmentStatus, SuspensionReason
from komek.benefits.models import Assignment, Suspension
from komek.benefits.services._checks import AUDITED, OBJECT, audit_change, check_in_period, choice, locked
from komek.common import audit
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_suspend(
    *,
    actor: Actor,
    assignment_id: int,
    date_from: dt.date,
    date_to: dt.date | None,
    reason: str,
    note: str = "",
) -> Assignment:
    """Suspend payments: no payment for the months from ``date_from``'s to ``date_to``'s."""
    # The employment centre suspends for a refused social contract (a sanction of 6 months).
    if reason == SuspensionReason.SOCIAL_CONTRACT_REFUSAL:
        policy.require_any(actor, Capability.ASSIGNMENT_MANAGE, Capability.EMPLOYMENT_MANAGE)
    else:
        policy.require(actor, Capability.ASSIGNMENT_MANAGE)
    choice(reason, SuspensionReason, field="reason")
    if date_to is not None and date_to < date_from:
        raise DomainError(_("The end of the period is before its start."), field="date_to")
    with transaction.atomic():
        assignment = locked(actor, assignment_id)
        if assignment.status != AssignmentStatus.ACTIVE:
            raise DomainError(
                _("Only an active assignment can be suspended; this one is %(status)s.")
                % {"status": assignment.get_status_display()},
                field="assignment_id",
                code="status",
            )
        check_in_period(assignment, date_from, field="date_from")
        before = audit.snapshot(assignment, AUDITED)
        suspension = Suspension.objects.create(
            assignment=assignment,
            territory=assignment.kato_code,
            date_from=date_from,
            date_to=date_to,
            reason=reason,
            note=note.strip()[:300],
        )
        assignment.status = AssignmentStatus.SUSPENDED
        assignment.save(update_fields=["status"])
        audit_change(
            actor, assignment, before, reason,
            suspension=[None, {"id": suspension.pk, "from": str(date_from), "to": str(date_to or "")}],
        )  # fmt: skip
    return assignment


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_resume(*, actor: Actor, assignment_id: int, date_from: dt.date, note: str = "") -> Assignment:
    """Resume payments from ``date_from``'s month: the open suspension ends the day before."""
    policy.require_any(actor, Capability.ASSIGNMENT_MANAGE, Capability.EMPLOYMENT_MANAGE)
    with transaction.atomic():
        assignment = locked(actor, assignment_id)
        if assignment.status != AssignmentStatus.SUSPENDED:
            raise DomainError(_("The assignment is not suspended."), field="assignment_id", code="status")
        suspension = (
            assignment.suspensions.filter(Q(date_to__isnull=True) | Q(date_to__gte=date_from))
            .order_by("-date_from")
            .first()
        )
        if suspension is None or date_from <= suspension.date_from:
            raise DomainError(_("Payments resume after the suspension's start."), field="date_from")
        before = audit.snapshot(assignment, AUDITED)
        old_end = suspension.date_to
        suspension.date_to = date_from - dt.timedelta(days=1)
        suspension.note = (suspension.note + " " + note.strip()).strip()[:300]
        suspension.save(update_fields=["date_to", "note"])
        assignment.status = AssignmentStatus.ACTIVE
        assignment.save(update_fields=["status"])
        audit_change(
            actor, assignment, before, note,
            suspension=[{"id": suspension.pk, "to": str(old_end or "")}, {"to": str(suspension.date_to)}],
        )  # fmt: skip
    return assignment
