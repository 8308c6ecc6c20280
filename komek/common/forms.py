"""Form widgets and fields shared by every context's pages: dates, months, KATO addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
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


def unit_choices(units: Iterable[KatoUnit]) -> list[tuple[str, str]]:
    """Territorial units as the choices of an address select, indented by level. Which units a
    member of staff may choose is the access policy's answer
    (``komek.accounts.selectors.territory.kato_choices``)."""
    return [(u.code, f"{NBSP * 2 * (u.level - 1)}{u.name} · {u.code}") for u in units]


class KatoField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Address (KATO)"))
        super().__init__(choices=BLANK, **kwargs)
