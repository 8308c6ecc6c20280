"""Reading staff accounts (administrators only), scoped to the administrator's territory.

An administrator whose reach is ``units`` or ``region`` sees the accounts whose whole view of the
registry lies inside their own territory: every unit of the account is under one of the
administrator's KATO prefixes, and the account's reach does not widen it beyond them. National
administrators see everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability, Reach
from komek.accounts.models import User
from komek.common.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

UserUnit = User.units.through


def _require_admin(user: Actor) -> None:
    if not policy.can(user, Capability.USER_ADMIN):
        raise PermissionDenied(_("Only an administrator can manage users."))


def _within_territory(prefixes: list[str]) -> Q:
    """Accounts with at least one unit, all of them under ``prefixes``, and no wider reach."""
    units_of = UserUnit.objects.filter(user_id=OuterRef("pk"))
    scope = (
        ~Q(reach=Reach.NATIONAL)
        & Q(Exists(units_of))
        & ~Q(Exists(units_of.exclude(policy.prefixes_q(prefixes, "katounit__code"))))
    )
    # Region reach sees the whole region of the account's units: only a two-digit (region) prefix
    # of the administrator covers that.
    regions = [p for p in prefixes if len(p) == 2]
    if regions:
        outside_regions = units_of.exclude(policy.prefixes_q(regions, "katounit__code"))
        scope &= ~Q(Q(reach=Reach.REGION), Exists(outside_regions))
    else:
        scope &= ~Q(reach=Reach.REGION)
    return scope


def _counting_attempts() -> QuerySet[AccessAttempt]:
    """Axes' records of failed sign-ins that still count (younger than the cool-off time)."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def failed_sign_ins(username: str) -> int:
    """Failed sign-ins of ``username`` that still count, summed the way axes sums them."""
    total = _counting_attempts().filter(username=username).aggregate(total=Sum("failures_since_start"))
    return int(total["total"] or 0)


def _with_lockout(qs: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``failed_sign_ins`` and ``locked_out`` (axes refuses the account's sign-ins now)."""
    failures = (
        _counting_attempts()
        .filter(username=OuterRef("username"))
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return qs.annotate(
        failed_sign_ins=Coalesce(Subquery(failures, output_field=IntegerField()), Value(0)),
        locked_out=Case(
            When(failed_sign_ins__gte=settings.AXES_FAILURE_LIMIT, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def users_visible(
    *, user: Actor, query: str = "", role: str = "", active: bool | None = None
) -> QuerySet[User]:
    """Accounts the administrator may manage, with their units and count of failed sign-ins.

    ``query`` matches the user name, first or last name (every word somewhere); ``role`` and
    ``active`` narrow the list when given.
    """
    _require_admin(user)
    qs = User.objects.all()
    prefixes = policy.prefixes(user)
    if prefixes is not None:
        qs = qs.filter(_within_territory(prefixes))
    for word in (query or "").split():
        # SQLite folds the case of Latin letters only; trying the usual spellings covers Cyrillic.
        match = Q(pk__in=[])
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            match |= (
                Q(username__icontains=variant)
                | Q(first_name__icontains=variant)
                | Q(last_name__icontains=variant)
            )
        qs = qs.filter(match)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return _with_lockout(qs).prefetch_related("units").order_by("username")


def user_detail(*, user: Actor, user_id: int) -> User:
    """One account the administrator may manage; outside their territory it does not exist."""
    found = users_visible(user=user).filter(pk=user_id).first()
    if found is None:
        raise NotFound(_("No such user in your territorial units."))
    return found
