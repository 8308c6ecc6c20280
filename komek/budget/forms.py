"""Forms of the budget pages: parsing only, the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.budget.choices import BudgetSource

MAX_FILE_BYTES = 10 * 1024 * 1024


class AllocationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    programme = forms.ChoiceField(label=_("Budget programme"), choices=())
    source = forms.ChoiceField(label=_("Source"), choices=BudgetSource.choices)
    territory = forms.CharField(label=_("Department (KATO)"), max_length=9)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0)
    planned_recipients = forms.IntegerField(label=_("Planned recipients"), min_value=0, required=False)

    def __init__(self, *args: object, programmes: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX: year, programme, source, territory, amount, planned_recipients)")
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class AmendForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.CharField(label=_("Decision"), max_length=300)
    amount = forms.IntegerField(label=_("New amount, tenge"), required=False, min_value=0)
    delta = forms.IntegerField(label=_("Or the change, tenge (+/-)"), required=False)


class ExecutionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    territory = forms.CharField(label=_("Department (KATO)"), max_length=9, required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    territory = forms.CharField(label=_("Department (KATO)"), max_length=9)


class PlanRowForm(forms.Form):
    programme = forms.ChoiceField(label=_("Budget programme"), choices=())
    source = forms.ChoiceField(label=_("Source"), choices=BudgetSource.choices)
    # Bounds are the service's: a negative amount reaches it and is refused with its reason.
    amount = forms.IntegerField(label=_("Planned amount, tenge"))
    recipients = forms.IntegerField(label=_("Planned recipients"), required=False)
    note = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args: object, programmes: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class WhatIfForm(forms.Form):
    reform = forms.ChoiceField(label=_("Reform"), choices=())
    month = forms.CharField(label=_("Takes effect (YYYY-MM)"), max_length=7)

    def __init__(self, *args: object, reforms: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reform"].choices = reforms  # type: ignore[attr-defined]
