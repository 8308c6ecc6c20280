"""Forms of the job-creation pages: parsing only; the services check every rule (the BIN's check
digit, the years of a project, the young no more than the hired, the employed no more than those
who applied, a file's rows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.common.forms import DateInput
from komek.employment.choices import JobKind, JobPlanIndicator, WorkKind
from komek.employment.sources import source_choices

DATE = DateInput()


def _count(label: Any, *, minimum: int = 0, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=minimum, required=required)


class ProjectForm(TerritoryForm):
    prefix = "project"
    title = forms.CharField(label=_("Object"), max_length=250)
    work_kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    employer_bin = forms.CharField(
        label=_("Contractor's BIN (an employer of the centre)"), max_length=14, required=False
    )
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    allocated = _count(_("Allocated, tenge"), minimum=1)
    jobs_planned = _count(_("New jobs planned"), minimum=1)
    centre_share = forms.IntegerField(
        label=_("Hires through the centre, % of the jobs"), min_value=0, max_value=100, initial=50
    )


class ProjectJobsForm(forms.Form):
    prefix = "jobs"
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    jobs = _count(_("New jobs created"), minimum=1)


class ProjectHireForm(forms.Form):
    """Hires through the centre: a referral on which a jobseeker was hired by the contractor, or a
    contractor's report of several persons with the young among them and their wages' total."""

    prefix = "hire"
    referral_id = forms.TypedChoiceField(
        label=_("Referral on which the jobseeker was hired"), coerce=int, required=False, empty_value=None
    )
    hired_on = forms.DateField(label=_("Hired on"), widget=DATE)
    persons = _count(_("Persons hired"), minimum=1, required=False)
    youth = _count(_("Of them young (14–34)"), required=False)
    wage_total = _count(_("Their monthly wages, total, tenge"), required=False)

    def __init__(self, *args: Any, referrals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_id"].choices = [  # type: ignore[attr-defined]
            ("", _("— a report of several persons —")),
            *[
                (r.pk, f"{r.jobseeker.person} — {r.vacancy.title}, {r.outcome_on:%d.%m.%Y}")
                for r in referrals
            ],
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("referral_id"):
            return {"referral_id": data["referral_id"], "hired_on": data["hired_on"]}
        data.pop("referral_id", None)
        return {
            "hired_on": data["hired_on"],
            "persons": data.get("persons") or 0,
            "youth": data.get("youth") or 0,
            "wage_total": data.get("wage_total") or 0,
        }


class JobCreationForm(TerritoryForm):
    prefix = "created"
    bin = forms.CharField(label=_("BIN of the enterprise"), max_length=14)
    enterprise = forms.CharField(
        label=_("Enterprise (when not an employer of the centre)"), max_length=250, required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=())
    kind = forms.ChoiceField(label=_("Jobs"), choices=JobKind.choices)
    created_on = forms.DateField(label=_("Created on"), widget=DATE)
    jobs = _count(_("Number of jobs"), minimum=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()  # type: ignore[attr-defined]


class JobPlanForm(TerritoryForm):
    prefix = "plan"
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=JobPlanIndicator.choices)
    planned = _count(_("Planned"))


class ExchangeImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("File"),
        choices=[
            ("vacancies", _("Vacancies of the exchange")),
            ("applicants", _("Applicants of the exchange")),
        ],
    )
    file = forms.FileField(label=_("XLSX or CSV file"))


class AgencyForm(TerritoryForm):
    prefix = "agency"
    bin = forms.CharField(label=_("BIN"), max_length=14)
    name = forms.CharField(label=_("Name"), max_length=250)
    registered_on = forms.DateField(label=_("Notified on"), widget=DATE)


class AgencyReportForm(forms.Form):
    prefix = "report"
    period_from = forms.DateField(label=_("From"), widget=DATE)
    period_to = forms.DateField(label=_("To"), widget=DATE)
    applied = _count(_("Persons who applied"))
    employed = _count(_("Persons employed"))
