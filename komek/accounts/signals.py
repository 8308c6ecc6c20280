"""Sign-ins, failed sign-ins and sign-outs go into the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpRequest

from komek.common.audit import audit_record, client_ip, user_territory
from komek.common.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(
        territory=user_territory(user),
        actor=user,
        action=AuditAction.LOGIN,
        object_type="accounts.user",
        object_id=user.pk,
        ip_address=client_ip(request),
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(
            territory=user_territory(user),
            actor=user,
            action=AuditAction.LOGOUT,
            object_type="accounts.user",
            object_id=user.pk,
            ip_address=client_ip(request),
        )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the user name typed is kept, never the password.
    audit_record(
        territory=_territory_of_username(credentials.get("username")),
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        changes={"username": str(credentials.get("username", ""))[:150]},
        ip_address=client_ip(request) if request is not None else None,
    )


def _territory_of_username(username: object) -> str:
    from komek.accounts.models import User

    user = User.objects.filter(username=str(username or "")[:150]).first()
    return user_territory(user) if user else ""


def _units_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    # A user's territory is read once per object; a change of units through that object drops it.
    if action.startswith("post_") and hasattr(instance, "forget_territory"):
        instance.forget_territory()


def connect_territory_signal() -> None:
    from komek.accounts.models import User

    m2m_changed.connect(_units_changed, sender=User.units.through, dispatch_uid="accounts.units_changed")
