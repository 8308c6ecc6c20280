"""Reading the values of a form or a call for the services of migration: each refusal names its field."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.migration.countries import countries

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FIRST_DATE = dt.date(1991, 12, 16)  # the records are of independent Kazakhstan


def fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def text(value: Any, field: str, *, required: bool = True, limit: int = 200) -> str:
    found = str(value or "").strip()
    if required and not found:
        raise DomainError(_("This field is required."), field=field)
    if len(found) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return found


def day(value: Any, field: str, *, future: bool = False) -> dt.date:
    """A date; ``future``: a term may end (or begin) after today."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate() and not future:
        raise DomainError(_("The date is in the future."), field=field)
    if value < FIRST_DATE:
        raise DomainError(_("The date is before %(date)s.") % {"date": fmt(FIRST_DATE)}, field=field)
    return value


def tenge(value: Any, field: str, *, positive: bool = False) -> int:
    if value in (None, "") and not positive:
        return 0
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\xa0", "").replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("Enter the amount in tenge."), field=field) from None
    if amount < 0 or amount != amount.to_integral_value():
        raise DomainError(_("Enter the amount in whole tenge, not negative."), field=field)
    if positive and amount == 0:
        raise DomainError(_("The amount is above zero."), field=field)
    return int(amount)


def count(value: Any, field: str, *, least: int = 0) -> int:
    try:
        found = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Enter a whole number."), field=field) from None
    if found < least:
        raise DomainError(_("Enter a number not below %(least)d.") % {"least": least}, field=field)
    return found


def country(value: Any, field: str) -> str:
    code = str(value or "").strip().upper()
    if code not in countries():
        raise DomainError(_("Choose the country."), field=field)
    return code


def territory(actor: Actor, value: Any, field: str = "kato") -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field=field)
    policy.require_territory(actor, unit.code, field=field)
    return unit


def iin(value: Any, field: str) -> str:
    number = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{12}", number):
        raise DomainError(_("An IIN is 12 digits."), field=field)
    return number
