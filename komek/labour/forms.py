"""Forms of the labour pages: parsing only, the services check every rule (the BIN's check digit,
more released than staff, a fine without a violation, a repayment above the arrear)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.forms import TerritoryForm
from komek.common.forms import DateInput
from komek.labour.choices import SURVEY_FIELDS, FineStatus, InspectionKind

DATE = DateInput()  # the browser's date field, its value in ISO form


def _count(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=required)


class EnterpriseForm(TerritoryForm):
    prefix = "enterprise"
    bin = forms.CharField(label=_("BIN"), max_length=14)
    name = forms.CharField(label=_("Name"), max_length=250)
    staff = _count(_("Staff"))


class SurveyForm(forms.Form):
    prefix = "survey"
    month = forms.DateField(label=_("Month (any day of it)"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, label in SURVEY_FIELDS:
            self.fields[field] = _count(label, required=field == "staff")


class MemorandumForm(forms.Form):
    prefix = "memorandum"
    signed = forms.DateField(label=_("Signed on"), widget=DATE)
    workers = forms.IntegerField(label=_("Workers covered"), min_value=1)


class RoadMapForm(forms.Form):
    prefix = "roadmap"
    number = forms.CharField(label=_("Number"), max_length=40)
    signed = forms.DateField(label=_("Signed on"), widget=DATE)


class InspectionForm(forms.Form):
    prefix = "inspection"
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    violations = forms.CharField(
        label=_("Violations: articles of the Labour Code, separated by commas"),
        max_length=400,
        required=False,
    )
    orders = _count(_("Orders issued"))
    fine_article = forms.CharField(
        label=_("Fine: article of the Code of Administrative Offences"), max_length=40, required=False
    )
    fine_amount = forms.IntegerField(label=_("Fine, tenge"), min_value=1, required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        article, amount = data.pop("fine_article"), data.pop("fine_amount")
        data["fines"] = [{"article": article, "amount": amount}] if article or amount else []
        return data


class FineForm(forms.Form):
    prefix = "fine"
    fine_id = forms.TypedChoiceField(label=_("Fine"), coerce=int, choices=())
    status = forms.ChoiceField(
        label=_("Execution"), choices=[c for c in FineStatus.choices if c[0] != "imposed"]
    )
    on = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args: Any, fines: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fine_id"].choices = [(f.pk, f"{f.article} · {f.amount} ₸") for f in fines]  # type: ignore[attr-defined]


class ArrearForm(forms.Form):
    prefix = "arrear"
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DATE)
    workers = forms.IntegerField(label=_("Workers owed"), min_value=1)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=1)
    bankrupt = forms.BooleanField(label=_("Bankrupt"), required=False)


class RepaymentForm(forms.Form):
    prefix = "repayment"
    arrear_id = forms.TypedChoiceField(label=_("Wage arrear"), coerce=int, choices=())
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=1)

    def __init__(self, *args: Any, arrears: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arrear_id"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.recorded_on:%d.%m.%Y} · {a.amount} ₸") for a in arrears
        ]


class AccidentForm(forms.Form):
    prefix = "accident"
    date = forms.DateField(label=_("Date"), widget=DATE)
    light = _count(_("Light injuries"))
    severe = _count(_("Severe injuries"))
    fatal = _count(_("Fatal"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AgreementForm(forms.Form):
    prefix = "agreement"
    number = forms.CharField(label=_("Number"), max_length=40)
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    workers = forms.IntegerField(label=_("Workers covered"), min_value=1)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX workbook of monthly surveys"))


def _thousands(label: Any, *, required: bool = True) -> forms.CharField:
    """Thousands of persons as the bulletin prints them ("1 008,5"): the service reads and checks them."""
    return forms.CharField(
        label=label, max_length=14, required=required, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )


QUARTERS = [(q, str(q)) for q in (1, 2, 3, 4)]


class LabourForceForm(TerritoryForm):
    """The labour force of a quarter as the statistics body published it."""

    prefix = "statistics"
    year = forms.IntegerField(label=_("Year"), min_value=1992, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    labour_force = _thousands(_("Labour force, thousand persons"))
    employed = _thousands(_("Employed, thousand persons"))
    self_employed = _thousands(_("Self-employed, thousand persons (if published)"), required=False)
    unemployed = _thousands(_("Unemployed, thousand persons"))
    source_title = forms.CharField(label=_("Publication of the statistics body"), max_length=250)
    source_number = forms.CharField(label=_("Its number"), max_length=60, required=False)
    published_on = forms.DateField(label=_("Published on"), widget=DATE)


MONTHS = [
    (0, _("The whole year")),
    *[(m, f"{m:02d}") for m in range(1, 13)],
]


class EspForm(TerritoryForm):
    """The single aggregate payment of a month or a year as the state revenue body reported it."""

    prefix = "esp"
    year = forms.IntegerField(label=_("Year"), min_value=1992, max_value=2100)
    month = forms.TypedChoiceField(label=_("Period"), choices=MONTHS, coerce=int)
    payers = forms.IntegerField(label=_("Persons who paid"), min_value=0)
    payments = forms.IntegerField(label=_("Payments made"), min_value=0)
    amount = forms.IntegerField(label=_("Amount paid, tenge (if given)"), min_value=0, required=False)
    source_title = forms.CharField(label=_("Source: the state revenue body's letter or file"), max_length=250)
    source_number = forms.CharField(label=_("Its number"), max_length=60, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)


class StatisticsImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX workbook or CSV of the statistics body's table"))
