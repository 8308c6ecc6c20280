"""Forms of the user management and audit log pages: they check the shape of input; the services
decide the rest.

Field names match the services' keyword arguments, so a ``DomainError(field=...)`` lands next to
the field to correct. Unit and reach choices offer only what the administrator may assign.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Reach, Role
from komek.accounts.models import User
from komek.accounts.selectors.audit import AuditFilter
from komek.accounts.selectors.territory import kato_choices, territory_names
from komek.common.choices import AuditAction
from komek.common.models import KatoUnit

ANY: list[tuple[str, Any]] = [("", _("Any"))]
LANGUAGE_CHOICES = User._meta.get_field("preferred_language").choices or []


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("User name or name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=ANY + Role.choices)
    active = forms.ChoiceField(
        label=_("Account"),
        required=False,
        choices=ANY + [("yes", _("Active")), ("no", _("Deactivated"))],
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``users_visible`` (no filter when the form is invalid)."""
        if not self.is_valid():
            return {}
        active = self.cleaned_data.get("active")
        return {
            "query": self.cleaned_data.get("q", "").strip(),
            "role": self.cleaned_data.get("role", ""),
            "active": {"yes": True, "no": False}.get(active or ""),
        }


def reach_choices(admin: User) -> list[tuple[str, Any]]:
    """Reaches the administrator may give: never wider than their own territory."""
    prefixes = policy.prefixes(admin)
    if prefixes is None:
        return list(Reach.choices)
    allowed = {Reach.UNITS.value}
    if any(len(p) == 2 for p in prefixes):
        allowed.add(Reach.REGION.value)
    return [(value, label) for value, label in Reach.choices if value in allowed]


class AccountForm(forms.Form):
    """Role, reach, units, names and language: what ``user_update`` changes."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    reach = forms.ChoiceField(
        label=_("Reach"),
        help_text=_("Own units: only the chosen units. Whole region: every unit of their regions."),
    )
    units = forms.MultipleChoiceField(
        label=_("Territorial units"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "class": "units"}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several units."),
        error_messages={
            "invalid_choice": _("%(value)s is not a territorial unit of your territory."),
        },
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="ru")

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reach"].choices = reach_choices(admin)  # type: ignore[attr-defined]
        self.fields["units"].choices = kato_choices(admin)  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "reach": data["reach"],
            "units": list(data["units"]),
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "language": data["language"],
        }


class PasswordFields(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, unlike the user name and common passwords."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, again = data.get("password"), data.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", _("The two passwords differ."))
        return data


class UserCreateForm(AccountForm, PasswordFields):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text=_("Used to sign in. Letters, digits and @ . + - _ only."),
    )
    field_order = [
        "username",
        "first_name",
        "last_name",
        "role",
        "reach",
        "units",
        "language",
        "password",
        "password_again",
    ]

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "username": self.cleaned_data["username"],
            "password": self.cleaned_data["password"],
        }


class UserEditForm(AccountForm):
    def __init__(self, *args: Any, admin: User, account: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": account.first_name,
                "last_name": account.last_name,
                "role": account.role,
                "reach": account.reach,
                "units": [unit.code for unit in account.units.all()],
                "language": account.preferred_language,
            },
        )
        super().__init__(*args, admin=admin, **kwargs)


class PasswordResetForm(PasswordFields):
    pass


class ActiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the change.")},
        help_text=_("Kept in the audit log, e.g. the order or request number."),
    )


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person (IIN or number)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "title": _("12 digits: an IIN; fewer: the person's number in Komek."),
            }
        ),
    )
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + AuditAction.choices
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_person(self) -> str:
        value: str = self.cleaned_data["person"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("Enter an IIN (12 digits) or a person's number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        person = data.get("person") or ""
        return AuditFilter(
            person_id=int(person) if person and len(person) < 12 else None,
            person_iin=person if len(person) == 12 else "",
            username=(data.get("username") or "").strip(),
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class TerritoryForm(forms.Form):
    """A form of a context's records whose territory is one of the user's own units, picked by name."""

    kato = forms.ChoiceField(label=_("Territory"), choices=())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kato"].choices = territory_names(actor)  # type: ignore[attr-defined]


class TerritoryYearForm(TerritoryForm):
    """A year of one of the user's units: what a context's figures page shows."""

    year = forms.IntegerField(label=_("Year"), min_value=1992, max_value=2100)

    @classmethod
    def chosen(cls, query: Any, *, actor: Any) -> tuple[TerritoryYearForm, int, KatoUnit | None]:
        """The form over a page's query string and what it chose: the year (this year until one
        is chosen) and the unit (the user's first until one is chosen; none if they have none)."""
        today = timezone.localdate()
        form = cls(query or None, actor=actor, initial={"year": today.year})
        units = form.fields["kato"].choices  # type: ignore[attr-defined]
        year, code = today.year, (units[0][0] if units else "")
        if form.is_valid():
            year, code = form.cleaned_data["year"], form.cleaned_data["kato"]
        return form, year, KatoUnit.objects.filter(code=code).first()
