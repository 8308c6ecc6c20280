"""Forms of the employers' pages: employers, their agreements, vacancies and their import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.accounts.selectors.territory import kato_choices
from komek.common.forms import DateInput
from komek.employment.choices import AgreementKind, Education, EmployerSize, Schedule
from komek.employment.forms.occupations import OccupationField
from komek.employment.models import Employer


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


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of agreement"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Agreement number"), max_length=40)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput(), initial=timezone.localdate)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), initial=timezone.localdate)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)
    places = forms.IntegerField(label=_("Places or quota"), min_value=0, initial=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VacancyForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    occupation = OccupationField(label=_("Occupation"))
    title = forms.CharField(label=_("Position"), required=False, max_length=200)
    wage = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=0)
    schedule = forms.ChoiceField(label=_("Schedule"), choices=Schedule.choices)
    kato = forms.ChoiceField(label=_("Place of work (KATO)"))
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput(), initial=timezone.localdate)
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
