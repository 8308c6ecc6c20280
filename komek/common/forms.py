"""The audit log's filter form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.common.models import AuditAction
from komek.common.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person (IIN or number)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "title": _("12 digits: an IIN; fewer: the person's number in Komek."),
            }
        ),
    )
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + AuditAction.choices
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_person(self) -> str:
        value: str = self.cleaned_data["person"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("Enter an IIN (12 digits) or a person's number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        person = data.get("person") or ""
        return AuditFilter(
            person_id=int(person) if person and len(person) < 12 else None,
            person_iin=person if len(person) == 12 else "",
            username=(data.get("username") or "").strip(),
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class DateInput(forms.DateInput):
    """A date picker (``<input type="date">``) exchanging ISO dates with the browser."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """A month picker (``<input type="month">``)."""

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
        return day.replace(day=1) if day else None
