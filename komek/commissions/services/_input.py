"""Reading the values of a form or a call for the other commissions' writes: text, dates, the
territory; each refusal names its field in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common.errors import DomainError
from komek.common.models import KatoUnit

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FIRST_DATE = dt.date(1991, 12, 16)  # the commissions are of independent Kazakhstan


def fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def text(value: Any, field: str, *, required: bool = True, limit: int = 300) -> str:
    found = str(value or "").strip()
    if required and not found:
        raise DomainError(_("This field is required."), field=field)
    if len(found) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return found


def date_of(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    """Any date (a period of the past the documents speak of, a term ahead): only its form is read."""
    if value in (None, "") and not required:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    return value


def day_of(value: Any, field: str) -> dt.date:
    """The day of a step of the commission's work: not in the future, not before 16.12.1991."""
    day = date_of(value, field)
    assert day is not None  # noqa: S101 (required)
    if day > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    if day < FIRST_DATE:
        raise DomainError(_("The date is before %(date)s.") % {"date": fmt(FIRST_DATE)}, field=field)
    return day


def territory(actor: Actor, value: Any) -> KatoUnit:
    code = str(getattr(value, "code", value) or "").strip()
    unit = KatoUnit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(_("Unknown territorial unit."), field="kato")
    policy.require_territory(actor, unit.code, field="kato")
    return unit
