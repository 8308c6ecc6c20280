"""Forms of the payroll pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.legislation.titles import programme_titles
from komek.payments.choices import OverpaymentReason

MAX_RETURN_FILE_BYTES = 20 * 1024 * 1024


class PrepareForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}), help_text=_("YYYY-MM")
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Picked by title; the payroll is run for every programme when none is picked.
        titles = sorted(programme_titles().items(), key=lambda item: item[1])
        self.fields["programme"].choices = [("", _("All programmes")), *titles]  # type: ignore[attr-defined]

    def clean_month(self) -> dt.date:
        text = self.cleaned_data["month"].strip()
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None


class ReturnFileForm(forms.Form):
    file = forms.FileField(label=_("Bank return file (CSV: reference,amount,reason)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RETURN_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class OverpaymentForm(forms.Form):
    assignment_id = forms.IntegerField(label=_("Assignment No."), min_value=1)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=1)
    # An overpayment of a recalculation is booked by the recalculation, not typed.
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in OverpaymentReason.choices if c[0] != OverpaymentReason.RECALCULATION],
    )
    detected_on = forms.DateField(label=_("Detected on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
