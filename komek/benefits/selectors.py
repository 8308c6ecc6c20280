"""Every read of assignments, scoped to the asking user's capability and territory."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.benefits.models import Assignment
from komek.common.errors import NotFound, PermissionDenied


def territory_q(user: User, field: str = "kato_code") -> Q:
    prefixes = user.territory_prefixes()
    if prefixes is None:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def assignments_visible(user: User) -> QuerySet[Assignment]:
    if not (user.can(Capability.ASSIGNMENT_VIEW) or user.can(Capability.CASE_VIEW)):
        raise PermissionDenied(_("Your role does not allow this action."))
    return Assignment.objects.filter(territory_q(user)).select_related("bank")


def assignments_for_family(*, user: User, family_id: int) -> QuerySet[Assignment]:
    """The family's assignments (as beneficiary family), newest period first."""
    return assignments_visible(user).filter(family_id=family_id).order_by("-period_start", "-id")


def assignments_for_application(*, user: User, application_id: int) -> QuerySet[Assignment]:
    return assignments_visible(user).filter(application_id=application_id).order_by("-period_start", "-id")


def assignment_detail(*, user: User, assignment_id: int) -> Assignment:
    assignment = (
        assignments_visible(user)
        .select_related("recipient", "family", "person", "previous")
        .prefetch_related("amounts", "suspensions")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound(_("No such assignment."))
    return assignment
