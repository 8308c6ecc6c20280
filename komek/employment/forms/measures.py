"""Forms of the active measures' pages: enrolment, completion, the figures' year and the annual plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.accounts.selectors.territory import kato_choices
from komek.common.forms import DateInput
from komek.employment.choices import Indicator, MeasureKind, MeasureOutcome, TargetGroup
from komek.employment.models import Course, Employer


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
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    days_worked = forms.IntegerField(label=_("Days worked"), min_value=0, initial=0)
    paid_total = forms.IntegerField(label=_("Paid, tenge"), min_value=0, initial=0)
    employed_on = forms.DateField(label=_("Employed on"), widget=DateInput(), required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    kato = forms.ChoiceField(label=_("Territory (KATO)"))
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    target_group = forms.ChoiceField(
        label=_("Target group"), choices=[("", _("Everyone")), *TargetGroup.choices], required=False
    )
    planned = forms.IntegerField(label=_("Planned (people; tenge for money provided)"))
    allocated = forms.IntegerField(
        label=_("Money allocated, tenge"),
        required=False,
        help_text=_("Short-term training for everyone only: the money allocated for the year."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = kato_choices(user)  # type: ignore[attr-defined]
