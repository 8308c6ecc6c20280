"""Forms of special social services: home and day care, placements, social-order projects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.common.forms import DateInput
from komek.rehabilitation import choices
from komek.rehabilitation.models import Institution


class CareEnrolForm(forms.Form):
    setting = forms.ChoiceField(label=_("setting"), choices=choices.CareSetting.choices)
    category = forms.ChoiceField(label=_("category"), choices=choices.CareCategory.choices)
    provider = forms.CharField(label=_("centre or department"), max_length=200)
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)
    started_on = forms.DateField(
        label=_("from"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: the person waits in the queue."),
    )
    social_worker = forms.TypedChoiceField(
        label=_("social worker"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.get_full_name() or u.username) for u in workers
        ]


class CareStartForm(forms.Form):
    started_on = forms.DateField(label=_("from"), widget=DateInput)
    social_worker = forms.TypedChoiceField(
        label=_("social worker"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.get_full_name() or u.username) for u in workers
        ]


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("date"), widget=DateInput)
    minutes = forms.IntegerField(label=_("minutes"), min_value=1)
    services = forms.CharField(label=_("services given"), max_length=300)


class PlacementForm(forms.Form):
    profile = forms.ChoiceField(label=_("profile"), choices=choices.QUEUE_PROFILE_CHOICES)
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)


class AdmitForm(forms.Form):
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(
        label=_("medical-social institution"), queryset=Institution.objects.none()
    )
    on = forms.DateField(label=_("admitted on"), widget=DateInput)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class DepartForm(forms.Form):
    on = forms.DateField(label=_("departed on"), widget=DateInput)
    reason = forms.CharField(label=_("reason of departure"), max_length=200)


class ProjectForm(forms.Form):
    service = forms.ChoiceField(
        label=_("special social service"),
        choices=[("", "—"), *choices.SpecialService.choices],
        required=False,
        help_text=_("A project of a special service admits its persons as stays."),
    )
    title = forms.CharField(label=_("project"), max_length=300)
    provider = forms.CharField(label=_("provider (NGO)"), max_length=200)
    provider_bin = forms.CharField(label=_("BIN"), max_length=12)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    planned_people = forms.IntegerField(label=_("planned people"), min_value=1)
    planned_amount = forms.IntegerField(label=_("planned amount, tenge"), min_value=0)


class ServeForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    on = forms.DateField(label=_("served on"), widget=DateInput)
