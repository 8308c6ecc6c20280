"""Fetching the object a page acts on, through the scoped selectors (outside the territory: 404)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.common.errors import NotFound
from komek.registry.codes import Relation
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


_RELATION_ORDER = {value: i for i, value in enumerate(Relation.values)}


def head_first(members: list[Membership]) -> list[Membership]:
    """Members in the order staff read a family: the head, the spouse, children, then the others."""
    return sorted(members, key=lambda m: (_RELATION_ORDER.get(m.relation, 99), m.person.birth_date))
