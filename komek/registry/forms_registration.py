"""The one-page registration of a family: the members' formset and the income grid of the quarter.

The forms only gather what was typed; the registry's services decide (and their errors come back
to the member's field or the income cell they concern, see ``services.registration``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from komek.common.forms import BLANK
from komek.registry import choices
from komek.registry.forms import IIN_ERRORS
from komek.registry.services.registration import IncomeEntry, MemberEntry, income_key, member_key

MEMBERS_PREFIX = "m"
MAX_MEMBERS = 20


class RegisterMemberForm(forms.Form):
    """A member: a registered person found by the IIN, or a new person (the names then required)."""

    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        error_messages=IIN_ERRORS,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}", "data-iin": ""}
        ),
    )
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=BLANK + choices.Relation.choices)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    citizenship = forms.ChoiceField(
        label=_("Citizenship or status"),
        choices=choices.Citizenship.choices,
        initial=choices.Citizenship.CITIZEN,
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def entry(self) -> MemberEntry:
        data = self.cleaned_data
        return MemberEntry(
            iin=data["iin"].strip(),
            relation=data["relation"],
            surname=data.get("surname", ""),
            name=data.get("name", ""),
            patronymic=data.get("patronymic", ""),
            citizenship=data.get("citizenship") or choices.Citizenship.CITIZEN,
            phone=data.get("phone", ""),
        )


MemberFormSet = formset_factory(
    RegisterMemberForm, extra=0, min_num=1, validate_min=True, max_num=MAX_MEMBERS, validate_max=True
)


def member_formset(data: Any | None, *, add_row: bool = False) -> Any:
    """The members' formset: two rows to start with (the first one the head).

    ``add_row`` (the "add a member" button without JavaScript): the rows typed so far, unchecked,
    and one more empty row."""
    if data is None:
        return MemberFormSet(prefix=MEMBERS_PREFIX, initial=[{"relation": choices.Relation.HEAD}, {}])
    if add_row:
        raw = str(data.get(f"{MEMBERS_PREFIX}-TOTAL_FORMS") or "0")
        count = min(int(raw) if raw.isdigit() else 0, MAX_MEMBERS - 1)
        names = list(RegisterMemberForm.base_fields)
        initial = [
            {name: data.get(f"{MEMBERS_PREFIX}-{i}-{name}", "") for name in names} for i in range(count)
        ]
        return MemberFormSet(prefix=MEMBERS_PREFIX, initial=[*initial, {}])
    return MemberFormSet(data, prefix=MEMBERS_PREFIX)


@dataclass
class Cell:
    name: str
    month: dt.date
    value: str
    errors: list[str] = field(default_factory=list)


@dataclass
class IncomeLine:
    income_type: str
    label: str
    cells: list[Cell]


class IncomeGrid:
    """Incomes of the reference quarter: members × months × income types, one text input per cell.

    Cells are named ``inc-<member row>-<YYYY-MM>-<type>``; empty cells are not recorded.
    """

    def __init__(self, data: Any | None, *, months: list[dt.date]) -> None:
        self.data = data
        self.months = months
        self.errors: dict[str, list[str]] = {}

    @staticmethod
    def cell_name(row: int | str, month: dt.date, income_type: str) -> str:
        return f"inc-{row}-{month:%Y-%m}-{income_type}"

    def value(self, row: int | str, month: dt.date, income_type: str) -> str:
        if self.data is None:
            return ""
        return str(self.data.get(self.cell_name(row, month, income_type), "")).strip()

    def lines(self, row: int | str) -> list[IncomeLine]:
        """The grid of one member (``row`` may be ``__prefix__`` for the template of a new member)."""
        out = []
        for income_type, label in choices.IncomeType.choices:
            cells = []
            for month in self.months:
                key = income_key(row, month, income_type) if isinstance(row, int) else ""
                cells.append(
                    Cell(
                        name=self.cell_name(row, month, income_type),
                        month=month,
                        value=self.value(row, month, income_type),
                        errors=self.errors.get(key, []),
                    )
                )
            out.append(IncomeLine(income_type=income_type, label=str(label), cells=cells))
        return out

    def has_values(self, row: int) -> bool:
        return any(self.value(row, m, t) for t in choices.IncomeType.values for m in self.months)

    def entries(self, rows: list[int]) -> list[IncomeEntry]:
        """The filled cells of the given form rows; ``member`` is the position in ``rows``."""
        out = []
        for member, row in enumerate(rows):
            for income_type in choices.IncomeType.values:
                for month in self.months:
                    amount = self.value(row, month, income_type)
                    if amount:
                        out.append(IncomeEntry(member, month, income_type, amount))
        return out


def blank_row(form: forms.Form) -> bool:
    """An added member row left as it came (nothing typed): ignored, as are its incomes."""
    return bool(form.empty_permitted) and not form.has_changed()


__all__ = [
    "MAX_MEMBERS",
    "MEMBERS_PREFIX",
    "IncomeGrid",
    "MemberFormSet",
    "RegisterMemberForm",
    "blank_row",
    "member_formset",
    "member_key",
]
