"""Forms of the microfinance pages: parsing only; the services check every rule (the BIN's check
digit, the person in the territory, a decision after its referral with a positive amount, a file's
rows)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.common.forms import DateInput
from komek.employment.choices import MicrocreditDecision

DATE = DateInput()


class OrganisationForm(TerritoryForm):
    prefix = "organisation"
    bin = forms.CharField(label=_("BIN"), max_length=14)
    name = forms.CharField(label=_("Name"), max_length=250)


class MicrocreditReferralForm(forms.Form):
    prefix = "referral"
    iin = forms.CharField(label=_("IIN"), max_length=14)
    referred_on = forms.DateField(label=_("Referred on"), widget=DATE)
    project = forms.CharField(label=_("Project"), max_length=250, required=False)


class MicrocreditDecisionForm(forms.Form):
    prefix = "decision"
    referral_id = forms.IntegerField(label=_("Referral number"), min_value=1)
    decision = forms.ChoiceField(label=_("Decision"), choices=MicrocreditDecision.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0, initial=0)


class DecisionsImportForm(forms.Form):
    prefix = "import"
    file = forms.FileField(label=_("XLSX or CSV file"))
