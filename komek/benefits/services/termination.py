"""Ending an assignment early: nothing is paid from the termination's month."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import AssignmentStatus, TerminationReason
from komek.benefits.models import Assignment
from komek.benefits.services._checks import AUDITED, OBJECT, audit_change, check_in_period, choice, locked
from komek.common import audit
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_terminate(
    *, actor: Actor, assignment_id: int, date_from: dt.date, reason: str, note: str = ""
) -> Assignment:
    """End the assignment early: nothing is paid for months starting on or after ``date_from``."""
    policy.require(actor, Capability.ASSIGNMENT_MANAGE)
    choice(reason, TerminationReason, field="reason")
    with transaction.atomic():
        assignment = locked(actor, assignment_id)
        if not assignment.is_open:
            raise DomainError(
                _("The assignment is already %(status)s.") % {"status": assignment.get_status_display()},
                field="assignment_id",
                code="status",
            )
        check_in_period(assignment, date_from, field="date_from")
        before = audit.snapshot(assignment, AUDITED)
        assignment.status = AssignmentStatus.TERMINATED
        assignment.terminated_on = date_from
        assignment.termination_reason = reason
        assignment.save(update_fields=["status", "terminated_on", "termination_reason"])
        audit_change(actor, assignment, before, note or reason)
    return assignment
