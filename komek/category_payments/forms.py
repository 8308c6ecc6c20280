"""Forms of the payment-list pages: parsing only, the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 10 * 1024 * 1024


class ListForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=())
    event_date = forms.DateField(label=_("Payment date"), widget=forms.DateInput(attrs={"type": "date"}))
    territory = forms.CharField(label=_("Territory (KATO)"), max_length=9)

    def __init__(self, *args: object, programmes: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class ImportForm(ListForm):
    file = forms.FileField(label=_("File (CSV: iin, amount, iban)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CorrectForm(ReasonForm):
    amount = forms.IntegerField(label=_("Amount, tenge"), required=False, min_value=1)
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=40)


class AddForm(CorrectForm):
    iin = forms.CharField(label=_("IIN"), max_length=12)
