"""Forms of the barrier-free pages: parsing only, the services check every rule. Territories are
picked by name among the user's own units."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.barrier_free.choices import Finding, ObjectKind
from komek.common.forms import DateInput

DATE = DateInput()  # the browser's date field, its value in ISO form


class ObjectForm(TerritoryForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ObjectKind.choices)
    address = forms.CharField(label=_("Address"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)


class CertifyForm(forms.Form):
    date = forms.DateField(label=_("Date of certification"), widget=DATE)
    finding = forms.ChoiceField(label=_("Conclusion"), choices=Finding.choices)
    findings = forms.CharField(
        label=_("Findings"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdaptForm(forms.Form):
    works = forms.CharField(label=_("Works done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    started = forms.DateField(label=_("Works started"), widget=DATE)
    finished = forms.DateField(label=_("Works finished"), widget=DATE)
    cost = forms.IntegerField(label=_("Cost, tenge"), min_value=0, required=False)


class PlanForm(TerritoryForm):
    year = forms.IntegerField(label=_("Year"))
    to_certify = forms.IntegerField(label=_("Objects to certify"), min_value=0)
    to_adapt = forms.IntegerField(label=_("Objects to adapt"), min_value=0)
    indicator = forms.DecimalField(
        label=_("Target indicator, %"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False)


class ListFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            ("uncertified", _("Not certified")),
            ("accessible", _("Accessible")),
            ("to_adapt", _("To adapt")),
            ("adapted", _("Adapted")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *ObjectKind.choices])
