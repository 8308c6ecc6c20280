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


class QueueFilter(forms.Form):
    """A queue narrowed to a district, and the search for where a person waits in it."""

    q = forms.CharField(label=_("Find a person (IIN or name)"), max_length=100, required=False)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, districts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All")), *districts]  # type: ignore[attr-defined]
