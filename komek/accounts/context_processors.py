from typing import Any

from django.http import HttpRequest

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.menu import Menus


def role(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's capabilities to templates as ``caps`` (e.g. ``caps.person_edit``), as the
    access policy answers them, and the menus the user may open as ``menus`` (``menus.main``)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "caps": {c.name.lower(): signed_in and policy.can(user, c.value) for c in Capability},
        "menus": Menus(user if signed_in else None, getattr(request, "resolver_match", None)),
    }
