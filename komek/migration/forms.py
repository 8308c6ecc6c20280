"""Forms of the migration pages: parsing only, the services check every rule. Territories are picked
by name among the user's own units, countries by name in the user's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts import forms as accounts_forms
from komek.common.forms import DateInput
from komek.migration.choices import LabourCategory, SupportKind, Topic
from komek.migration.countries import country_choices

DATE = DateInput()  # the browser's date field, its value in ISO form


class TerritoryForm(accounts_forms.TerritoryForm):
    """The territory form of the accounts, with the migration's country of origin where a form asks
    for one (never Kazakhstan)."""

    #: The ids of the form's fields; a form below a list's filters has its own, unlike theirs.
    ids = "id_%s"

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", self.ids)
        super().__init__(*args, actor=actor, **kwargs)
        if "country" in self.fields:
            blank = not self.fields["country"].required
            self.fields["country"].choices = country_choices(blank=blank, without=("KZ",))  # type: ignore[attr-defined]


class ConsultationForm(TerritoryForm):
    date = forms.DateField(label=_("Date"), widget=DATE)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    iin = forms.CharField(label=_("IIN, when known"), max_length=12, required=False)
    country = forms.ChoiceField(label=_("Country of residence"), choices=(), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)


class KandasForm(TerritoryForm):
    ids = "kandas_%s"
    iin = forms.CharField(label=_("IIN"), max_length=12)
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DATE)
    country = forms.ChoiceField(label=_("Country of origin"), choices=())
    members = forms.CharField(
        label=_("Family members included (IINs, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].label = _("Region of settlement")

    def clean_members(self) -> list[str]:
        return [
            line for line in str(self.cleaned_data.get("members") or "").replace(",", "\n").split() if line
        ]


class InvitationForm(TerritoryForm):
    inviter = forms.CharField(label=_("IIN of the inviting person"), max_length=12)
    issued = forms.DateField(label=_("Issued on"), widget=DATE)
    relative = forms.CharField(label=_("Relative invited"), max_length=200)
    country = forms.ChoiceField(label=_("Country of residence"), choices=())


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=1)


class PermitForm(TerritoryForm):
    ids = "permit_%s"
    employer = forms.CharField(label=_("Employer"), max_length=200)
    employer_bin = forms.CharField(label=_("Employer's BIN"), max_length=12)
    category = forms.ChoiceField(label=_("Category"), choices=LabourCategory.choices)
    country = forms.ChoiceField(label=_("Country of origin"), choices=())
    workers = forms.IntegerField(label=_("Number of workers"), min_value=1)
    issued = forms.DateField(label=_("Issued on"), widget=DATE)
    term_from = forms.DateField(label=_("Term from"), widget=DATE)
    term_to = forms.DateField(label=_("Term to"), widget=DATE)
    fee = forms.IntegerField(label=_("Fee paid, tenge"), min_value=0, required=False)


class CheckForm(TerritoryForm):
    date = forms.DateField(label=_("Date"), widget=DATE)
    employer = forms.CharField(label=_("Employer"), max_length=200)
    employer_bin = forms.CharField(label=_("Employer's BIN"), max_length=12)
    violations = forms.IntegerField(label=_("Violations found"), min_value=0, required=False)
    findings = forms.CharField(
        label=_("Findings"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
