"""Forms of supply: suppliers, contracts, deliveries and sanatorium vouchers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.rehabilitation import choices


class SupplierForm(forms.Form):
    bin = forms.CharField(label=_("BIN"), max_length=12)
    name = forms.CharField(label=_("name"), max_length=200)
    kinds = forms.MultipleChoiceField(
        label=_("aid kinds"), choices=choices.AidKind.choices, widget=forms.CheckboxSelectMultiple
    )


class ContractForm(forms.Form):
    supplier = forms.TypedChoiceField(label=_("supplier"), coerce=int)
    number = forms.CharField(label=_("contract number"), max_length=40)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    signed_on = forms.DateField(label=_("signed on"), widget=DateInput)
    kind = forms.ChoiceField(label=_("aid"), choices=choices.AidKind.choices)
    item = forms.CharField(label=_("item"), max_length=200)
    unit_price = forms.IntegerField(label=_("unit price, tenge"), min_value=1)
    quantity = forms.IntegerField(label=_("contracted quantity"), min_value=1)

    def __init__(self, *args: Any, suppliers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [(s.pk, f"{s.name} ({s.bin})") for s in suppliers]  # type: ignore[attr-defined]


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("delivered on"), widget=DateInput)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1)
    document = forms.CharField(label=_("waybill"), max_length=60, required=False)


class VoucherForm(forms.Form):
    sanatorium = forms.CharField(label=_("sanatorium"), max_length=200)
    starts_on = forms.DateField(label=_("stay from"), widget=DateInput)
    ends_on = forms.DateField(label=_("stay to"), widget=DateInput)
    price = forms.IntegerField(label=_("price, tenge"), min_value=1)
    numbers = forms.CharField(label=_("voucher numbers"), help_text=_("Separated by spaces or commas."))


class VoucherAssignForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("person in the queue"), coerce=int)

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [  # type: ignore[attr-defined]
            (r.entry_id, f"{r.position}. {r.full_name} ({r.applied_on:%d.%m.%Y})") for r in rows
        ]
