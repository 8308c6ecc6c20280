"""An amendment of an allocation: a new amount (or a change) from a date, by a named decision.

Refused when it would take the allocation below what is already spent from it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.budget.models import Allocation, Amendment
from komek.budget.selectors.execution import compute_execution
from komek.budget.selectors.spending import Scope
from komek.budget.services._checks import OBJECT, clean_amount
from komek.budget.titles import money, programme_title
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def _date(value: Any, year: int) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(_("The date is written YYYY-MM-DD."), field="date") from None
    if day.year != year:
        raise DomainError(
            _("An amendment of the %(year)d allocation is dated in %(year)d.") % {"year": year}, field="date"
        )
    return day


@audited_refusals(OBJECT, id_kwarg="allocation_id")
def allocation_amend(
    *,
    actor: Actor,
    allocation_id: int,
    date: Any,
    decision: str,
    amount: Any = None,
    delta: Any = None,
) -> Amendment:
    """Change an allocation from ``date`` to ``amount`` (or by ``delta``), citing ``decision``
    (e.g. "Maslikhat decision No. 45 of 2026-06-12")."""
    policy.require(actor, Capability.BUDGET_EDIT)
    if not isinstance(actor, User):
        raise PermissionDenied(_("An allocation is amended by a person."))
    decision = (decision or "").strip()
    if not decision:
        raise DomainError(_("Name the decision that changes the allocation."), field="decision")
    if (amount in (None, "")) == (delta in (None, "")):
        raise DomainError(_("Give either the new amount or the change, not both."), field="amount")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().filter(pk=allocation_id).first()
        if allocation is None:
            raise NotFound(_("No such allocation."), field="allocation_id")
        if not policy.in_territory(actor, allocation.prefix):
            raise PermissionDenied(_("This allocation is outside your territorial units."))
        day = _date(date, allocation.year)
        current = allocation.amount + int(allocation.amendments.aggregate(s=Sum("delta"))["s"] or 0)
        if amount not in (None, ""):
            new = clean_amount(amount)
            change = new - current
        else:
            change = clean_amount(delta, field="delta", allow_negative=True)
            new = current + change
        if new < 0:
            raise DomainError(_("The allocation cannot become negative."), field="delta")
        if change < 0:
            # Only this budget programme's spending in the department, as the payroll guard reads it.
            today = timezone.localdate()
            row = compute_execution(
                year=allocation.year, scope=Scope(None, allocation.territory), on=today, today=today,
                programme=allocation.programme, committed=False,
            ).row(allocation.programme, allocation.source, allocation.territory)  # fmt: skip
            spent = row.spent if row is not None else 0
            if new < spent:
                raise DomainError(
                    _(
                        "The allocation of %(programme)s cannot go down to %(new)s: %(spent)s "
                        "is already spent from it."
                    )
                    % {
                        "programme": programme_title(allocation.programme),
                        "new": money(new),
                        "spent": money(spent),
                    },
                    field="amount",
                    code="below_spent",
                )
        amendment = Amendment.objects.create(
            allocation=allocation, date=day, delta=change, amount_after=new, decision=decision[:300],
            created_by=actor,
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=allocation, territory=allocation.territory,
            changes={"amount": [current, new]}, reason=f"{day}: {decision}"[:500],
        )  # fmt: skip
    return amendment
