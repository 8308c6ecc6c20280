"""Reading the audit log (auditors, department heads, administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.common.errors import PermissionDenied
from komek.common.models import AuditLog


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    username: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_search(*, user: User, filters: AuditFilter) -> QuerySet[AuditLog]:
    """Audit rows matching the filters, newest first. Dates are whole local days, inclusive."""
    if not user.can(Capability.AUDIT_VIEW):
        raise PermissionDenied(_("Your role does not allow viewing the audit log."))
    qs = AuditLog.objects.all()
    if filters.person_id is not None:
        qs = qs.filter(person_id=filters.person_id)
    if filters.username:
        qs = qs.filter(actor_username=filters.username)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs.order_by("-at", "-id")
