"""Options shared by the payroll commands."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.management.base import CommandError

from komek.accounts import policy
from komek.accounts.models import User

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def parse_month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date().replace(day=1)  # noqa: DTZ007 (a calendar month)
    except ValueError:
        raise CommandError(f"--month takes YYYY-MM, not {text!r}") from None


def acting_user(username: str | None, *, job: str) -> Actor:
    """The staff member a command acts as; the system as ``job`` (``system:<job>``) when not given."""
    if not username:
        return policy.system(job)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user
