"""Options shared by the payroll commands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError

from komek.accounts.models import User


def parse_month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date().replace(day=1)  # noqa: DTZ007 (a calendar month)
    except ValueError:
        raise CommandError(f"--month takes YYYY-MM, not {text!r}") from None


def acting_user(username: str | None) -> Any:
    """The staff member a command acts as; None (the system) when not given."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user
