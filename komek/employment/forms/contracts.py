"""Forms of the social-contract pages: the contract, its activation plan rows, monitoring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.employment.choices import MeasureKind
from komek.employment.models import Participation


class ContractForm(forms.Form):
    family_id = forms.IntegerField(label=_("Family number"), required=False, min_value=1)
    head_iin = forms.CharField(label=_("IIN of the head of the family"), required=False, max_length=12)
    number = forms.CharField(label=_("Contract number"), max_length=40)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput(), initial=timezone.localdate)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput())
    assignment_id = forms.IntegerField(label=_("Conditional TSA assignment No."), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("family_id") and not (data.get("head_iin") or "").strip():
            self.add_error("family_id", _("Give the family number or the IIN of its head."))
        return data


MEASURE_CHOICES = [*MeasureKind.choices, ("job", _("Job"))]


class ObligationForm(forms.Form):
    iin = forms.CharField(label=_("IIN of the member"), min_length=12, max_length=12)
    measure = forms.ChoiceField(label=_("Measure"), choices=MEASURE_CHOICES)
    due_by = forms.DateField(label=_("Due by"), widget=DateInput())


ObligationFormSet = forms.formset_factory(ObligationForm, extra=3, min_num=1, validate_min=True)


class FulfilmentForm(forms.Form):
    participation = forms.ModelChoiceField(
        label=_("Participation that proves it"), queryset=Participation.objects.none(), required=False
    )
    on = forms.DateField(label=_("Checked on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, participations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participations


class RefusalForm(forms.Form):
    on = forms.DateField(label=_("Refused on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("What was offered and refused"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
