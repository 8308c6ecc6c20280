"""Forms of the assignment pages: suspend, resume, terminate, continue, correct the account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.benefits.choices import SuspensionReason, TerminationReason

_DATE = forms.DateInput(attrs={"type": "date"})


class SuspendForm(forms.Form):
    date_from = forms.DateField(label=_("Suspend from"), widget=_DATE)
    date_to = forms.DateField(label=_("Until (empty: until resumed)"), widget=_DATE, required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=SuspensionReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ResumeForm(forms.Form):
    date_from = forms.DateField(label=_("Resume from"), widget=_DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReassignForm(forms.Form):
    """The next period (TSA: the next quarter) with the same details."""

    period_start = forms.DateField(label=_("New period from"), widget=_DATE)
    period_end = forms.DateField(label=_("New period to"), widget=_DATE)
    monthly_amount = forms.IntegerField(
        label=_("Monthly amount, tenge"), min_value=1, required=False, help_text=_("Empty: the same amount.")
    )
    basis = forms.CharField(label=_("Basis (decision)"), max_length=200)


class TerminateForm(forms.Form):
    date_from = forms.DateField(label=_("Terminate from"), widget=_DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=TerminationReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AccountForm(forms.Form):
    """A corrected bank account: parsed here, checked by ``assignment_account_change``."""

    bank_bic = forms.CharField(label=_("Bank BIC"), max_length=11)
    iban = forms.CharField(label=_("IBAN"), max_length=40)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
