"""Effective-dated rows (``valid_from`` and an optional ``valid_to``): the filters of those in force.

Statuses, memberships, entitlements and agreements are dated this way; every context filters them
with these two functions instead of writing the condition again.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CheckConstraint, F, Q


def not_ended_q(on: dt.date, *, prefix: str = "") -> Q:
    """Rows whose period has not ended before ``on``: no ``valid_to``, or one on or after it
    (``prefix`` reaches a related row's dates, e.g. ``"entitlement__"``)."""
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})


def in_force_q(on: dt.date, *, prefix: str = "") -> Q:
    """Rows in force on ``on``: begun on or before it and not ended before it."""
    return Q(**{f"{prefix}valid_from__lte": on}) & not_ended_q(on, prefix=prefix)


def period_order(name: str, *, start: str = "valid_from", end: str = "valid_to") -> CheckConstraint:
    """The database's guard that a period does not end before it begins (an open end is allowed)."""
    open_or_later = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)})
    return CheckConstraint(condition=open_or_later, name=name)
