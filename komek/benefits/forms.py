"""Forms of the assignment pages: suspend, resume, terminate, continue, correct the account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.benefits.choices import SuspensionReason, TerminationReason
from komek.benefits.models import Bank

_DATE = forms.DateInput(attrs={"type": "date"})


def bank_choices() -> list[tuple[str, Any]]:
    """The active banks by name, each with its BIC, read when a form is shown or checked."""
    banks = Bank.objects.filter(active=True).order_by("name").values_list("bic", "name")
    return [("", _("Choose the bank"))] + [(bic, f"{name} ({bic})") for bic, name in banks]


class BankField(forms.ChoiceField):
    """The bank of an account, picked by name from the banks Komek pays through (its BIC the value)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(label=_("Bank"), choices=bank_choices, **kwargs)  # type: ignore[arg-type]


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

    bank_bic = BankField()
    iban = forms.CharField(label=_("IBAN"), max_length=40)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
