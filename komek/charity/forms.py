"""Forms of the charity pages: parsing only, the services check every rule. Territories are picked
by name among the user's own units; partners and events among those the user sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.charity.choices import CampaignKind, Item, PartnerKind, TargetGroup
from komek.common.forms import DateInput

DATE = DateInput()  # the browser's date field, its value in ISO form


class PartnerForm(TerritoryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    bin = forms.CharField(label=_("BIN"), max_length=14, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)


class CampaignForm(TerritoryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    started = forms.DateField(label=_("From"), widget=DATE)
    ended = forms.DateField(label=_("Until"), widget=DATE)
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    partners = forms.TypedMultipleChoiceField(label=_("Partners"), coerce=int, choices=(), required=False)
    children_online = forms.IntegerField(label=_("Children covered online"), required=False)
    children_offline = forms.IntegerField(label=_("Children covered in person"), required=False)
    employed = forms.IntegerField(
        label=_("Persons employed (pensioners, persons with disability)"), required=False
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, actor: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["partners"].choices = [(p.pk, p.name) for p in partners]  # type: ignore[attr-defined]


class HelpForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12)
    to_family = forms.BooleanField(label=_("To the person's family"), required=False)
    item = forms.ChoiceField(label=_("What was given"), choices=Item.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), initial=1)
    value = forms.IntegerField(label=_("Estimated value, tenge"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    partner_id = forms.TypedChoiceField(
        label=_("Given by"), coerce=int, choices=(), required=False, empty_value=None
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_id"].choices = [("", "—"), *((p.pk, p.name) for p in partners)]  # type: ignore[attr-defined]


class SponsorshipForm(forms.Form):
    partner_id = forms.TypedChoiceField(
        label=_("Partner"), coerce=int, choices=(), required=False, empty_value=None
    )
    event_id = forms.TypedChoiceField(label=_("Event for veterans"), coerce=int, choices=())
    amount = forms.IntegerField(label=_("Amount, tenge"))

    def __init__(self, *args: Any, partners: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_id"].choices = [("", "—"), *((p.pk, p.name) for p in partners)]  # type: ignore[attr-defined]
        self.fields["event_id"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.date:%d.%m.%Y} · {e.title}") for e in events
        ]
