"""The persons partitioned by region on PostgreSQL (ADR 0070): every row that refers to a person
carries the person's registered address beside the key, and a key on the pair names the person's
partition; a person who moves takes every such row along (the keys cascade on PostgreSQL, the
registry's service moves them on SQLite); a territory's persons are read from its partition only;
one person per IIN holds across regions, serialised between transactions."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Count

from komek.common import partitions
from komek.common.tests.schema import query_reads, sql, until_waiting_on_a_lock
from komek.registry.fields import CARRIERS
from komek.registry.models import Membership, Person, PersonStatus
from komek.registry.selectors import persons_visible
from komek.registry.services.persons import person_update
from komek.registry.services.statuses import status_add

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
BALKHASH_TOWN = "351610000"
ALMALY = "751110000"
PLACED = "SELECT tableoid::regclass::text, count(*) FROM registry_person GROUP BY 1 ORDER BY 1"
# A copy of a person (parameters: the IIN, the address, the person copied): raw SQL, as a bulk
# writer or a second application server would write.
COPY = (
    "INSERT INTO registry_person (iin, surname, name, patronymic, birth_date, sex, citizenship, "
    "kato_code, street, phone, email, search_key, language, created_at, updated_at) "
    "SELECT %s, surname, name, patronymic, birth_date, sex, citizenship, %s, street, phone, email, "
    "search_key, language, now(), now() FROM registry_person WHERE id = %s"
)


@pytest.fixture
def family(balkhash_couple: Any, mover: Any) -> Any:
    """A family of two in Balkhash; the head has a status."""
    head = balkhash_couple.memberships.get(relation="head").person
    status_add(actor=mover, person=head, kind="pensioner", subtype="age", valid_from=dt.date(2020, 1, 1))
    return balkhash_couple


def _addresses(person: Person) -> set[tuple[str, str]]:
    """(model, address) of every row that refers to the person, through every key to a person."""
    found = set()
    for model, field in CARRIERS:
        key = model._meta.get_field(field.of).attname  # type: ignore[union-attr]
        for address in model._base_manager.filter(**{key: person.pk}).values_list(field.attname, flat=True):
            found.add((model._meta.label, address))
    return found


def test_every_row_that_refers_to_a_person_carries_their_address(family: Any) -> None:
    head = family.memberships.get(relation="head").person
    assert _addresses(head) == {
        ("registry.Membership", BALKHASH_TOWN), ("registry.PersonStatus", BALKHASH_TOWN),
    }  # fmt: skip
    assert len(CARRIERS) == 43  # every key to a person, in every context, the incomes' included


def test_a_person_who_moves_takes_every_reference_along(family: Any, mover: Any) -> None:
    """On PostgreSQL the keys cascade; on SQLite the registry's service moves the rows: the same."""
    head = person_update(actor=mover, person=family.memberships.get(relation="head").person, kato=ALMALY)
    assert _addresses(head) == {("registry.Membership", ALMALY), ("registry.PersonStatus", ALMALY)}
    spouse = family.memberships.get(relation="spouse")
    assert spouse.person_territory == BALKHASH_TOWN  # the family and the others stay
    made = status_add(
        actor=mover, person=head, kind="student", subtype="university", valid_from=dt.date(2024, 9, 1)
    )
    assert made.person_territory == ALMALY


def test_grouping_by_a_person_reads_every_column_it_shows(family: Any) -> None:
    """A partitioned table's key is (id, region): an aggregate over persons groups by what it shows."""
    counted = Person.objects.annotate(n=Count("memberships")).order_by("pk")
    assert [(p.name, p.n) for p in counted] == [("Нурлан", 1), ("Айгуль", 1)]
    statuses = PersonStatus.objects.select_related("person").annotate(n=Count("id"))
    assert [(s.person.name, s.n) for s in statuses] == [("Нурлан", 1)]


@only_postgres
def test_every_key_to_a_person_names_their_partition() -> None:
    keys = sql(
        "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
        "AND confrelid = 'registry_person'::regclass AND conparentid = 0 ORDER BY 1, 2"
    )
    expected = {
        (model._meta.db_table, model._meta.get_field(field.of).column, field.column)  # type: ignore[union-attr]
        for model, field in CARRIERS
    }
    found = set()
    for table, definition in keys:
        columns = definition.split("(")[1].split(")")[0].split(", ")
        assert definition.endswith(("ON UPDATE CASCADE", "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"))
        assert "REFERENCES registry_person(id, kato_code)" in definition
        found.add((table, *columns))
    assert found == expected


@only_postgres
def test_persons_lie_in_their_regions_partition(family: Any, mover: Any) -> None:
    names = partitions.partitions_of(connection, "registry_person")
    assert len(names) == len(partitions.REGIONS) + 1 and "registry_person_r35" in names
    assert sql(PLACED) == [("registry_person_r35", 2)]
    person_update(actor=mover, person=family.memberships.get(relation="head").person, kato=ALMALY)
    assert sql(PLACED) == [("registry_person_r35", 1), ("registry_person_r75", 1)]
    moved = sql("SELECT tableoid::regclass::text, count(*) FROM registry_membership GROUP BY 1")
    assert moved == [("registry_membership_r35", 2)]  # memberships follow the family, not the person


@only_postgres
def test_a_territorys_persons_are_read_from_its_partition(family: Any, mover: Any, registrar: Any) -> None:
    """Balkhash's registrar's persons are planned on region 35's partition; the mover's, of two
    regions, on the two; every person's id alone, on all 21."""
    assert query_reads(persons_visible(registrar), "registry_person") == {"registry_person_r35"}
    assert query_reads(persons_visible(mover), "registry_person") == {
        "registry_person_r35",
        "registry_person_r75",
    }
    by_id = Person.objects.filter(pk=family.memberships.get(relation="head").person_id)
    assert len(query_reads(by_id, "registry_person")) == len(partitions.REGIONS) + 1


@only_postgres
def test_a_row_addressed_elsewhere_than_its_person_is_refused(family: Any) -> None:
    head = family.memberships.get(relation="head")
    for misaddressed in (
        Membership.objects.filter(pk=head.pk),
        PersonStatus.objects.filter(person_id=head.person_id),
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the keys are deferred, as Django's are
            misaddressed.update(person_territory=ALMALY)


@only_postgres
def test_one_person_per_iin_across_regions(family: Any, mover: Any) -> None:
    """The same IIN in another region is refused in one statement or two; a new IIN is accepted."""
    head = family.memberships.get(relation="head").person
    with pytest.raises(IntegrityError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(COPY, [head.iin, ALMALY, head.pk])
    assert "registry_person_iin_key" in str(refused.value)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(COPY, ["900101300017", ALMALY, head.pk])
    with pytest.raises(IntegrityError), transaction.atomic():  # nor can a correction make a second
        Person.objects.filter(iin="900101300017").update(iin=head.iin)
    assert Person.objects.filter(iin=head.iin).count() == 1


@only_postgres
def test_a_bulk_load_holds_a_few_locks_whatever_its_size(family: Any) -> None:
    """Twenty thousand persons in one statement, then in forty: the transaction holds one lock per
    bucket of IINs at most, where PostgreSQL's shared lock table has room for a few thousand."""
    head = family.memberships.get(relation="head").person
    many = COPY.replace("SELECT %s,", "SELECT CAST(910000000000 + n AS text),").replace(
        "WHERE id = %s", "CROSS JOIN generate_series(%s, %s) n WHERE id = %s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(many, [ALMALY, 0, 19_999, head.pk])
        for start in range(20_000, 40_000, 500):
            cursor.execute(many, [ALMALY, start, start + 499, head.pk])
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        (held,) = cursor.fetchone()
    assert 0 < held <= 64
    assert Person.objects.filter(iin__startswith="91").count() == 40_000


@only_postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_registering_one_iin_in_two_regions_are_serialised(family: Any) -> None:
    """The first registers an IIN in Balkhash (not committed); a second registers it in Almaty: it
    waits on the IIN's lock, then sees the first's committed person and is refused."""
    head = family.memberships.get(relation="head").person
    iin = "900101300017"
    errors: list[BaseException] = []

    def second() -> None:  # on this thread's own connection
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(COPY, [iin, ALMALY, head.pk])
        except IntegrityError as error:  # the refusal expected
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(COPY, [iin, BALKHASH_TOWN, head.pk])
        thread = threading.Thread(target=second)
        thread.start()
        until_waiting_on_a_lock(cursor, "the second transaction never waited on the IIN's lock")
    thread.join(timeout=300)
    assert len(errors) == 1 and "registry_person_iin_key" in str(errors[0])
    assert sql("SELECT kato_code FROM registry_person WHERE iin = %s", [iin]) == [(BALKHASH_TOWN,)]
