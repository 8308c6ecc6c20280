"""Forms of the state services' pages: intake, verification, decision, documents, appeals."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.applications.choices import CASE_DECISIONS, Channel, Decision, Language
from komek.applications.models import Application, RefusalReason, Service
from komek.benefits.forms import BankField
from komek.common.forms import MonthField
from komek.rules.housing import SERVICES as HOUSING_SERVICES
from komek.rules.population import CIRCUMSTANCES

CIRCUMSTANCE_LABELS = {
    "difficult_life_situation": _("Difficult life situation"),
    "fire_damage": _("Damage from a fire"),
    "natural_disaster": _("Damage from a natural disaster"),
    "member_died_in_disaster": _("A member died in a fire or natural disaster"),
    "meters_installation": _("Installation of water or gas meters"),
    "gas_connection": _("Gas connection of the house"),
    "holiday_payment": _("Holiday payment"),
}


def _document_choices(service: Service) -> list[tuple[str, str]]:
    return [
        (d.code, d.name + ("" if d.required else " (" + str(_("optional")) + ")"))
        for d in service.documents.all()
    ]


class IntakeForm(forms.Form):
    applicant_iin = forms.RegexField(
        label=_("Applicant's IIN"), regex=r"^\s*\d{12}\s*$", error_messages={"invalid": _("12 digits.")}
    )
    channel = forms.ChoiceField(label=_("Channel"))
    documents = forms.MultipleChoiceField(
        label=_("Documents presented"), widget=forms.CheckboxSelectMultiple, required=False
    )
    circumstances = forms.MultipleChoiceField(
        label=_("Circumstances stated"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[(c, CIRCUMSTANCE_LABELS.get(c, c)) for c in CIRCUMSTANCES],
    )
    housing_costs = forms.IntegerField(label=_("Housing costs per month, tenge"), min_value=0, initial=0)
    language = forms.ChoiceField(label=_("Language of letters"), choices=Language.choices, initial="ru")
    bank_bic = BankField(required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["channel"]).choices = [
            (c, label) for c, label in Channel.choices if c in service.channels and c != Channel.PORTAL
        ]
        cast(forms.ChoiceField, self.fields["documents"]).choices = _document_choices(service)
        if not any(p.startswith(("balkhash.", "almaty.")) for p in service.programmes):
            del self.fields["circumstances"]
        if "housing" not in service.programmes:
            del self.fields["housing_costs"]


class VerifyForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Documents checked against the originals and the state databases"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    incomes_checked = forms.BooleanField(label=_("Incomes verified"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(_document_choices(app.service))
        cast(forms.ChoiceField, self.fields["documents"]).choices = [
            (c, names.get(c, c)) for c in app.documents
        ]


class AccountForm(forms.Form):
    bank_bic = BankField()
    iban = forms.CharField(label=_("IBAN"), max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(c.value, c.label) for c in CASE_DECISIONS],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0, required=False)
    period_start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    refusal_reason = forms.ChoiceField(label=_("Reason of the refusal"), required=False)
    missing_documents = forms.MultipleChoiceField(
        label=_("Documents to bring"), widget=forms.CheckboxSelectMultiple, required=False
    )
    social_contract_ref = forms.CharField(label=_("Social contract No."), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = RefusalReason.objects.filter(active=True)
        cast(forms.ChoiceField, self.fields["refusal_reason"]).choices = [
            ("", "—"),
            *((r.code, r.name) for r in reasons),
        ]
        cast(forms.ChoiceField, self.fields["missing_documents"]).choices = _document_choices(app.service)
        if app.service.commission:
            cast(forms.ChoiceField, self.fields["decision"]).choices = [
                (c.value, c.label) for c in CASE_DECISIONS if c != Decision.ASSIGN
            ]


class DocumentsForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Documents brought"), widget=forms.CheckboxSelectMultiple, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(_document_choices(app.service))
        cast(forms.ChoiceField, self.fields["documents"]).choices = [
            (c, names.get(c, c)) for c in app.missing_documents
        ]


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Uphold: review the case again")), ("0", _("Dismiss: the refusal stands"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class HousingReceiptForm(forms.Form):
    """One month's receipt of one service (the service checks every value: komek.applications.
    services.housing)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    month = MonthField(label=_("Month"))
    service = forms.ChoiceField(label=_("Service"))
    consumption = forms.DecimalField(
        label=_("Consumption"), max_digits=12, decimal_places=3,
        help_text=_("In the unit shown with the service."),
    )  # fmt: skip
    paid = forms.DecimalField(label=_("Amount paid, tenge"), max_digits=12, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = (get_language() or "en")[:2]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            (s.code, f"{s.title.get(language) or s.title['en']} ({s.unit_text(language)})")
            for s in HOUSING_SERVICES.values()
        ]
