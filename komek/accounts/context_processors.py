from typing import Any

from django.http import HttpRequest

from komek.accounts.choices import Capability
from komek.accounts.roles import capabilities_of


def role(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's capabilities to templates as ``caps`` (e.g. ``caps.person_edit``)."""
    user = getattr(request, "user", None)
    caps = capabilities_of(getattr(user, "role", "")) if user and user.is_authenticated else frozenset()
    return {"caps": {c.name.lower(): c.value in caps for c in Capability}}
