"""Private checks of the budget services: each returns the clean value or raises naming the field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.budget.choices import BudgetSource
from komek.budget.models import Allocation
from komek.budget.reference import reference
from komek.common import audit
from komek.common.errors import DomainError
from komek.common.money import format_tenge
from komek.payments.territory import department

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT = audit.object_type_of(Allocation)
MAX_AMOUNT = 10**15  # a quadrillion tenge: beyond any budget, below the database's limit


def clean_year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("The year must be a number such as 2026."), field="year") from None
    if not 2000 <= year <= 2100:
        raise DomainError(_("The year must lie between 2000 and 2100."), field="year")
    return year


def clean_programme(value: Any, year: int) -> str:
    code = str(value or "").strip()
    line = reference().line(code)
    if line is None:
        raise DomainError(
            _("%(code)s is not a budget programme of the classification.") % {"code": code or "—"},
            field="programme",
        )
    if not line.in_year(year):
        raise DomainError(
            _("Budget programme %(code)s is not in force in %(year)d.") % {"code": code, "year": year},
            field="programme",
        )
    return code


def clean_source(value: Any) -> str:
    source = str(value or "").strip().lower()
    if source not in BudgetSource.values:
        raise DomainError(
            _("The source must be one of: %(sources)s.")
            % {"sources": ", ".join(f"{v} ({label})" for v, label in BudgetSource.choices)},
            field="source",
        )
    return source


def clean_territory(actor: Actor, value: Any) -> tuple[str, str]:
    """The department's KATO code and prefix, in the actor's territory."""
    code = str(value or "").strip()
    if not (code.isdigit() and len(code) == 9):
        raise DomainError(_("The territory is a KATO code of nine digits."), field="territory")
    territory, prefix = department(code)
    if territory != code:
        raise DomainError(
            _("An allocation is made for a department's territory: %(department)s, not %(code)s.")
            % {"department": territory, "code": code},
            field="territory",
        )
    policy.require_territory(actor, territory, field="territory")
    return territory, prefix


def clean_amount(value: Any, *, field: str = "amount", allow_negative: bool = False) -> int:
    try:
        amount = int(str(value).replace(" ", "").replace("\u00a0", ""))
    except (TypeError, ValueError):
        raise DomainError(_("The amount is a whole number of tenge."), field=field) from None
    if (amount < 0 and not allow_negative) or abs(amount) > MAX_AMOUNT:
        raise DomainError(
            _("The amount must be between 0 and %(max)s.") % {"max": format_tenge(MAX_AMOUNT)}, field=field
        )
    return amount


def clean_recipients(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Planned recipients is a whole number."), field="planned_recipients") from None
    if count < 0:
        raise DomainError(_("Planned recipients cannot be negative."), field="planned_recipients")
    return count


def existing_allocation_error(found: Allocation) -> DomainError:
    return DomainError(
        _("This budget programme already has an allocation for %(year)d from this source here (No. %(id)d).")
        % {"year": found.year, "id": found.pk},
        field="programme",
        code="duplicate",
    )
