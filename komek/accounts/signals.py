"""Sign-ins, failed sign-ins and sign-outs go into the audit log (through the sessions service)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpRequest

from komek.accounts.models import User
from komek.accounts.services.sessions import session_ended, session_started, sign_in_failed
from komek.common.audit import client_ip


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session_started(user=user, ip_address=client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        session_ended(user=user, ip_address=client_ip(request))


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the user name typed is kept, never the password.
    sign_in_failed(
        username=credentials.get("username", ""),
        ip_address=client_ip(request) if request is not None else None,
    )


def _units_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    # A user's territory is read once per object; a change of units through that object drops it.
    if action.startswith("post_") and hasattr(instance, "forget_territory"):
        instance.forget_territory()


def connect_territory_signal() -> None:
    m2m_changed.connect(_units_changed, sender=User.units.through, dispatch_uid="accounts.units_changed")
