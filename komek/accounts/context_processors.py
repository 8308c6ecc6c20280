from functools import lru_cache
from types import MappingProxyType
from typing import Any

from django.http import HttpRequest

from komek.accounts import menu
from komek.accounts.choices import Capability
from komek.accounts.menu import Menus


def role(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's capabilities to templates as ``caps`` (e.g. ``caps.person_edit``), as the
    access policy answers them, and the menus the user may open as ``menus`` (``menus.main``)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    held = menu.held(user if signed_in else None)
    return {
        "caps": _caps(held),
        "menus": Menus(user if signed_in else None, getattr(request, "resolver_match", None), held),
    }


@lru_cache(maxsize=256)
def _caps(held: frozenset[str]) -> MappingProxyType[str, bool]:
    """``caps`` of a holder of ``held`` (the policy asked once per request, this table once per set)."""
    return MappingProxyType({c.name.lower(): c.value in held for c in Capability})
