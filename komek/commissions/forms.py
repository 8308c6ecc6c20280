from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komek.commissions.choices import Choice


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kato = forms.ChoiceField(label=_("Territory"))
    quorum = forms.IntegerField(label=_("Quorum"), min_value=1, initial=1)
    members = forms.MultipleChoiceField(
        label=pgettext_lazy("commission", "Members"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, units: list[Any], voters: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = [(u.code, u.name) for u in units]
        cast(forms.ChoiceField, self.fields["members"]).choices = [
            (str(u.pk), u.get_full_name() or u.username) for u in voters
        ]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=Choice.choices)


class AmountForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0)
