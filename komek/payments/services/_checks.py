"""Private helpers of the payroll services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common import audit
from komek.common.errors import PermissionDenied
from komek.payments.models import Payroll

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT = audit.object_type_of(Payroll)


def require_payroll_territory(actor: Actor, payroll: Payroll) -> None:
    """The payroll's whole territory (its KATO prefix) lies within the actor's."""
    if not policy.in_territory(actor, payroll.prefix):
        raise PermissionDenied(_("This payroll is outside your territorial units."))
