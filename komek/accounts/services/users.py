"""Creating and changing staff accounts (administrators only, or the demo loader).

An administrator whose reach is ``units`` or ``region`` manages only the accounts whose view of
the registry lies inside their own territory (see :mod:`komek.accounts.selectors`), and can give
an account only units, and a reach, that keep it there. National administrators manage everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability, Reach, Role
from komek.accounts.models import User
from komek.accounts.selectors.users import failed_sign_ins
from komek.common import audit
from komek.common.audit import created, diff, user_territory
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, PermissionDenied, ValidationFailed
from komek.common.models import KatoUnit

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

LANGUAGES = [code for code, _label in User._meta.get_field("preferred_language").choices or []]


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    units: Iterable[str],
    reach: str = Reach.UNITS,
    first_name: str = "",
    last_name: str = "",
    language: str = "ru",
) -> User:
    """Create a staff account, as an administrator or the system (the demo loader, the first admin)."""
    if not policy.can(actor, Capability.USER_ADMIN):
        raise PermissionDenied(_("Only an administrator can create users."))
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if reach not in Reach.values:
        raise DomainError(_("Unknown reach."), field="reach")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This user name is taken."), field="username")
    codes = list(units)
    found = list(KatoUnit.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise DomainError(_("Unknown territorial unit."), field="units")
    if reach != Reach.NATIONAL and not found:
        raise DomainError(_("A user needs at least one territorial unit."), field="units")
    _require_assignable(actor, reach=reach, codes=[unit.code for unit in found])
    user = User(
        username=username,
        role=role,
        reach=reach,
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    user.units.set(found)
    audit.record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changes=created({"username": username, "role": role, "reach": reach, "units": sorted(codes)}),
    )
    return user


# --- Changing an account ------------------------------------------------------------------------

ACCOUNT_FIELDS = ("role", "reach", "units", "first_name", "last_name", "preferred_language")


def _require_admin(actor: Actor) -> None:
    if not policy.can(actor, Capability.USER_ADMIN):
        raise PermissionDenied(_("Only an administrator can manage users."))


def _inside(actor: Actor, *, reach: str, codes: list[str]) -> bool:
    """Whether an account with this reach and these units sees only the actor's territory."""
    prefixes = policy.prefixes(actor)
    if prefixes is None:
        return True
    if reach == Reach.NATIONAL or not codes:
        return False
    if reach == Reach.REGION:
        # The account would see its units' whole regions: the actor must hold those regions.
        return all(code[:2] in prefixes for code in codes)
    return all(policy.in_territory(actor, code) for code in codes)


def _require_manageable(actor: Actor, user: User) -> None:
    codes = [unit.code for unit in user.units.all()]
    if not _inside(actor, reach=user.reach, codes=codes):
        raise PermissionDenied(_("This user works outside your territorial units."))


def _require_assignable(actor: Actor, *, reach: str, codes: list[str]) -> None:
    if policy.prefixes(actor) is None:
        return
    outside = sorted(code for code in codes if not policy.in_territory(actor, code))
    if outside:
        message = _("These territorial units are outside your territory: %(codes)s.")
        raise PermissionDenied(message % {"codes": ", ".join(outside)}, field="units")
    if not _inside(actor, reach=reach, codes=codes):
        raise PermissionDenied(
            _("This reach would let the user see beyond your own territory."), field="reach"
        )


def _locked(actor: Actor, user: User) -> User:
    """The account, re-read and locked for the change, after checking the actor may manage it."""
    _require_admin(actor)
    account = User.objects.select_for_update().get(pk=user.pk)
    _require_manageable(actor, account)
    return account


def _account(user: User) -> dict[str, Any]:
    return {
        "role": user.role,
        "reach": user.reach,
        "units": sorted(unit.code for unit in user.units.all()),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
    }


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    role: str,
    reach: str,
    units: Iterable[str],
    first_name: str,
    last_name: str,
    language: str,
) -> User:
    """Change an account's role, reach, units, names and language (not its user name)."""
    user = _locked(actor, user)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if reach not in Reach.values:
        raise DomainError(_("Unknown reach."), field="reach")
    if language not in LANGUAGES:
        raise DomainError(_("Unknown language."), field="language")
    if user.pk == actor.pk and role != Role.ADMINISTRATOR:
        # Otherwise a territory could be left without anyone able to manage its accounts.
        raise DomainError(_("You cannot take the administrator role from yourself."), field="role")
    codes = sorted(set(units))
    found = list(KatoUnit.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise DomainError(_("Unknown territorial unit."), field="units")
    if reach != Reach.NATIONAL and not found:
        raise DomainError(_("A user needs at least one territorial unit."), field="units")
    _require_assignable(actor, reach=reach, codes=codes)
    before = _account(user)
    user.role, user.reach, user.preferred_language = role, reach, language
    user.first_name, user.last_name = " ".join(first_name.split()), " ".join(last_name.split())
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationFailed(dict(exc.message_dict)) from None
    after = {**_account(user), "units": codes}
    changes = diff(before, after)
    if not changes:
        return user
    user.save(update_fields=["role", "reach", "first_name", "last_name", "preferred_language"])
    user.units.set(found)
    audit.record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        changes=changes,
    )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool, reason: str) -> User:
    """Deactivate an account (it can no longer sign in, its sessions end) or reactivate it."""
    user = _locked(actor, user)
    if not active and user.pk == actor.pk:
        raise DomainError(_("You cannot deactivate your own account."), code="self")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the change."), field="reason", code="reason_required")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"is_active": [not active, active]},
        reason=reason,
    )
    return user


@transaction.atomic
def user_reset_password(*, actor: Actor, user: User, password: str) -> User:
    """Set a new password (the account's open sessions end). The audit row says only that it changed."""
    user = _locked(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"password": "changed"},
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> User:
    """Clear the failed sign-ins that locked the account, so its owner can sign in again now."""
    user = _locked(actor, user)
    failures = failed_sign_ins(user.username)
    if not axes_reset(username=user.username):
        raise DomainError(_("This account has no failed sign-ins to clear."), code="not_locked")
    audit.record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"failed_sign_ins": [failures, 0]},
    )
    return user
