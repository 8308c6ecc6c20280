"""The portal's forms: parsing only; the services check every rule."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _


class IinForm(forms.Form):
    iin = forms.RegexField(
        label=_("Your IIN"), regex=r"^\d{12}$", max_length=12,
        error_messages={"invalid": _("The IIN is twelve digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )  # fmt: skip


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the message"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )  # fmt: skip


class ApplyForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Documents I attach"), required=False, widget=forms.CheckboxSelectMultiple
    )
    bank_bic = forms.CharField(label=_("Bank BIC"), max_length=11, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=34, required=False)

    def __init__(self, *args: Any, documents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["documents"]).choices = documents


class ContactsForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    street = forms.CharField(label=_("Street, house, flat"), max_length=200, required=False)
