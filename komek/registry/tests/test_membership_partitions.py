"""The family memberships partitioned by region on PostgreSQL (ADR 0069): each membership carries its
family's address and lies in its region's partition; a family's members are read from its region's
partition only (the plan is read); the foreign key on (family, territory) refuses a membership
addressed elsewhere than its family and moves the memberships with a family that moves to another
region, as the registry's service does on SQLite; one current head per family is a unique index
within the family's partition, and one current family per person is held across the partitions by a
trigger that serialises two transactions giving one person a family in two regions."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from komek.common import partitions
from komek.common.tests.schema import sql, tables_read, until_waiting_on_a_lock
from komek.registry.models import Membership
from komek.registry.selectors import family_card
from komek.registry.services.families import MemberSpec, family_create, family_update_housing

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
END = "UPDATE registry_membership SET valid_to = '2023-12-31' WHERE person_id = %s"
PLACED = "SELECT tableoid::regclass::text, count(*) FROM registry_membership GROUP BY 1 ORDER BY 1"
# Parameters: the family, the person, the territory (the person's address is the person's own).
INSERT = (
    "INSERT INTO registry_membership (family_id, person_id, person_territory, territory, relation, "
    "valid_from) SELECT %s, p.id, p.kato_code, t.code, 'other', '2024-01-01' FROM registry_person p, "
    "(SELECT CAST(%s AS bigint) AS id, CAST(%s AS varchar) AS code) t WHERE p.id = t.id"
)


@pytest.fixture
def family(balkhash_couple: Any) -> Any:
    """A family of two in Balkhash."""
    return balkhash_couple


@pytest.fixture
def almaty_family(make_person: Any, mover: Any) -> Any:
    """A family of one in Almaty."""
    head = make_person(actor=mover, kato=ALMALY, name="Ерлан")
    return family_create(
        actor=mover, kato=ALMALY, valid_from=dt.date(2020, 1, 1),
        members=[MemberSpec(person=head, relation="head")],
    )  # fmt: skip


def test_each_membership_carries_its_familys_address(family: Any) -> None:
    addresses = set(Membership.objects.values_list("territory", "family__kato_id"))
    assert addresses == {(BALKHASH_TOWN, BALKHASH_TOWN)}


def test_a_family_that_moves_takes_its_memberships_along(family: Any, mover: Any) -> None:
    """On PostgreSQL the key cascades; on SQLite the registry's service moves them: the same result."""
    family_update_housing(actor=mover, family=family, kato=ALMALY)
    assert set(Membership.objects.values_list("territory", flat=True)) == {ALMALY}
    if POSTGRES:
        assert sql(PLACED) == [("registry_membership_r75", 2)]


@only_postgres
def test_memberships_lie_in_their_regions_partition(family: Any, almaty_family: Any) -> None:
    assert len(partitions.partitions_of(connection, "registry_membership")) == len(partitions.REGIONS) + 1
    assert sql(PLACED) == [("registry_membership_r35", 2), ("registry_membership_r75", 1)]


@only_postgres
def test_a_familys_members_are_read_from_its_regions_partition(family: Any, mover: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        card = family_card(user=mover, family_id=family.pk)
    assert len(card.members) == 2
    reads = [q["sql"] for q in queries if "registry_membership" in q["sql"]]
    assert reads
    assert all(tables_read(r, (), "registry_membership") == {"registry_membership_r35"} for r in reads)


@only_postgres
def test_a_membership_addressed_elsewhere_than_its_family_is_refused(family: Any) -> None:
    person = family.memberships.get(relation="spouse").person_id
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(END, [person])
        cursor.execute(INSERT, [family.pk, person, ALMALY])


@only_postgres
def test_one_current_family_per_person_across_regions(family: Any, almaty_family: Any) -> None:
    """A current member of a Balkhash family cannot be a current member of an Almaty one too, in one
    statement or in two; once the first membership ends, the second is accepted."""
    person = family.memberships.get(relation="spouse").person_id
    with pytest.raises(IntegrityError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT, [almaty_family.pk, person, ALMALY])
    assert "membership_one_current_family" in str(refused.value)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(END, [person])
        cursor.execute(INSERT, [almaty_family.pk, person, ALMALY])
    current = Membership.objects.filter(person_id=person, valid_to__isnull=True).get()
    assert current.family_id == almaty_family.pk
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:  # the head's too
        cursor.execute(
            "INSERT INTO registry_membership (family_id, person_id, person_territory, territory, relation, "
            "valid_from) SELECT %s, person_id, person_territory, %s, 'other', '2024-02-01' "
            "FROM registry_membership WHERE family_id = %s",
            [almaty_family.pk, ALMALY, family.pk],
        )


@only_postgres
def test_one_head_per_family_within_its_partition(family: Any) -> None:
    spouse = family.memberships.get(relation="spouse")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=spouse.pk).update(relation="head")


@only_postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_giving_one_person_two_families_are_serialised(
    family: Any, almaty_family: Any
) -> None:
    """The first transaction ends the person's Balkhash membership and gives them an Almaty one (not
    committed); a second gives the same person a second Almaty membership: it waits on the person's
    row, then sees the first's committed membership and is refused."""
    person = family.memberships.get(relation="spouse").person_id
    errors: list[BaseException] = []

    def second() -> None:  # on this thread's own connection
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(INSERT, [almaty_family.pk, person, ALMALY])
        except IntegrityError as error:  # the refusal expected
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(END, [person])
        cursor.execute(INSERT, [almaty_family.pk, person, ALMALY])
        thread = threading.Thread(target=second)
        thread.start()
        until_waiting_on_a_lock(cursor, "the second transaction never waited on the person's row")
    thread.join(timeout=300)
    assert len(errors) == 1 and "membership_one_current_family" in str(errors[0])
    assert Membership.objects.filter(person_id=person, valid_to__isnull=True).count() == 1
