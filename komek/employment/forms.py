"""Forms of the employment centre's pages; field names match the services' keyword arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.common.forms import DateInput, kato_choices
from komek.employment.codes import (
    Education,
    EmployerSize,
    MeasureKind,
    MeasureOutcome,
    ReferralOutcome,
    Schedule,
)
from komek.employment.models import Course, Employer
from komek.registry.choices import DocumentType

DOCUMENTS = [
    DocumentType.APPLICATION,
    DocumentType.IDENTITY,
    DocumentType.EMPLOYMENT_RECORD,
    DocumentType.EDUCATION,
]


def _today() -> Any:
    return timezone.localdate()


class JobseekerForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    on = forms.DateField(label=_("Registered on"), widget=DateInput(), initial=_today)
    documents = forms.MultipleChoiceField(
        label=_("Documents presented"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(d.value, d.label) for d in DOCUMENTS],
    )
    professions = forms.CharField(
        label=_("Professions"),
        help_text=_("Codes of the classifier of occupations, separated by commas."),
    )
    education = forms.TypedChoiceField(label=_("Education"), choices=Education.choices, coerce=int, initial=1)
    graduation_year = forms.IntegerField(label=_("Year of graduation"), required=False, min_value=1950)
    experience_years = forms.IntegerField(label=_("Work experience, years"), min_value=0, initial=0)
    desired_wage = forms.IntegerField(label=_("Expected wage, tenge"), min_value=0, initial=0)
    skills = forms.CharField(label=_("Skills"), required=False, max_length=300)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("iin")
        data["professions"] = [c.strip() for c in data["professions"].replace(";", ",").split(",")]
        return data


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ReferralOutcome.choices if c[0] != "pending"]
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class EmployerForm(forms.Form):
    bin = forms.CharField(label=_("BIN"), max_length=14)
    name = forms.CharField(label=_("Name"), max_length=250)
    activity = forms.CharField(label=_("Activity"), required=False, max_length=250)
    size = forms.ChoiceField(label=_("Size"), choices=EmployerSize.choices)
    staff = forms.IntegerField(label=_("Staff"), min_value=0, initial=0)
    kato = forms.ChoiceField(label=_("Address (KATO)"))
    street = forms.CharField(label=_("Street, building"), required=False, max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = kato_choices(user)  # type: ignore[attr-defined]


class VacancyForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    occupation = forms.CharField(label=_("Occupation code"), max_length=4)
    title = forms.CharField(label=_("Position"), required=False, max_length=200)
    wage = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=0)
    schedule = forms.ChoiceField(label=_("Schedule"), choices=Schedule.choices)
    kato = forms.ChoiceField(label=_("Place of work (KATO)"))
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput(), initial=_today)
    education = forms.TypedChoiceField(label=_("Education required"), choices=Education.choices, coerce=int)
    experience_years = forms.IntegerField(label=_("Experience required, years"), min_value=0, initial=0)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, initial=1)
    skills = forms.CharField(label=_("Skills"), required=False, max_length=300)
    quota_disabled = forms.BooleanField(label=_("Quota place for a person with disability"), required=False)
    quota_released = forms.BooleanField(
        label=_("Quota place for a person released from prison"), required=False
    )

    def __init__(self, *args: Any, user: User, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = kato_choices(user)  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]


class VacancyImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none(), required=False)
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none(), required=False)
    monthly_wage = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=0, required=False)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0, required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=300)

    def __init__(self, *args: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["course"].queryset = Course.objects.select_related("provider")  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("iin")
        data["monthly_wage"] = data["monthly_wage"] or 0
        data["amount"] = data["amount"] or 0
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100, required=False)


class MeasureCompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in MeasureOutcome.choices if c[0] != MeasureOutcome.IN_PROGRESS]
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=_today)
    days_worked = forms.IntegerField(label=_("Days worked"), min_value=0, initial=0)
    paid_total = forms.IntegerField(label=_("Paid, tenge"), min_value=0, initial=0)
    employed_on = forms.DateField(label=_("Employed on"), widget=DateInput(), required=False)
