"""Forms of the jobseekers' pages: registration and the outcome of a referral."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.employment.choices import Education, ReferralOutcome
from komek.employment.forms.occupations import OccupationField
from komek.registry.choices import DocumentType

DOCUMENTS = [
    DocumentType.APPLICATION,
    DocumentType.IDENTITY,
    DocumentType.EMPLOYMENT_RECORD,
    DocumentType.EDUCATION,
]


class JobseekerForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    on = forms.DateField(label=_("Registered on"), widget=DateInput(), initial=timezone.localdate)
    documents = forms.MultipleChoiceField(
        label=_("Documents presented"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(d.value, d.label) for d in DOCUMENTS],
    )
    professions = OccupationField(
        label=_("Professions"),
        multiple=True,
        help_text=_("Occupations by name or code, separated by commas; the list offers the classifier's."),
    )
    education = forms.TypedChoiceField(label=_("Education"), choices=Education.choices, coerce=int, initial=1)
    graduation_year = forms.IntegerField(label=_("Year of graduation"), required=False, min_value=1950)
    experience_years = forms.IntegerField(label=_("Work experience, years"), min_value=0, initial=0)
    desired_wage = forms.IntegerField(label=_("Expected wage, tenge"), min_value=0, initial=0)
    skills = forms.CharField(label=_("Skills"), required=False, max_length=300)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("iin")
        return data


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ReferralOutcome.choices if c[0] != "pending"]
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
