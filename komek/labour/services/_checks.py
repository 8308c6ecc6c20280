"""The checks shared by the labour context's writes: texts, dates, counts and amounts read from a
form, a call or a row of a file, each refused with the field it names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import DomainError, NotFound
from komek.labour.models import Enterprise

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

ENTERPRISE = "labour.enterprise"
FIRST_DATE = dt.date(1991, 12, 16)  # the records are of independent Kazakhstan


def fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def text(value: Any, field: str, *, required: bool = True, limit: int = 300) -> str:
    found = str(value or "").strip()
    if required and not found:
        raise DomainError(_("This field is required."), field=field)
    if len(found) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return found


def date(value: Any, field: str, *, future: bool = False) -> dt.date:
    """A date read from a form, a call or a cell; ``future``: a term ending later may be ahead."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate() and not future:
        raise DomainError(_("The date is in the future."), field=field)
    if value < FIRST_DATE:
        raise DomainError(_("The date is before %(date)s.") % {"date": fmt(FIRST_DATE)}, field=field)
    return value


def count(value: Any, field: str, *, required: bool = False) -> int:
    """A whole number of persons (or orders), not negative; empty is 0 unless ``required``."""
    if value in (None, ""):
        if required:
            raise DomainError(_("This field is required."), field=field)
        return 0
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise DomainError(_("Enter a whole number."), field=field) from None
    if number < 0 or number != number.to_integral_value():
        raise DomainError(_("Enter a whole number, not negative."), field=field)
    return int(number)


def tenge(value: Any, field: str) -> int:
    """An amount in whole tenge, above zero."""
    try:
        amount = Decimal(str(value if value is not None else "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("Enter the amount in tenge."), field=field) from None
    if amount <= 0 or amount != amount.to_integral_value():
        raise DomainError(_("Enter the amount in whole tenge, above zero."), field=field)
    return int(amount)


def can_manage(actor: Actor) -> None:
    policy.require(actor, Capability.LABOUR_MANAGE)


def enterprise_locked(actor: Actor, enterprise_id: Any) -> Enterprise:
    """The enterprise of the actor's territory, locked for the write (inside a transaction)."""
    assert transaction.get_connection().in_atomic_block  # noqa: S101 (a write's own transaction)
    try:
        key = int(enterprise_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such enterprise in your territory.")) from None
    found = Enterprise.objects.select_for_update().filter(pk=key).first()
    if found is None or not policy.in_territory(actor, found.kato_id):
        raise NotFound(_("No such enterprise in your territory."))
    return found
