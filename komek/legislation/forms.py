"""Forms of the rules pages: the shape of the input. The engine checks the rest (in the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.accounts.selectors.territory import kato_choices
from komek.common.forms import BLANK, DateInput, MonthField
from komek.legislation.services.decisions import ConditionSpec, ProgrammeSpec
from komek.rules.programmes import PERIODICITIES

PERIODICITY_CHOICES = [
    ("month", _("Monthly")),
    ("quarter", _("Quarterly")),
    ("half-year", _("Twice a year")),
    ("once", _("Once")),
]
assert {c for c, _label in PERIODICITY_CHOICES} == set(PERIODICITIES)
ENTITY_CHOICES = [("family", _("A family")), ("person", _("A person"))]
EXPRESSION = forms.TextInput(attrs={"class": "mono", "autocomplete": "off", "spellcheck": "false"})


class DateForm(forms.Form):
    on = forms.DateField(label=_("On"), required=False, widget=DateInput())

    def day(self, default: dt.date) -> dt.date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or default


class ParameterValueForm(forms.Form):
    name = forms.CharField(
        label=_("Parameter"),
        max_length=80,
        widget=forms.TextInput(attrs={"list": "parameter-names", "class": "mono"}),
    )
    new = forms.BooleanField(label=_("New parameter"), required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6)
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), help_text=_("Empty when open.")
    )
    kato = forms.ChoiceField(label=_("Region"), required=False, help_text=_("Empty: the whole country."))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=40,
        required=False,
        help_text=_("Only for a value with a special use, e.g. fines."),
    )
    reference = forms.CharField(label=_("Legal reference"), max_length=500)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = BLANK + kato_choices(user)  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """A council decision: the programme's header; its conditions are ``ConditionRowForm`` rows."""

    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("e.g. balkhash.heating_aid"),
        widget=forms.TextInput(attrs={"class": "mono"}),
    )
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    legal_basis = forms.CharField(
        label=_("Decision"), max_length=500, help_text=_("The council's decision: date, number, title.")
    )
    kato = forms.ChoiceField(label=_("Council's territory"), required=False)
    valid_from = forms.DateField(label=_("In force from"), widget=DateInput())
    valid_to = forms.DateField(label=_("In force to"), required=False, widget=DateInput())
    periodicity = forms.ChoiceField(label=_("Paid"), choices=PERIODICITY_CHOICES)
    assignment_term_months = forms.IntegerField(
        label=_("Assigned for, months"),
        required=False,
        help_text=_(
            "The term of an assignment when a case is decided; empty: the months one payment covers."
        ),
    )
    entity = forms.ChoiceField(label=_("For"), choices=ENTITY_CHOICES)
    commission = forms.BooleanField(label=_("The commission decides each case"), required=False)
    amount = forms.CharField(
        label=_("Amount"), max_length=2000, widget=EXPRESSION, help_text=_("e.g. 10 * mci")
    )
    kind = forms.CharField(label=_("Kind"), max_length=2000, required=False, widget=EXPRESSION)
    limit = forms.CharField(
        label=_("Upper limit of the amount"), max_length=2000, required=False, widget=EXPRESSION
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = BLANK + kato_choices(user)  # type: ignore[attr-defined]


class ConditionRowForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64, widget=forms.TextInput(attrs={"class": "mono"}))
    expression = forms.CharField(label=_("Condition"), max_length=2000, widget=EXPRESSION)
    label_kk = forms.CharField(label=_("In Kazakh"), max_length=500)
    label_ru = forms.CharField(label=_("In Russian"), max_length=500)
    label_en = forms.CharField(label=_("In English"), max_length=500)

    def spec(self) -> ConditionSpec:
        data = self.cleaned_data
        return ConditionSpec(
            name=data["name"].strip(),
            expression=data["expression"],
            label={lang: data[f"label_{lang}"] for lang in ("kk", "ru", "en")},
        )


ROW_FIELDS = ("name", "expression", "label_kk", "label_ru", "label_en")


def condition_rows(data: Any | None) -> list[ConditionRowForm]:
    """One form per submitted condition row (rows left empty are dropped); one empty row to start."""
    if data is None:
        return [ConditionRowForm()]
    columns = {f: data.getlist(f"condition_{f}") for f in ROW_FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(count):
        values = {f: (columns[f][i] if i < len(columns[f]) else "") for f in ROW_FIELDS}
        if any(v.strip() for v in values.values()):
            rows.append(ConditionRowForm(values))
    return rows


def decision_spec(form: DecisionForm, rows: list[ConditionRowForm]) -> ProgrammeSpec:
    data = form.cleaned_data
    return ProgrammeSpec(
        code=data["code"].strip(),
        title={lang: data[f"title_{lang}"].strip() for lang in ("kk", "ru", "en")},
        legal_basis=data["legal_basis"],
        kato=data["kato"],
        valid_from=data["valid_from"],
        valid_to=data["valid_to"],
        periodicity=data["periodicity"],
        assignment_term_months=data["assignment_term_months"],
        entity=data["entity"],
        commission=data["commission"],
        conditions=tuple(row.spec() for row in rows),
        amount=data["amount"],
        kind=data["kind"],
        limit=data["limit"],
    )


class RetireForm(forms.Form):
    effective_from = forms.DateField(
        label=_("No longer in force from"),
        widget=DateInput(),
        help_text=_("Its first day, when the decision was entered in error."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class SimulationForm(forms.Form):
    reform = forms.ChoiceField(label=_("Reform"), required=False)
    upload = forms.FileField(label=_("Or upload a reform (YAML)"), required=False)
    kato = forms.ChoiceField(label=_("Territory"))
    month = MonthField(label=_("Month"))

    def __init__(
        self, *args: Any, reforms: list[tuple[str, str]], units: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reform"].choices = BLANK + reforms  # type: ignore[attr-defined]
        self.fields["kato"].choices = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("reform") and not data.get("upload"):
            self.add_error("reform", _("Choose a reform or upload one."))
        return data
