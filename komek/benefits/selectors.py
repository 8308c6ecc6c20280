"""Every read of assignments, scoped to the asking user's capability and territory.

Reads of an assignment's page name the recipient and show an account number: they are audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.errors import NotFound
from komek.registry.selectors import families_visible

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def assignments_visible(user: Actor) -> QuerySet[Assignment]:
    policy.require_any(user, Capability.ASSIGNMENT_VIEW, Capability.CASE_VIEW)
    return policy.scoped(Assignment.objects.all(), user, field="kato_code").select_related("bank")


def assignments_for_family(*, user: Actor, family_id: int) -> QuerySet[Assignment]:
    """The family's assignments (as beneficiary family), newest period first."""
    return assignments_visible(user).filter(family_id=family_id).order_by("-period_start", "-id")


def family_assignments_read(*, user: Actor, family_id: int) -> list[Assignment]:
    """The family's assignments with their recipients, for the family's page (an audited read naming
    the recipients). A family unknown or outside the user's territory is not found."""
    family = families_visible(user).filter(pk=family_id).values_list("kato_id", flat=True).first()
    if family is None:
        raise NotFound(_("No such family in your territorial units."))
    rows = list(assignments_for_family(user=user, family_id=family_id).select_related("recipient"))
    audit.read(
        actor=user, object_type="benefits.family_assignments", object_id=family_id,
        persons=[pk for a in rows for pk in (a.recipient_id, a.person_id)], territory=family,
    )  # fmt: skip
    return rows


def assignments_for_application(*, user: Actor, application_id: int) -> QuerySet[Assignment]:
    return assignments_visible(user).filter(application_id=application_id).order_by("-period_start", "-id")


def assignment_detail(*, user: Actor, assignment_id: int) -> Assignment:
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


def assignment_read(*, user: Actor, assignment_id: int) -> Assignment:
    """One assignment with its amounts and suspensions, for its page (an audited read)."""
    assignment = assignment_detail(user=user, assignment_id=assignment_id)
    audit.read(actor=user, obj=assignment, person_id=assignment.recipient_id, territory=assignment.kato_code)
    return assignment
