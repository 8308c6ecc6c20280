"""Who may see what: capability, then the territory (KATO prefixes) of the rows."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.common.errors import PermissionDenied


def require_view(user: User, *, persons: bool = False) -> None:
    """Rehabilitation figures need REHAB_VIEW; a list or card naming persons also PERSON_VIEW."""
    if not user.can(Capability.REHAB_VIEW) or (persons and not user.can(Capability.PERSON_VIEW)):
        raise PermissionDenied(_("Your role does not allow this action."))


def territory_q(user: User, field: str) -> Q:
    return prefixes_q(user.territory_prefixes(), field)


def prefixes_q(prefixes: list[str] | None, field: str) -> Q:
    """Rows whose KATO ``field`` starts with one of ``prefixes`` (None: everywhere)."""
    if prefixes is None:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q
