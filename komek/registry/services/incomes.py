"""Incomes of family members, per month and type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require, require_territory
from komek.common import audit
from komek.common.audit import created, diff
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.periods import month_start
from komek.common.validation import today
from komek.registry.choices import IncomeSource, IncomeType
from komek.registry.models import Income, Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

EARLIEST_MONTH = dt.date(1991, 12, 1)
MAX_MONTHLY_AMOUNT = Decimal("1000000000")


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the amount as a number of tenge."), field="amount") from None
    if not amount.is_finite():
        raise DomainError(_("Enter the amount as a number of tenge."), field="amount")
    if amount < 0:
        raise DomainError(_("An income cannot be negative."), field="amount", code="negative")
    if amount >= MAX_MONTHLY_AMOUNT:
        raise DomainError(_("The amount is implausibly large for one month."), field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Tenge have at most two decimal places (tiyn)."), field="amount")
    return amount


@transaction.atomic
def income_record(
    *,
    actor: Actor,
    person: Person,
    month: dt.date,
    income_type: str,
    amount: object,
    source: str = IncomeSource.DECLARED,
) -> Income:
    """Record (or correct) a member's income of one type for one month."""
    require(actor, Capability.INCOME_EDIT)
    require_territory(actor, person.kato_id)
    month = month_start(month)
    if month > month_start(today()):
        raise DomainError(_("The income month cannot be in the future."), field="month", code="future")
    if month < EARLIEST_MONTH:
        raise DomainError(_("The income month is before December 1991."), field="month")
    if month < month_start(person.birth_date):
        raise DomainError(_("The income month is before the person was born."), field="month")
    if income_type not in IncomeType.values:
        raise DomainError(_("Unknown income type."), field="income_type")
    if source not in IncomeSource.values:
        raise DomainError(_("Unknown income source."), field="source")
    value = _amount(amount)
    income = (
        Income.objects.select_for_update()
        .filter(person=person, month=month, income_type=income_type, source=source)
        .first()
    )
    if income is None:
        income = Income.objects.create(
            person=person, month=month, income_type=income_type, amount=value, source=source,
            territory=person.kato_id,
        )  # fmt: skip
        changes = created(
            {"month": str(month), "income_type": income_type, "amount": str(value), "source": source}
        )
        action = AuditAction.CREATE
    else:
        changes = diff({"amount": str(income.amount)}, {"amount": str(value)})
        income.amount = value
        income.save(update_fields=["amount"])
        action = AuditAction.UPDATE
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=action,
        object_type="registry.income",
        object_id=income.pk,
        person_id=person.pk,
        changes=changes,
    )
    return income
