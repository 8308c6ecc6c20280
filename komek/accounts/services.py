"""Creating and changing staff accounts (administrators only, or the demo loader)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability, Reach, Role
from komek.common.audit import audit_record, created, user_territory
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditAction, KatoUnit


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    units: Iterable[str],
    reach: str = Reach.UNITS,
    first_name: str = "",
    last_name: str = "",
    language: str = "ru",
) -> User:
    """Create a staff account. ``actor`` None is the installation itself (demo loader, first admin)."""
    if actor is not None and not actor.can(Capability.USER_ADMIN):
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
    audit_record(
        territory=user_territory(user),
        actor=actor,
        action=AuditAction.CREATE,
        object_type="accounts.user",
        object_id=user.pk,
        changes=created({"username": username, "role": role, "reach": reach, "units": sorted(codes)}),
    )
    return user
