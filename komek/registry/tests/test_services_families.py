"""Families: one head, one current family per person, moves kept as history."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import BALKHASH_TOWN
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.registry.models import Family, Membership
from komek.registry.services.families import (
    MemberSpec,
    family_add_member,
    family_create,
    family_remove_member,
    family_set_head,
    family_update_housing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(make_person):
    return (
        make_person(surname="Ахметов", name="Нурлан", birth_date=dt.date(1980, 1, 5)),
        make_person(surname="Ахметова", name="Сауле", sex="female", birth_date=dt.date(1982, 6, 1)),
        make_person(surname="Ахметов", name="Ерлан", birth_date=dt.date(2012, 9, 9)),
    )


def _create(registrar, people, relations=("head", "spouse", "child"), **kw):
    return family_create(
        actor=registrar,
        kato=BALKHASH_TOWN,
        street="Ленина 10-5",
        members=[MemberSpec(p, r) for p, r in zip(people, relations, strict=False)],
        **kw,
    )


def test_create_family_with_three_members(registrar, trio):
    """A family with a head, a spouse and a child, with housing data; all audited."""
    family = _create(registrar, trio, dwellings_owned=1, living_area=Decimal("54.3"), cars_owned=1)
    assert family.memberships.filter(valid_to__isnull=True).count() == 3
    assert AuditLog.objects.filter(object_type="registry.membership", action="create").count() == 3
    assert AuditLog.objects.filter(object_type="registry.family", action="create").count() == 1


def test_family_without_head_is_refused(registrar, trio):
    """A family without a head is refused and nothing is written."""
    with pytest.raises(DomainError) as exc:
        _create(registrar, trio, relations=("spouse", "spouse", "child"))
    assert exc.value.code == "head"
    assert not Family.objects.exists() and not Membership.objects.exists()


def test_family_with_two_heads_is_refused(registrar, trio):
    """A family with two heads is refused."""
    with pytest.raises(DomainError):
        _create(registrar, trio, relations=("head", "head", "child"))


def test_negative_area_is_refused(registrar, trio):
    """A negative living area is refused and no family is created."""
    with pytest.raises(DomainError):
        _create(registrar, trio, living_area=Decimal("-1"))
    assert not Family.objects.exists()


def test_moving_to_another_family_keeps_history(registrar, trio, make_person):
    """A grown child who starts a family leaves the parents' family; the old membership is kept, closed."""
    parents = _create(registrar, trio, valid_from=dt.date(2020, 1, 1))
    partner = make_person(surname="Серикова", name="Дана", sex="female", birth_date=dt.date(2011, 2, 2))
    child = trio[2]
    new = _create(registrar, [child, partner], relations=("head", "spouse"), valid_from=dt.date(2025, 5, 1))
    memberships = Membership.objects.filter(person=child).order_by("valid_from")
    assert [(m.family_id, m.valid_to) for m in memberships] == [
        (parents.pk, dt.date(2025, 4, 30)),
        (new.pk, None),
    ]


def test_head_of_a_family_cannot_move_away_leaving_it_headless(registrar, trio, make_person):
    """Moving the head of a family that still has members is refused until a new head is chosen."""
    _create(registrar, trio)
    other = make_person(surname="Омаров", name="Асет")
    with pytest.raises(DomainError):
        _create(registrar, [trio[0], other], relations=("spouse", "head"))


def test_add_remove_and_change_head(registrar, trio, make_person):
    """Members join and leave (kept as history); the head leaves only once another heads the family."""
    family = _create(registrar, trio[:2], relations=("head", "spouse"))
    family_add_member(actor=registrar, family=family, person=trio[2], relation="child")
    with pytest.raises(DomainError):
        family_add_member(actor=registrar, family=family, person=trio[2], relation="child")
    with pytest.raises(DomainError):
        family_remove_member(actor=registrar, family=family, person=trio[0], reason="left")
    family_set_head(actor=registrar, family=family, person=trio[1], reason="Head died")
    family_remove_member(actor=registrar, family=family, person=trio[0], reason="Moved out")
    current = dict(family.memberships.filter(valid_to__isnull=True).values_list("person_id", "relation"))
    assert current == {trio[1].pk: "head", trio[2].pk: "child"}


def test_update_housing_audits_changes(registrar, trio):
    """A change of housing is audited with the fields that changed, before and after."""
    family = _create(registrar, trio)
    family_update_housing(actor=registrar, family=family, cars_owned=2, dwellings_owned=2)
    row = AuditLog.objects.filter(object_type="registry.family", action="update").get()
    assert row.changes == {"cars_owned": [0, 2], "dwellings_owned": [0, 2]}
