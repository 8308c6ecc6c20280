"""Forms of a person's rehabilitation: the IIN search, the IPR, an issue, hours, the IPR import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.rehabilitation import choices


class IinForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)


class IprForm(forms.Form):
    """The IPR's header and one row per aid kind: a row with a quantity or hours is an entitlement."""

    number = forms.CharField(label=_("IPR number"), max_length=40)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput)
    valid_from = forms.DateField(label=_("valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("valid to"), widget=DateInput, required=False)
    applied_on = forms.DateField(
        label=_("application date"),
        widget=DateInput,
        required=False,
        help_text=_("With a date the person enters the queue of every listed aid that has one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in choices.AidKind:
            k = kind.value
            self.fields[f"{k}__on"] = forms.BooleanField(label=kind.label, required=False)
            self.fields[f"{k}__item"] = forms.CharField(label=_("item"), max_length=200, required=False)
            self.fields[f"{k}__quantity"] = forms.IntegerField(
                label=_("quantity"), min_value=1, required=False
            )
            if k == choices.AidKind.HYGIENE:
                self.fields[f"{k}__norm"] = forms.IntegerField(
                    label=_("monthly norm"), min_value=1, required=False
                )
            if k in choices.HOURS_KINDS:
                self.fields[f"{k}__hours"] = forms.IntegerField(
                    label=_("hours a year"), min_value=1, required=False
                )
            self.fields[f"{k}__valid_to"] = forms.DateField(
                label=_("valid to"), widget=DateInput, required=False
            )
            # Each cell is named for screen readers: "Wheelchair: quantity".
            for part in ("item", "quantity", "norm", "hours", "valid_to"):
                if f"{k}__{part}" in self.fields:
                    cell = self.fields[f"{k}__{part}"]
                    cell.widget.attrs["aria-label"] = format_lazy("{}: {}", kind.label, cell.label)

    def aid_rows(self) -> list[dict[str, Any]]:
        rows = []
        for kind in choices.AidKind:
            k = kind.value
            rows.append(
                {
                    "kind": kind,
                    "on": self[f"{k}__on"],
                    "item": self[f"{k}__item"],
                    "quantity": self[f"{k}__quantity"],
                    "norm": self[f"{k}__norm"] if f"{k}__norm" in self.fields else None,
                    "hours": self[f"{k}__hours"] if f"{k}__hours" in self.fields else None,
                    "valid_to": self[f"{k}__valid_to"],
                }
            )
        return rows

    def provisions(self) -> list[Any]:
        from komek.rehabilitation.services.ipr import ProvisionInput

        data = self.cleaned_data
        return [
            ProvisionInput(
                kind=kind.value,
                item=data.get(f"{kind.value}__item") or "",
                quantity=data.get(f"{kind.value}__quantity") or 1,
                monthly_norm=data.get(f"{kind.value}__norm"),
                hours_per_year=data.get(f"{kind.value}__hours"),
                valid_to=data.get(f"{kind.value}__valid_to"),
            )
            for kind in choices.AidKind
            if data.get(f"{kind.value}__on")
        ]


class IssueForm(forms.Form):
    line = forms.TypedChoiceField(label=_("contract line"), coerce=int)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    serial_number = forms.CharField(label=_("serial number"), max_length=60, required=False)
    receipt_signed = forms.BooleanField(label=_("The person signed the receipt"), required=False)

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [  # type: ignore[attr-defined]
            (line.pk, f"{line.get_kind_display()}: {line.item} · {line.contract.number} "
                      f"({line.delivered - line.issued})")
            for line in lines
        ]  # fmt: skip


class HoursForm(forms.Form):
    entitlement = forms.TypedChoiceField(label=_("service"), coerce=int)
    month = forms.DateField(
        label=_("month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )
    planned = forms.IntegerField(label=_("hours planned"), min_value=0)
    given = forms.IntegerField(label=_("hours given"), min_value=0)

    def __init__(self, *args: Any, entitlements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entitlement"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.get_kind_display()} ({e.hours_per_year})") for e in entitlements
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or JSON)"))
    valid_rows_in = forms.BooleanField(
        label=_("Import the valid IPRs and report the others"),
        required=False,
        help_text=_("Unticked: one error anywhere and nothing is imported."),
    )
