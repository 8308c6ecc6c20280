"""An allocation entered by the accountant: a draft until another person approves it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.budget.models import Allocation
from komek.budget.services._checks import (
    OBJECT,
    clean_amount,
    clean_programme,
    clean_recipients,
    clean_source,
    clean_territory,
    clean_year,
    existing_allocation_error,
)
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import PermissionDenied
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT)
def allocation_create(
    *,
    actor: Actor,
    year: Any,
    programme: Any,
    source: Any,
    territory: Any,
    amount: Any,
    planned_recipients: Any = 0,
) -> Allocation:
    """A draft allocation of a budget programme for a year, source and department."""
    policy.require(actor, Capability.BUDGET_EDIT)
    if not isinstance(actor, User):
        raise PermissionDenied(_("An allocation is entered by a person."))
    year = clean_year(year)
    code = clean_programme(programme, year)
    source = clean_source(source)
    department, prefix = clean_territory(actor, territory)
    money = clean_amount(amount)
    recipients = clean_recipients(planned_recipients)
    with transaction.atomic():
        found = Allocation.objects.filter(
            year=year, programme=code, source=source, territory=department
        ).first()
        if found is not None:
            raise existing_allocation_error(found)
        allocation = Allocation.objects.create(
            year=year, programme=code, source=source, territory=department, prefix=prefix, amount=money,
            planned_recipients=recipients, created_by=actor,
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=allocation, territory=department,
            changes=audit.created(audit.snapshot(allocation, ("year", "programme", "source", "territory"))),
        )  # fmt: skip
    return allocation
