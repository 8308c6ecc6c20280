"""The one call the employment centre makes into komek.benefits (its services, ADR 0007).

A member's refusal of the offered measures ends conditional TSA for the whole family for the months
the legislation gives (``social_contract_sanction_months``): the family's assignment is suspended
with the reason ``social_contract_refusal``. Only this function knows about benefits; it runs inside
the sanction's transaction, so a refused suspension leaves no sanction behind.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.benefits import services as benefits

REASON = "social_contract_refusal"


def suspend_conditional_tsa(*, actor: User, assignment_id: int, date_from: dt.date, date_to: dt.date) -> None:
    """Suspend the family's conditional TSA assignment for the sanction period."""
    benefits.assignment_suspend(
        actor=actor,
        assignment_id=assignment_id,
        date_from=date_from,
        date_to=date_to,
        reason=REASON,
        note=_("Social contract: a member refused the offered measures of employment"),
    )
