"""Every condition a shipped programme tests can be recorded in the registry, with its dates, and
comes out of the registry's columnar read as the engine's variable."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.utils import translation

from komek.common.errors import DomainError
from komek.legislation.population import (
    CIRCUMSTANCE_MAP,
    STATUS_MAP,
    registry_population,
    unrecordable_variables,
)
from komek.registry import choices
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.statuses import status_add
from komek.rules.engine import Engine

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def test_every_variable_a_shipped_programme_tests_can_come_from_the_registry(engine: Engine) -> None:
    """Meta-test: no status flag, count or circumstance of a programme's conditions, amount, kind
    or limit lacks a (kind, category) of the registry mapped to it."""
    assert unrecordable_variables(engine.programmes, engine.parameters.names) == []


def test_the_meta_test_names_a_condition_the_registry_cannot_give(engine: Engine) -> None:
    """Without the home-schooling category the check names the flag and both programmes testing it;
    a category the registry does not know is named too."""
    without = {key: flags for key, flags in STATUS_MAP.items() if "home_schooled" not in flags}
    assert unrecordable_variables(engine.programmes, engine.parameters.names, without) == [
        "home_schooled: almaty.home_schooling, balkhash.home_schooling"
    ]
    invented = {**STATUS_MAP, ("veteran", "space_veteran"): ("wwii_widow",)}
    assert unrecordable_variables(engine.programmes, engine.parameters.names, invented) == [
        "veteran/space_veteran: not a status of the registry"
    ]


def _pairs() -> list[tuple[str, str, tuple[str, ...]]]:
    """Each (kind, category) of the map, a kind's first category standing for "any category"."""
    return [
        (kind, subtype or choices.STATUS_SUBTYPES[kind].values[0], flags)
        for (kind, subtype), flags in STATUS_MAP.items()
    ]


@pytest.mark.parametrize(("kind", "subtype", "flags"), _pairs())
def test_each_status_recorded_with_its_dates_becomes_its_flags(registrar, make_person, kind, subtype, flags):
    """A status recorded through the registry's service is read as the engine's flags while in
    force, and not after its end date."""
    person = make_person(birth_date=dt.date(1940, 5, 9))
    family_create(actor=registrar, members=[MemberSpec(person, "head")], kato="351610000",
                  valid_from=dt.date(2020, 1, 1))  # fmt: skip
    status_add(actor=registrar, person=person, kind=kind, subtype=subtype, valid_from=dt.date(2023, 1, 1),
               valid_to=dt.date(2024, 12, 31))  # fmt: skip
    during = registry_population(on=ON, prefix="3516").persons.row(0, named=True)["statuses"]
    assert set(flags) <= set(during)
    after = registry_population(on=dt.date(2025, 1, 2), prefix="3516").persons.row(0, named=True)["statuses"]
    assert not set(flags) & set(after)


def test_a_circumstance_recorded_on_a_member_is_the_family_s(registrar, make_person):
    """A fire recorded on the child is the family's circumstance on the date, and not before it."""
    head = make_person(name="Ерлан")
    child = make_person(name="Айгерим", birth_date=dt.date(2015, 2, 3), sex="female")
    family = family_create(actor=registrar, members=[MemberSpec(head, "head"), MemberSpec(child, "child")],
                           kato="351610000", valid_from=dt.date(2020, 1, 1))  # fmt: skip
    for code in ("fire_damage", "difficult_life_situation"):
        status_add(
            actor=registrar, person=child, kind="circumstance", subtype=code, valid_from=dt.date(2024, 5, 1)
        )
    families = registry_population(on=ON, prefix="3516").families
    assert families.filter(pl.col("family_id") == family.pk)["circumstances"].to_list() == [
        ["difficult_life_situation", "fire_damage"]
    ]
    before = registry_population(on=dt.date(2024, 4, 30), prefix="3516").families
    assert before["circumstances"].to_list() == [[]]
    assert set(CIRCUMSTANCE_MAP.values()) <= set(choices.Circumstance.values)


def test_a_status_with_no_validity_date_is_refused(registrar, make_person):
    """No start date: a clear error naming the field, nothing written."""
    person = make_person()
    with translation.override("en"), pytest.raises(DomainError, match="valid from") as caught:
        status_add(actor=registrar, person=person, kind="lives_alone", subtype="none", valid_from=None)
    assert caught.value.field == "valid_from"
    assert not person.statuses.exists()
