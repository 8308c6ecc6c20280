"""The monthly incomes partitioned by region on PostgreSQL (ADR 0066): each income carries its
person's registered address and lies in its region's partition; a person's or a family's incomes
are read from their region's partition only (the plan is read); the foreign key on (person,
territory) refuses an income addressed elsewhere than its person and moves the incomes with a
person who moves to another region, as the registry's service does on SQLite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from komek.common import partitions
from komek.common.tests.schema import tables_read
from komek.registry.models import Income
from komek.registry.selectors import family_card, incomes_of
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.incomes import income_record
from komek.registry.services.persons import person_update

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
MONTHS = (dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1))


@pytest.fixture
def family(make_person: Any, mover: Any) -> Any:
    """A family of two in Balkhash, each member with three months of wages."""
    head = make_person(actor=mover)
    spouse = make_person(name="Айгуль", sex="female", birth_date=dt.date(1987, 6, 2), actor=mover)
    created = family_create(
        actor=mover, kato=BALKHASH_TOWN, valid_from=dt.date(2020, 1, 1),
        members=[MemberSpec(person=head, relation="head"), MemberSpec(person=spouse, relation="spouse")],
    )  # fmt: skip
    for person in (head, spouse):
        for month in MONTHS:
            income_record(actor=mover, person=person, month=month, income_type="wages", amount="150000")
    return created


def _incomes_read(sql: str, params: Any = ()) -> set[str]:
    """The tables of incomes a statement's plan reads (``EXPLAIN``, not run)."""
    return tables_read(sql, params, "registry_income")


def _placed() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text, territory, count(*) FROM registry_income "
            "GROUP BY 1, 2 ORDER BY 1"
        )
        return list(cursor.fetchall())


def test_each_income_carries_its_persons_address(family: Any) -> None:
    incomes = Income.objects.select_related("person")
    assert incomes.count() == 6
    assert {(i.territory, i.person.kato_id) for i in incomes} == {(BALKHASH_TOWN, BALKHASH_TOWN)}


def test_a_person_who_moves_takes_their_incomes_along(family: Any, mover: Any) -> None:
    """On PostgreSQL the key cascades; on SQLite the registry's service moves them: the same result."""
    head = person_update(actor=mover, person=family.memberships.get(relation="head").person, kato=ALMALY)
    moved = Income.objects.filter(person=head)
    assert moved.count() == 3 and set(moved.values_list("territory", flat=True)) == {ALMALY}
    assert set(Income.objects.exclude(person=head).values_list("territory", flat=True)) == {BALKHASH_TOWN}
    income_record(actor=mover, person=head, month=dt.date(2024, 4, 1), income_type="wages", amount="1")
    assert Income.objects.get(person=head, month=dt.date(2024, 4, 1)).territory == ALMALY


@only_postgres
def test_incomes_lie_in_their_regions_partition(family: Any, mover: Any) -> None:
    names = partitions.partitions_of(connection, "registry_income")
    assert len(names) == len(partitions.REGIONS) + 1 and "registry_income_r35" in names
    assert _placed() == [("registry_income_r35", BALKHASH_TOWN, 6)]
    head = family.memberships.get(relation="head").person
    person_update(actor=mover, person=head, kato=ALMALY)  # across partitions, by the key's cascade
    assert _placed() == [("registry_income_r35", BALKHASH_TOWN, 3), ("registry_income_r75", ALMALY, 3)]


@only_postgres
def test_a_familys_incomes_are_read_from_its_regions_partition(family: Any, mover: Any) -> None:
    """The family card's read of incomes is planned on the members' region only; the persons' ids
    alone would probe all 21 partitions."""
    with CaptureQueriesContext(connection) as queries:
        card = family_card(user=mover, family_id=family.pk)
    assert [row["total"] for row in card.incomes_by_month] == [300000, 300000, 300000]
    reads = [q["sql"] for q in queries if "registry_income" in q["sql"]]
    assert len(reads) == 1 and _incomes_read(reads[0]) == {"registry_income_r35"}
    persons = list(family.memberships.values_list("person_id", "person__kato_id"))
    assert _incomes_read(*incomes_of(persons).query.sql_with_params()) == {"registry_income_r35"}
    by_id = Income.objects.filter(person_id__in=[p for p, _k in persons])
    assert len(_incomes_read(*by_id.query.sql_with_params())) == len(partitions.REGIONS) + 1


@only_postgres
def test_an_income_addressed_elsewhere_than_its_person_is_refused(family: Any) -> None:
    head = family.memberships.get(relation="head").person
    with pytest.raises(IntegrityError), transaction.atomic():
        Income.objects.create(
            person=head, month=dt.date(2024, 5, 1), income_type="wages", amount=1, source="declared",
            territory=ALMALY,
        )  # fmt: skip
    # nor can an income be moved away from its person
    with connection.cursor() as cursor, pytest.raises(IntegrityError), transaction.atomic():
        cursor.execute("UPDATE registry_income SET territory = %s WHERE person_id = %s", [ALMALY, head.pk])
