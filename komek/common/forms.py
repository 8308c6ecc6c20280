"""Form widgets and fields shared by every context's pages: dates, months, KATO addresses."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.common.models import KatoUnit
from komek.common.periods import month_start

BLANK: list[tuple[str, Any]] = [("", "—")]
NBSP = "\u00a0"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A calendar month typed as YYYY-MM (``<input type="month">``); the value is its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter the month as YYYY-MM.")}

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        return month_start(day) if day else None


class _Territorial(Protocol):
    """A member of staff, seen from ``common`` (which imports no context): their KATO prefixes."""

    def territory_prefixes(self) -> list[str] | None: ...


def kato_choices(user: _Territorial) -> list[tuple[str, str]]:
    """Territorial units the user works in, indented by level, for an address select.

    ``common`` lies below the access policy (``komek.accounts.policy``), so it reads the prefixes
    the policy reads, from the user, and offers only the units under them.
    """
    prefixes = user.territory_prefixes()
    units = KatoUnit.objects.order_by("code")
    if prefixes is not None:
        units = units.filter(_under(prefixes))
    return [(u.code, f"{NBSP * 2 * (u.level - 1)}{u.name} · {u.code}") for u in units]


def _under(prefixes: list[str]) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(code__startswith=prefix)
    return q


class KatoField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Address (KATO)"))
        super().__init__(choices=BLANK, **kwargs)
