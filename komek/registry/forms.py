"""Forms of the registry pages: they parse and check the shape of input; services decide the rest.

Field names match the services' keyword arguments, so a ``DomainError(field=...)`` raised by a
service lands next to the field the user has to correct.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.accounts.selectors.territory import kato_choices
from komek.common.forms import BLANK, DateInput, KatoField, MonthField
from komek.registry import choices
from komek.registry.models import Person
from komek.registry.selectors import persons_visible

IIN_ERRORS = {
    "min_length": _("An IIN has exactly 12 digits."),
    "max_length": _("An IIN has exactly 12 digits."),
}


class _UserForm(forms.Form):
    """A form whose choices depend on who fills it (their territory)."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if "kato" in self.fields:
            self.fields["kato"].choices = BLANK + kato_choices(user)  # type: ignore[attr-defined]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("IIN or name"), required=False, max_length=100)


class PersonForm(_UserForm):
    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        error_messages=IIN_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}"}),
    )
    surname = forms.CharField(label=_("Surname"), max_length=100)
    name = forms.CharField(label=_("Name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: taken from the IIN when empty."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=BLANK + choices.Sex.choices,
        required=False,
        help_text=_("Optional: taken from the IIN when empty."),
    )
    citizenship = forms.ChoiceField(label=_("Citizenship or status"), choices=choices.Citizenship.choices)
    kato = KatoField()
    street = forms.CharField(label=_("Street, house, flat"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "+7 7xx xxx xx xx"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=[("", "—"), *choices.Language.choices], required=False
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sex"] = data.get("sex") or None
        return data


class PersonEditForm(PersonForm):
    death_date = forms.DateField(label=_("Date of death"), required=False, widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when identity data (IIN, names, birth date, sex, citizenship) change."),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        initial = {
            name: getattr(person, name)
            for name in (
                "iin",
                "surname",
                "name",
                "patronymic",
                "birth_date",
                "sex",
                "citizenship",
                "street",
                "phone",
                "email",
                "death_date",
                "language",
            )
        }
        initial["kato"] = person.kato_id
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        # When the IIN is corrected, the birth date and sex it encodes are checked against these.
        self.fields["birth_date"].required = True
        self.fields["sex"].required = True
        self.fields["birth_date"].help_text = ""
        self.fields["sex"].help_text = ""

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        reason = data.pop("reason", "")
        return {"reason": reason, "fields": data}


# --- Families -----------------------------------------------------------------------------------


class FamilyForm(_UserForm):
    kato = KatoField()
    street = forms.CharField(label=_("Street, house, flat"), max_length=200, required=False)
    tenure = forms.ChoiceField(label=_("Tenure"), choices=choices.Tenure.choices)
    dwellings_owned = forms.IntegerField(label=_("Dwellings owned"), min_value=0, max_value=99, initial=0)
    living_area = forms.DecimalField(
        label=_("Living area, m²"), min_value=0, max_digits=7, decimal_places=2, initial=0
    )
    cars_owned = forms.IntegerField(label=_("Cars owned"), min_value=0, max_value=99, initial=0)
    valid_from = forms.DateField(
        label=_("Family registered from"), required=False, widget=DateInput, help_text=_("Empty means today.")
    )
    # Carries errors about the member list as a whole (no head, a person listed twice, ...).
    members = forms.CharField(required=False, widget=forms.HiddenInput)


class MemberRowForm(forms.Form):
    """One row of the member list of a new family: an already registered person and a relation."""

    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        error_messages=IIN_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}"}),
    )
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=BLANK + choices.Relation.choices)

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person


def member_rows(data: Any | None, *, user: User, minimum: int = 2) -> list[MemberRowForm]:
    """Build one form per submitted member row (rows left fully empty are dropped).

    Each IIN is resolved to a registered person the user may see, in one query.
    """
    if data is None:
        rows = [MemberRowForm(initial={"relation": choices.Relation.HEAD})]
        rows += [MemberRowForm() for _ in range(minimum - 1)]
        return rows
    iins = data.getlist("member_iin")
    relations = data.getlist("member_relation")
    pairs = [
        ((iins[i] if i < len(iins) else "").strip(), relations[i] if i < len(relations) else "")
        for i in range(max(len(iins), len(relations)))
    ]
    pairs = [(iin, rel) for iin, rel in pairs if iin or rel]
    wanted = [iin for iin, _rel in pairs if len(iin) == 12 and iin.isdigit()]
    found = {p.iin: p for p in persons_visible(user).filter(iin__in=wanted)} if wanted else {}
    rows = []
    for iin, relation in pairs:
        row = MemberRowForm({"iin": iin, "relation": relation}, person=found.get(iin))
        if row.is_valid() and row.person is None:
            row.add_error(
                "iin",
                _("No registered person with this IIN in your territorial units. Register the person first."),
            )
        rows.append(row)
    return rows


class FamilyMemberAddForm(forms.Form):
    iin = forms.CharField(
        label=_("IIN of a registered person"),
        max_length=12,
        min_length=12,
        error_messages=IIN_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}"}),
    )
    relation = forms.ChoiceField(
        label=_("Relation to the head"),
        choices=BLANK + [c for c in choices.Relation.choices if c[0] != choices.Relation.HEAD],
    )
    valid_from = forms.DateField(
        label=_("Member from"), required=False, widget=DateInput, help_text=_("Empty means today.")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.person: Person | None = None

    def clean_iin(self) -> str:
        iin = self.cleaned_data["iin"].strip()
        self.person = persons_visible(self.user).filter(iin=iin).first()
        if self.person is None:
            raise forms.ValidationError(
                _("No registered person with this IIN in your territorial units. Register the person first.")
            )
        return iin


class FamilyMemberRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    valid_to = forms.DateField(
        label=_("Left the family on"), required=False, widget=DateInput, help_text=_("Empty means today.")
    )


# --- Incomes and statuses -----------------------------------------------------------------------


class IncomeForm(forms.Form):
    month = MonthField(label=_("Month"))
    income_type = forms.ChoiceField(label=_("Income type"), choices=BLANK + choices.IncomeType.choices)
    # Text, not a number input: staff type "150 000" or "150000,50"; the service parses and checks.
    amount = forms.CharField(
        label=_("Amount, ₸"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    source = forms.ChoiceField(label=_("Source"), choices=choices.IncomeSource.choices)


def subtype_choices(kind: str | None = None) -> list[Any]:
    """Categories of one status kind, or of all kinds grouped under their kind's name."""
    if kind in choices.STATUS_SUBTYPES:
        return BLANK + list(choices.STATUS_SUBTYPES[kind].choices)
    return BLANK + [
        (label, list(choices.STATUS_SUBTYPES[value].choices)) for value, label in choices.StatusKind.choices
    ]


class StatusForm(forms.Form):
    kind = forms.ChoiceField(label=_("Status"), choices=BLANK + choices.StatusKind.choices)
    subtype = forms.ChoiceField(label=_("Category"), choices=subtype_choices())
    cause = forms.ChoiceField(
        label=_("Cause of disability"), choices=BLANK + choices.DisabilityCause.choices, required=False
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput)
    valid_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    indefinite = forms.BooleanField(label=_("Indefinite"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        if kind in choices.STATUS_SUBTYPES:
            self.fields["subtype"].choices = subtype_choices(kind)  # type: ignore[attr-defined]
        self.is_disability = kind == choices.StatusKind.DISABILITY

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indefinite") and data.get("valid_to"):
            self.add_error("valid_to", _("Leave the end date empty for an indefinite status."))
        elif not data.get("indefinite") and not data.get("valid_to") and "valid_to" not in self.errors:
            self.add_error("valid_to", _("Enter the end date or mark the status as indefinite."))
        if data.get("kind") != choices.StatusKind.DISABILITY and data.get("cause"):
            self.add_error("cause", _("A cause is recorded only for disability."))
        return data


# --- Documents ----------------------------------------------------------------------------------


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=BLANK + choices.DocumentType.choices)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
