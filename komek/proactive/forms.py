"""Forms of the proactive pages: parsing only, the services check every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.selectors.territory import territory_names
from komek.common.forms import DateInput, MonthInput
from komek.proactive.choices import ItemKind, ItemStatus

DATE = DateInput()  # the browser's date field, its value in ISO form
MONTH = MonthInput()


class ListFilter(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), required=False, choices=())
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *ItemKind.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            *ItemStatus.choices,
            ("expired", _("Offer expired")),
            ("assigned", _("Assigned")),
        ],
    )
    kato = forms.ChoiceField(label=_("Territory"), required=False, choices=())

    def __init__(self, *args: Any, actor: Any, programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("Any")), *programmes]  # type: ignore[attr-defined]
        self.fields["kato"].choices = [("", _("Any")), *territory_names(actor)]  # type: ignore[attr-defined]


class ScanForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    month = forms.CharField(label=_("Month"), max_length=7, widget=MONTH, help_text=_("YYYY-MM"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = territory_names(actor)  # type: ignore[attr-defined]


class OfferForm(forms.Form):
    expires = forms.DateField(label=_("Offer valid until"), widget=DATE, required=False)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    confirm = forms.BooleanField(label=_("The family's consent was received (by SMS or in person)"))
