"""Forms of the veterans' pages: parsing only, the services check every rule. Territories are picked
by name among the user's own units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.common.forms import DateInput
from komek.veterans.choices import Category, Occasion

DATE = DateInput()  # the browser's date field, its value in ISO form


class VeteranForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PatronageForm(forms.Form):
    patron = forms.CharField(label=_("Patron organisation"), max_length=200)
    patron_bin = forms.CharField(label=_("BIN"), max_length=12, required=False)
    started = forms.DateField(label=_("From"), widget=DATE)


class PatronageEndForm(forms.Form):
    ended = forms.DateField(label=_("Until"), widget=DATE)


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    visitors = forms.CharField(label=_("Who visited"), max_length=300)
    gift = forms.CharField(label=_("Gift"), max_length=300, required=False)
    gift_value = forms.IntegerField(label=_("Gift's value, tenge"), min_value=0, required=False)


class ExemptionForm(forms.Form):
    memorandum_id = forms.TypedChoiceField(label=_("Memorandum"), coerce=int, choices=())
    started = forms.DateField(label=_("From"), widget=DATE)
    ended = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def __init__(self, *args: Any, memoranda: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["memorandum_id"].choices = [(m.pk, str(m)) for m in memoranda]  # type: ignore[attr-defined]


class MemorandumForm(TerritoryForm):
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    signed = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    terms = forms.CharField(label=_("Terms"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class EventForm(TerritoryForm):
    date = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    covered = forms.IntegerField(label=_("Persons covered"), min_value=1)
    sponsor = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    sponsorship = forms.IntegerField(label=_("Sponsorship, tenge"), min_value=0, required=False)
