"""Forms of the stays in special social services: parsing only, the services check every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.selectors.territory import territory_names
from komek.common.forms import DateInput
from komek.rehabilitation import choices


class StayAdmitForm(forms.Form):
    """An admission to one service: the provider among the service's centres and projects."""

    provider = forms.ChoiceField(label=_("Centre or NGO's project"), choices=())
    iin = forms.CharField(label=_("IIN"), max_length=12)
    admitted_on = forms.DateField(label=_("admitted on"), widget=DateInput)
    left_on = forms.DateField(
        label=_("left on"), widget=DateInput, required=False, help_text=_("Empty: served now.")
    )
    specialist = forms.TypedChoiceField(
        label=_("responsible specialist"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Required for the crisis centre, early intervention and independent living."),
    )

    def __init__(
        self, *args: Any, providers: list[tuple[str, str]], workers: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        self.fields["specialist"].choices = worker_choices(workers)  # type: ignore[attr-defined]


def worker_choices(workers: list[Any]) -> list[tuple[Any, str]]:
    return [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in workers]


class StayApplyForm(forms.Form):
    """An application: the person waits in the queue of the service from the application date."""

    provider = forms.ChoiceField(label=_("Centre or NGO's project"), choices=())
    iin = forms.CharField(label=_("IIN"), max_length=12)
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]


class QueueAdmitForm(forms.Form):
    admitted_on = forms.DateField(label=_("admitted on"), widget=DateInput)
    specialist = forms.TypedChoiceField(
        label=_("responsible specialist"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialist"].choices = worker_choices(workers)  # type: ignore[attr-defined]


class StayCancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class StayCorrectForm(forms.Form):
    """A stay's dates, provider and specialist corrected, with the reason (all shown filled)."""

    provider = forms.ChoiceField(label=_("Centre or NGO's project"), choices=())
    applied_on = forms.DateField(label=_("application date"), widget=DateInput)
    admitted_on = forms.DateField(label=_("admitted on"), widget=DateInput, required=False)
    left_on = forms.DateField(label=_("left on"), widget=DateInput, required=False)
    specialist = forms.TypedChoiceField(
        label=_("responsible specialist"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(label=_("reason of the correction"), max_length=300)

    def __init__(
        self, *args: Any, providers: list[tuple[str, str]], workers: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        self.fields["specialist"].choices = worker_choices(workers)  # type: ignore[attr-defined]


class StayLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("left on"), widget=DateInput)
    reason = forms.ChoiceField(label=_("reason of leaving"), choices=choices.LeavingReason.choices)


class CentreForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    service = forms.ChoiceField(
        label=_("special social service"),
        choices=[(s, choices.SpecialService(s).label) for s in choices.SERVICE_PROFILE],
    )
    beds = forms.IntegerField(
        label=_("beds"), min_value=1, required=False, help_text=_("Empty: the capacity is not stated.")
    )


class FiguresForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = territory_names(actor)  # type: ignore[attr-defined]
