"""The migrations that give each monthly income its person's address and partition the incomes by
region (registry 0008 and 0009, ADR 0066), run on a populated table, forward and back.

The schema is taken back to before them (one plain table, no territory), incomes of persons in two
regions are written as the registry wrote them then (with a gap in the ids), and the migrations are
applied again: every income is there with its id and fields, its territory its person's address, in
its region's partition, the unique key with the territory, the key to the person cascading (the
plain key gone), the grants as before, the sequence going on after the old position; then back.
PostgreSQL only: on SQLite the partitioning does nothing (0008's column is tested everywhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction

from komek.accounts.choices import Role
from komek.common import partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.registry.models import Person
from komek.registry.services.incomes import income_record
from komek.registry.services.persons import person_update

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("income-partition-migration"),
]
BEFORE = [("registry", "0007_unitsummary")]
ALMALY = "751110000"
COLUMNS = "id, person_id, month, income_type, amount, source"


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("registry_income")


def _old_incomes(persons: list[Person], month: dt.date) -> None:
    """A month of wages of each person, as the registry wrote incomes before their territory."""
    sql(
        "INSERT INTO registry_income (person_id, month, income_type, amount, source, created_at) "
        "SELECT p.id, %s, 'wages', 100000 + p.id, 'declared', now() FROM registry_person p "
        "WHERE p.id = ANY(%s) ORDER BY p.id",
        [month, [p.pk for p in persons]],
    )


def test_the_populated_incomes_are_partitioned_and_back(
    schema_restored: None, make_user: Any, make_person: Any
) -> None:
    schema.migrate(BEFORE)
    assert partitions.partitions_of(connection, "registry_income") == []
    mover = make_user(Role.REGISTRAR, units=("351600000", "750000000"), username="two_regions")
    persons = [make_person(actor=mover, name=f"Нурлан{'а' * i}") for i in range(3)]
    persons += [make_person(kato=ALMALY, actor=mover, name=f"Ерлан{'а' * i}") for i in range(2)]
    _old_incomes(persons, dt.date(2024, 1, 1))
    with transaction.atomic():  # a gap in the ids, as a rolled-back insert leaves one
        sql("SELECT nextval(pg_get_serial_sequence('registry_income', 'id'))")
    _old_incomes(persons, dt.date(2024, 2, 1))
    before = sql(f"SELECT {COLUMNS} FROM registry_income ORDER BY id")  # noqa: S608
    (last_id,) = sql("SELECT last_value FROM registry_income_id_seq")[0]
    grants = _grants()
    assert len(before) == 10

    schema.migrate_to_latest()

    assert len(partitions.partitions_of(connection, "registry_income")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM registry_income ORDER BY id") == before  # noqa: S608
    placed = sql(
        "SELECT i.tableoid::regclass::text, i.territory = p.kato_code, count(*) FROM registry_income i "
        "JOIN registry_person p ON p.id = i.person_id GROUP BY 1, 2 ORDER BY 1"
    )
    assert placed == [("registry_income_r35", True, 6), ("registry_income_r75", True, 4)]
    assert _grants() == grants
    keys = dict(sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'registry_income'::regclass AND contype IN ('u', 'f')"
    ))  # fmt: skip
    assert keys["income_one_per_month"] == "UNIQUE (person_id, month, income_type, source, territory)"
    assert keys["income_territory_of_person"] == (
        "FOREIGN KEY (person_id, territory) REFERENCES registry_person(id, kato_code) ON UPDATE CASCADE"
    )
    assert "FOREIGN KEY (person_id) REFERENCES" not in " ".join(keys.values())  # implied by the pair

    income = income_record(
        actor=mover, person=persons[0], month=dt.date(2024, 3, 1), income_type="wages", amount="5"
    )
    assert income.pk > last_id and income.territory == persons[0].kato_id  # the sequence went on
    person_update(actor=mover, person=persons[0], kato=ALMALY)  # three incomes move to Almaty's partition
    assert sql("SELECT tableoid::regclass::text, count(*) FROM registry_income GROUP BY 1 ORDER BY 1") == [
        ("registry_income_r35", 4),
        ("registry_income_r75", 7),
    ]

    schema.migrate(BEFORE)  # and back: one plain table with the same rows, no territory
    assert partitions.partitions_of(connection, "registry_income") == []
    assert _grants() == grants
    assert len(sql("SELECT id FROM registry_income")) == 11
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "registry_income")}
    assert "territory" not in columns
    assert not sql("SELECT 1 FROM pg_indexes WHERE indexname = 'registry_person_id_kato'")
    back = [d for (d,) in sql(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'registry_income'::regclass "
        "AND contype = 'f'"
    )]  # fmt: skip
    assert back == ["FOREIGN KEY (person_id) REFERENCES registry_person(id) DEFERRABLE INITIALLY DEFERRED"]
