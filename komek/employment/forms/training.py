"""The form of the regional commission's decision on short-term training's lists (ADR 0062)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.selectors.territory import kato_choices
from komek.common.forms import DateInput


class TrainingListImportForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory (KATO)"))
    year = forms.IntegerField(label=_("Year"))
    number = forms.CharField(label=_("Decision number"), max_length=40)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    file = forms.FileField(label=_("XLSX or CSV file"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = kato_choices(user)  # type: ignore[attr-defined]
