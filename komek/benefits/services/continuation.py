"""Continuing an assignment for its next period (TSA is assigned per quarter)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.benefits.choices import AmountParameter, AssignmentStatus
from komek.benefits.models import Assignment
from komek.benefits.services._checks import AUDITED, CREATORS, OBJECT, audit_change
from komek.benefits.services.create import assignment_create
from komek.common import audit
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_reassign(
    *,
    actor: Actor,
    assignment_id: int,
    period_start: dt.date,
    period_end: dt.date,
    monthly_amount: int | None = None,
    basis: str = "",
) -> Assignment:
    """Assign the next period (TSA is assigned per quarter) with the same details; the old one ends."""
    policy.require_any(actor, *CREATORS)
    old = Assignment.objects.filter(pk=assignment_id).first()
    if old is None:
        raise NotFound(_("No such assignment."), field="assignment_id")
    if old.status == AssignmentStatus.TERMINATED:
        raise DomainError(
            _("A terminated assignment cannot be continued."), field="assignment_id", code="status"
        )
    if period_start <= old.period_end:
        raise DomainError(_("The new period starts after the current one ends."), field="period_start")
    with transaction.atomic():
        new = assignment_create(
            actor=actor, programme=old.programme, family_id=old.family_id, person_id=old.person_id,
            recipient_id=old.recipient_id, kind=old.kind, monthly_amount=monthly_amount or old.monthly_amount,
            period_start=period_start, period_end=period_end,
            bank_bic=old.bank_id, iban=old.iban, basis=basis or old.basis, application_id=old.application_id,
            social_contract_ref=old.social_contract_ref, amount_limit=old.amount_limit,
            amount_mci=old.amount_mci, amount_parameter=old.amount_parameter or AmountParameter.MCI,
            previous_id=old.pk,
        )  # fmt: skip
        if old.is_open:
            before = audit.snapshot(old, AUDITED)
            old.status = AssignmentStatus.ENDED
            old.save(update_fields=["status"])
            audit_change(actor, old, before, _("Continued by assignment No. %(id)s.") % {"id": new.pk})
    return new
