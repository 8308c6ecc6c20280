from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komek.accounts.selectors.territory import territory_names
from komek.commissions.choices import (
    DOCUMENTS_OF,
    AgreementLevel,
    CaseDecision,
    Choice,
    DocumentKind,
    Kind,
    Side,
    Zone,
)
from komek.common.forms import DateInput

DATE = DateInput()  # the browser's date field, its value in ISO form


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kato = forms.ChoiceField(label=_("Territory"))
    quorum = forms.IntegerField(label=_("Quorum"), min_value=1, initial=1)
    members = forms.MultipleChoiceField(
        label=pgettext_lazy("commission", "Members"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, units: list[Any], voters: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = [(u.code, u.name) for u in units]
        cast(forms.ChoiceField, self.fields["members"]).choices = [
            (str(u.pk), u.get_full_name() or u.username) for u in voters
        ]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=Choice.choices)


class AmountForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount, tenge"), min_value=0)


# --- The other commissions ----------------------------------------------------------------------
#: Rows of documents the form to open a case offers.
DOCUMENT_ROWS = 3


class HeldMeetingForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = territory_names(actor)


class CaseForm(forms.Form):
    """A case of the commission: the person by IIN, the claimed period and place, the documents."""

    iin = forms.CharField(label=_("IIN"), max_length=12)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)
    period_from = forms.DateField(label=_("Claimed from"), widget=DATE)
    period_to = forms.DateField(label=_("Claimed until"), widget=DATE)
    place = forms.CharField(label=_("Place of work or residence"), max_length=300)
    zone = forms.ChoiceField(label=_("Zone"), choices=[("", "—"), *Zone.choices], required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != Kind.SEMIPALATINSK:
            del self.fields["zone"]
        documents = [("", "—"), *[(k, DocumentKind(k).label) for k in DOCUMENTS_OF.get(kind, ())]]
        for n in range(1, DOCUMENT_ROWS + 1):
            self.fields[f"doc{n}_kind"] = forms.ChoiceField(
                label=_("Document %(n)d") % {"n": n}, choices=documents, required=False
            )
            self.fields[f"doc{n}_reference"] = forms.CharField(
                label=_("Number, issuer or witness"), max_length=300, required=False
            )
            self.fields[f"doc{n}_issued"] = forms.DateField(label=_("Issued"), widget=DATE, required=False)

    def documents(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "kind": data[f"doc{n}_kind"],
                "reference": data[f"doc{n}_reference"],
                "issued": data[f"doc{n}_issued"],
            }
            for n in range(1, DOCUMENT_ROWS + 1)
        ]

    def document_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"doc{n}_kind"], self[f"doc{n}_reference"], self[f"doc{n}_issued"])
            for n in range(1, DOCUMENT_ROWS + 1)
        ]

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("doc")}
        return {**data, "documents": self.documents()}


class DecisionForm(forms.Form):
    meeting_id = forms.TypedChoiceField(label=_("Meeting"), coerce=int, choices=())
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(CaseDecision.POSITIVE, CaseDecision.POSITIVE.label),
                                      (CaseDecision.REFUSED, CaseDecision.REFUSED.label)]
    )  # fmt: skip
    established_from = forms.DateField(label=_("Established from"), widget=DATE, required=False)
    established_to = forms.DateField(label=_("Established until"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reason of the refusal"), max_length=500, required=False)

    def __init__(self, *args: Any, meetings: Any, work: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["meeting_id"]).choices = [
            (m.pk, f"{m.number} · {m.date:%d.%m.%Y}") for m in meetings
        ]
        if not work:
            del self.fields["established_from"], self.fields["established_to"]


class CertificateForm(forms.Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=500)
    speakers = forms.CharField(label=_("Speakers"), max_length=500, required=False)
    decision = forms.CharField(
        label=_("Decision taken"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class PartyMemberForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    since = forms.DateField(label=_("Since"), widget=DATE)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = territory_names(actor)


class AgreementForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    level = forms.ChoiceField(label=_("Level"), choices=AgreementLevel.choices)
    number = forms.CharField(label=_("Number"), max_length=40)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid until"), widget=DATE)
    parties = forms.CharField(label=_("Parties"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = territory_names(actor)


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=40)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    summary = forms.CharField(
        label=_("What is changed"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class YearForm(forms.Form):
    kato = forms.ChoiceField(label=_("Territory"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=1992, max_value=2100)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kato"]).choices = territory_names(actor)
