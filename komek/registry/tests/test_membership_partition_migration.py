"""The migrations that give each membership its family's address and partition the memberships by
region (registry 0010 and 0011, ADR 0069), run on populated tables, back and forward.

Families in two regions are made through the registry's services, one member moved between
them; the schema is taken back to before the migrations (one plain table, its unique indexes and
plain keys, no territory) with every row there; then the migrations are applied again: every
membership is there with its id and fields, its territory its family's address, in its region's
partition; the key to the family cascades (the plain one gone), the trigger holds one current family
per person, the grants are as before and the sequence goes on. PostgreSQL only: on SQLite the
partitioning does nothing (0010's column is tested everywhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from komek.accounts.choices import Role
from komek.common import partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.registry.services.families import MemberSpec, family_add_member, family_create

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("membership-partition-migration"),
]
BEFORE = [("registry", "0009_incomes_partitioned_by_region")]
ALMALY = "751110000"
COLUMNS = "id, family_id, person_id, relation, valid_from, valid_to"


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("registry_membership", "registry_membership_id_seq")


def test_the_populated_memberships_are_partitioned_and_back(
    schema_restored: None, make_user: Any, make_person: Any
) -> None:
    registrar = make_user(Role.REGISTRAR, units=("351600000", "750000000"), username="two_regions")
    heads = [
        make_person(actor=registrar, name="Нурлан"),
        make_person(kato=ALMALY, actor=registrar, name="Ерлан"),
    ]
    child = make_person(actor=registrar, name="Айдос", birth_date=dt.date(2015, 3, 1))
    balkhash, almaty = (
        family_create(
            actor=registrar,
            kato=head.kato_id,
            valid_from=dt.date(2020, 1, 1),
            members=[MemberSpec(person=head, relation="head")],
        )  # fmt: skip
        for head in heads
    )
    family_add_member(
        actor=registrar, family=balkhash, person=child, relation="child", valid_from=dt.date(2020, 2, 1)
    )
    family_add_member(
        actor=registrar, family=almaty, person=child, relation="child", valid_from=dt.date(2021, 2, 1)
    )
    rows = sql(f"SELECT {COLUMNS} FROM registry_membership ORDER BY id")  # noqa: S608
    grants = _grants()
    assert len(rows) == 4

    schema.migrate(BEFORE)  # back: one plain table, no territory
    assert partitions.partitions_of(connection, "registry_membership") == []
    assert sql(f"SELECT {COLUMNS} FROM registry_membership ORDER BY id") == rows  # noqa: S608
    assert sql("SELECT 1 FROM pg_indexes WHERE indexname = 'membership_one_current_family'") == [(1,)]
    assert not sql("SELECT 1 FROM pg_proc WHERE proname = 'membership_one_current_family'")
    assert _grants() == grants
    (last_id,) = sql("SELECT last_value FROM registry_membership_id_seq")[0]

    schema.migrate_to_latest()

    assert len(partitions.partitions_of(connection, "registry_membership")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM registry_membership ORDER BY id") == rows  # noqa: S608
    placed = sql(
        "SELECT m.tableoid::regclass::text, m.territory = f.kato_code, count(*) FROM registry_membership m "
        "JOIN registry_family f ON f.id = m.family_id GROUP BY 1, 2 ORDER BY 1"
    )
    assert placed == [("registry_membership_r35", True, 2), ("registry_membership_r75", True, 2)]
    keys = [d for (d,) in sql(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'registry_membership'::regclass AND contype = 'f' AND conparentid = 0 ORDER BY 1"
    )]  # fmt: skip
    assert keys == [
        "FOREIGN KEY (family_id, territory) REFERENCES registry_family(id, kato_code) ON UPDATE CASCADE",
        "FOREIGN KEY (person_id, person_territory) REFERENCES registry_person(id, kato_code) "
        "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED",  # the persons are partitioned too (0013)
    ]
    assert _grants() == grants
    with pytest.raises(IntegrityError), transaction.atomic():  # the child is current in Almaty already
        sql(
            "INSERT INTO registry_membership (family_id, person_id, person_territory, territory, relation, "
            "valid_from) VALUES (%s, %s, %s, %s, 'child', '2022-01-01')",
            [balkhash.pk, child.pk, child.kato_id, balkhash.kato_id],
        )
    another = make_person(actor=registrar, name="Асель", sex="female")
    added = family_add_member(
        actor=registrar, family=balkhash, person=another, relation="spouse", valid_from=dt.date(2022, 1, 1)
    )
    assert added.pk > last_id and added.territory == balkhash.kato_id  # the sequence went on
