"""Forms of the Enbek programme's pages (vocational education, youth projects, contests, social
status): parsing only, the services check every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.common.forms import DateInput
from komek.employment.programme_choices import (
    ContestKind,
    Measure,
    TipoCategory,
    TipoStatus,
    YouthOutcome,
    YouthProject,
)

DATE = DateInput()


class TipoPlanForm(TerritoryForm):
    year = forms.IntegerField(label=_("Year"))
    persons = forms.IntegerField(label=_("Persons to enrol"))
    allocated = forms.IntegerField(label=_("Money allocated, tenge"))
    spent = forms.IntegerField(label=_("Money spent, tenge"), required=False)


class TipoEnrolForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12)
    college = forms.CharField(label=_("College"), max_length=200)
    speciality = forms.CharField(label=_("Speciality"), max_length=200)
    started = forms.DateField(label=_("Studying from"), widget=DATE)
    category = forms.ChoiceField(label=_("Target category"), choices=TipoCategory.choices)
    vacant_place = forms.BooleanField(label=_("Onto a vacant place"), required=False)


class TipoStepForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=[c for c in TipoStatus.choices if c[0] != TipoStatus.STUDYING]
    )
    date = forms.DateField(label=_("Date"), widget=DATE)


class YouthForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12)
    project = forms.ChoiceField(label=_("Project"), choices=YouthProject.choices)
    started = forms.DateField(label=_("From"), widget=DATE)
    ended = forms.DateField(label=_("Until"), widget=DATE, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=YouthOutcome.choices)


class ContestForm(TerritoryForm):
    kind = forms.ChoiceField(label=_("Contest"), choices=ContestKind.choices)
    year = forms.IntegerField(label=_("Year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    nominations = forms.CharField(
        label=_("Nominations, one a line: the title; the number of winners"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_nominations(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["nominations"].splitlines() if line.strip()]
        parsed = []
        for line in lines:
            title, _sep, allowed = line.rpartition(";")
            if not title.strip():
                raise forms.ValidationError(_("Write each nomination as: the title; the number of winners."))
            parsed.append((title.strip(), allowed.strip()))
        return parsed


class EntryForm(forms.Form):
    nomination_id = forms.TypedChoiceField(label=_("Nomination"), coerce=int, choices=())
    iin = forms.CharField(label=_("Participant's IIN"), max_length=12, required=False)
    enterprise = forms.CharField(label=_("or the enterprise"), max_length=200, required=False)
    bin = forms.CharField(label=_("and its BIN"), max_length=14, required=False)
    applied = forms.DateField(label=_("Applied on"), widget=DATE)

    def __init__(self, *args: Any, nominations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination_id"].choices = [(n.pk, n.title) for n in nominations]  # type: ignore[attr-defined]


class WinnersForm(forms.Form):
    entry_ids = forms.TypedMultipleChoiceField(label=_("Winners"), coerce=int, choices=())

    def __init__(self, *args: Any, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry_ids"].choices = list(entries)  # type: ignore[attr-defined]


class StatusImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"))


class ConfirmForm(forms.Form):
    date = forms.DateField(label=_("Status confirmed on"), widget=DATE)


class InvolveForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
