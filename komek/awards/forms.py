"""Forms of the award pages: parsing only, the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.awards.choices import Addressee, Decision, Grade

DATE = forms.DateInput(attrs={"type": "date"})


class OpenForm(forms.Form):
    iin = forms.CharField(label=_("IIN of the mother"), max_length=12, min_length=12)
    grade = forms.ChoiceField(label=_("Award"), choices=Grade.choices)
    opened_on = forms.DateField(label=_("Documents prepared on"), widget=DATE)
    children_other = forms.IntegerField(
        label=_("Children not in the registry"), min_value=0, max_value=30, required=False, initial=0
    )
    children_other_reason = forms.CharField(
        label=_("Why the children are not in the registry"), max_length=300, required=False
    )


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Documents sent on"), widget=DATE)
    addressee = forms.ChoiceField(label=_("Sent to"), choices=Addressee.choices)


class DecisionForm(forms.Form):
    decision_on = forms.DateField(label=_("Decision dated"), widget=DATE)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    decree = forms.CharField(label=_("Decree number"), max_length=60, required=False)


class PresentForm(forms.Form):
    presented_on = forms.DateField(label=_("Award presented on"), widget=DATE)


class YearForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=1995, max_value=2100)
