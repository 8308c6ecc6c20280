"""The social contract a conditional TSA decision names: the state services ask the employment
centre (below them in the layers) whether a number is a signed contract of the family in force."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import DomainError
from komek.employment.choices import ContractStatus
from komek.employment.models import SocialContract

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FIELD = "social_contract_ref"


def social_contract_for_tsa(
    *, actor: Actor, family_id: int | None, number: str, on: dt.date
) -> SocialContract:
    """The family's social contract of this number, signed by ``on`` and in force on that day (in
    the actor's territory); otherwise a domain error at the reference saying what is wrong."""
    number = (number or "").strip()
    if not number:
        raise DomainError(
            _("Conditional assistance needs the number of the family's signed social contract."),
            field=FIELD,
            code="social_contract",
        )
    contract = (
        policy.scoped(SocialContract.objects.all(), actor, field="kato__code").filter(number=number).first()
    )
    if contract is None:
        raise DomainError(
            _("No social contract No. %(number)s is signed in your territorial units.") % {"number": number},
            field=FIELD,
            code="social_contract",
        )
    if family_id is None or contract.family_id != family_id:
        raise DomainError(
            _("Social contract No. %(number)s was signed with another family.") % {"number": number},
            field=FIELD,
            code="social_contract",
        )
    if contract.signed_on > on:
        raise DomainError(
            _("Social contract No. %(number)s is signed on %(date)s, after the decision.")
            % {"number": number, "date": f"{contract.signed_on:%d.%m.%Y}"},
            field=FIELD,
            code="social_contract",
        )
    if contract.status != ContractStatus.ACTIVE or contract.valid_to < on:
        raise DomainError(
            _("Social contract No. %(number)s is no longer in force (%(status)s, to %(date)s).")
            % {
                "number": number,
                "status": contract.get_status_display(),
                "date": f"{contract.valid_to:%d.%m.%Y}",
            },
            field=FIELD,
            code="social_contract",
        )
    return contract


def contract_of_assignment(*, actor: Actor, assignment_id: int) -> SocialContract | None:
    """The social contract that names the assignment (the conditional TSA a decision made on it),
    in the reader's territory; shown on the assignment's page."""
    policy.require(actor, Capability.ASSIGNMENT_VIEW)
    contracts = policy.scoped(SocialContract.objects.all(), actor, field="kato__code")
    return contracts.filter(assignment_id=assignment_id).order_by("-signed_on", "-id").first()
