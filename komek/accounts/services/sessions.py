"""Sign-ins, failed sign-ins and sign-outs, written to the audit log (called by the auth signals)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.accounts import policy
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import user_territory
from komek.common.choices import AuditAction


@transaction.atomic
def session_started(*, user: User, ip_address: str | None) -> None:
    """Record a member of staff signing in."""
    audit.record(
        territory=user_territory(user),
        actor=user,
        action=AuditAction.LOGIN,
        obj=user,
        ip_address=ip_address,
    )


@transaction.atomic
def session_ended(*, user: User, ip_address: str | None) -> None:
    """Record a member of staff signing out."""
    audit.record(
        territory=user_territory(user),
        actor=user,
        action=AuditAction.LOGOUT,
        obj=user,
        ip_address=ip_address,
    )


@transaction.atomic
def sign_in_failed(*, username: Any, ip_address: str | None) -> None:
    """Record a refused sign-in under the user name typed (never the password), by nobody in particular."""
    typed = str(username or "")[:150]
    account = User.objects.filter(username=typed).first()
    audit.record(
        territory=user_territory(account) if account else "",
        actor=policy.ANONYMOUS,
        action=AuditAction.LOGIN_FAILED,
        object_type=audit.object_type_of(User),
        changes={"username": str(username)[:150]},
        ip_address=ip_address,
    )
