"""Fetching the object a page acts on, through the scoped selectors (outside the territory: 404)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.common.errors import NotFound
from komek.registry.models import Family, Membership, Person
from komek.registry.selectors import families_visible, persons_visible


def visible_person(user: User, pk: int) -> Person:
    person = persons_visible(user).select_related("kato").filter(pk=pk).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    return person


def visible_family(user: User, pk: int) -> Family:
    family = families_visible(user).filter(pk=pk).first()
    if family is None:
        raise NotFound(_("No such family in your territorial units."))
    return family


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
