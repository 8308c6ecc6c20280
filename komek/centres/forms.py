"""Forms of the centres' pages: parsing only, the services check every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.centres.choices import CentreKind, EventKind, ServiceKind
from komek.common.models import KatoUnit

DATE = forms.DateInput(attrs={"type": "date"})


class CentreForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    kind = forms.ChoiceField(label=_("Kind"), choices=CentreKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = KatoUnit.objects.filter(policy.territory_q(actor, "code")).order_by("code")
        self.fields["kato"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]


class RegisterForm(forms.Form):
    prefix = "register"  # three forms on one page: their fields' ids differ
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    date = forms.DateField(label=_("Registered on"), widget=DATE, initial=timezone.localdate)


class ServiceForm(forms.Form):
    prefix = "service"
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    online = forms.BooleanField(label=_("Online"), required=False)


class EventForm(forms.Form):
    prefix = "event"
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    participants = forms.IntegerField(label=_("Participants"), min_value=1)
    online = forms.BooleanField(label=_("Online"), required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)
