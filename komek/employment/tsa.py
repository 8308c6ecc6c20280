"""The one call the employment centre makes into komek.benefits (BENEFITS_CONTRACT.md).

A member's refusal of the offered measures ends conditional TSA for the whole family for six
months: the family's assignment is suspended with the reason ``social_contract_refusal``. Only this
function knows about benefits; it runs inside the sanction's transaction, so a refused suspension
leaves no sanction behind.
"""

from __future__ import annotations

import datetime as dt
import importlib

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.common.errors import DomainError

SANCTION_MONTHS = 6
REASON = "social_contract_refusal"


def suspension_available() -> bool:
    try:
        module = importlib.import_module("komek.benefits.services")
    except ImportError:
        return False
    return hasattr(module, "assignment_suspend")


def suspend_conditional_tsa(*, actor: User, assignment_id: int, date_from: dt.date, date_to: dt.date) -> None:
    """Suspend the family's conditional TSA assignment for the sanction period."""
    if not suspension_available():
        raise DomainError(
            _("Assignments of benefits cannot be suspended in this installation yet."),
            field="assignment",
            code="benefits_unavailable",
        )
    from komek.benefits import services as benefits  # type: ignore[attr-defined,unused-ignore]

    benefits.assignment_suspend(
        actor=actor,
        assignment_id=assignment_id,
        date_from=date_from,
        date_to=date_to,
        reason=REASON,
        note=_("Social contract: a member refused the offered measures of employment"),
    )
