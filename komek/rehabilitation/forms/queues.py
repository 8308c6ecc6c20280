"""Forms of the provision queues: an application, moving an entry, removing it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.rehabilitation import choices


class ApplyForm(forms.Form):
    entitlement = forms.TypedChoiceField(label=_("aid"), coerce=int)
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)

    def __init__(self, *args: Any, entitlements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entitlement"].choices = [(e.pk, e.get_kind_display()) for e in entitlements]  # type: ignore[attr-defined]


class ReorderForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("priority"), choices=choices.Priority.choices, coerce=int)
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
