"""Fetching the object a page acts on, through the scoped selectors (outside the territory: 404)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.common.errors import NotFound
from komek.registry.models import Family, Membership, Person
from komek.registry.selectors import family_opened, person_opened


def visible_person(user: User, pk: int) -> Person:
    """The person the page shows (the read audited)."""
    return person_opened(user=user, person_id=pk)


def visible_family(user: User, pk: int) -> Family:
    """The family the page shows (the read audited, naming its members)."""
    return family_opened(user=user, family_id=pk)


def current_member(family: Family, person_pk: int) -> Person:
    """A current member of a family the user may see (the member's own address may lie elsewhere)."""
    membership = (
        Membership.objects.select_related("person").filter(
            family=family, person_id=person_pk, valid_to__isnull=True
        )
    ).first()
    if membership is None:
        raise NotFound(_("This person is not a current member of the family."))
    return membership.person
