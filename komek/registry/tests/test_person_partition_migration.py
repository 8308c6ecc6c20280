"""The migrations that give every row that refers to a person the person's address and partition the
persons by region (the ``person_address_carried`` migrations of each context and registry 0013,
ADR 0070), run on populated tables, back and forward.

Persons in two regions, with families and statuses, are made through the registry's services; the
schema is taken back to before the migrations (one plain table of persons, its unique IIN, plain
keys to it, no addresses beside them) with every row there; then the migrations are applied again:
every person is there with their id and fields, in their region's partition; every membership and
status carries its person's address; every key to a person names it, the plain ones gone; the
trigger holds one person per IIN; the grants are as before and the sequence goes on. Back again,
the plain keys and the unique IIN return. PostgreSQL only: on SQLite the partitioning does nothing
(the addresses are tested everywhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from komek.common import partitions
from komek.common.tests import schema
from komek.common.tests.schema import sql
from komek.registry.fields import CARRIERS
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.statuses import status_add

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions: PostgreSQL"),
    pytest.mark.xdist_group("person-partition-migration"),
]
# Before the addresses were carried: each context's migration before its ``person_address_carried``.
BEFORE = [
    ("registry", "0011_memberships_partitioned_by_region"),
    ("applications", "0008_case_list_order"),
    ("awards", "0001_initial"),
    ("benefits", "0010_assignments_partitioned_by_region"),
    ("category_payments", "0001_initial"),
    ("centres", "0001_initial"),
    ("charity", "0001_initial"),
    ("commissions", "0002_commission_kinds"),
    ("employment", "0007_microfinance_beside_training_lists"),
    ("migration", "0001_initial"),
    ("portal", "0002_coderequest"),
    ("proactive", "0001_initial"),
    ("rehabilitation", "0003_stay_queues"),
    ("veterans", "0001_initial"),
]
ALMALY = "751110000"
COLUMNS = "id, iin, surname, name, birth_date, sex, kato_code, search_key"
KEYS = (
    "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE contype = 'f' AND confrelid = 'registry_person'::regclass AND conparentid = 0 ORDER BY 1, 2"
)


def _grants() -> list[tuple[Any, ...]]:
    return schema.grants("registry_person", "registry_person_id_seq")


def test_the_populated_persons_are_partitioned_and_back(
    schema_restored: None, make_person: Any, mover: Any
) -> None:
    heads = [make_person(actor=mover, name="Нурлан"), make_person(kato=ALMALY, actor=mover, name="Ерлан")]
    for head in heads:
        family_create(
            actor=mover, kato=head.kato_id, valid_from=dt.date(2020, 1, 1),
            members=[MemberSpec(person=head, relation="head")],
        )  # fmt: skip
        status_add(actor=mover, person=head, kind="pensioner", subtype="age", valid_from=dt.date(2020, 1, 1))
    rows = sql(f"SELECT {COLUMNS} FROM registry_person ORDER BY id")  # noqa: S608
    grants = _grants()
    keys = sql(KEYS)

    schema.migrate(BEFORE)  # back: one plain table, no addresses beside the keys
    assert partitions.partitions_of(connection, "registry_person") == []
    assert sql(f"SELECT {COLUMNS} FROM registry_person ORDER BY id") == rows  # noqa: S608
    assert sql("SELECT 1 FROM pg_constraint WHERE conname = 'registry_person_iin_key'") == [(1,)]
    assert not sql("SELECT 1 FROM information_schema.columns WHERE column_name = 'person_territory'")
    plain = [d for _t, d in sql(KEYS) if "kato_code" not in d]
    # every key to a person on its id alone, but the incomes', which named the address (ADR 0066)
    assert len(plain) == len(CARRIERS) - 1
    assert _grants() == grants
    (last_id,) = sql("SELECT last_value FROM registry_person_id_seq")[0]

    schema.migrate_to_latest()

    assert len(partitions.partitions_of(connection, "registry_person")) == len(partitions.REGIONS) + 1
    assert sql(f"SELECT {COLUMNS} FROM registry_person ORDER BY id") == rows  # noqa: S608
    assert sql("SELECT tableoid::regclass::text, count(*) FROM registry_person GROUP BY 1 ORDER BY 1") == [
        ("registry_person_r35", 1), ("registry_person_r75", 1),
    ]  # fmt: skip
    for table in ("registry_membership", "registry_personstatus"):
        carried = sql(
            f"SELECT t.person_territory = p.kato_code, count(*) FROM {table} t "  # noqa: S608
            "JOIN registry_person p ON p.id = t.person_id GROUP BY 1"
        )
        assert carried == [(True, 2)]
    assert sql(KEYS) == keys  # every key to a person names their address, none on the id alone
    assert _grants() == grants
    with pytest.raises(IntegrityError), transaction.atomic():  # one person per IIN, across regions
        sql(
            "INSERT INTO registry_person (iin, surname, name, patronymic, birth_date, sex, citizenship, "
            "kato_code, street, phone, email, search_key, language, created_at, updated_at) "
            "SELECT iin, surname, name, patronymic, birth_date, sex, citizenship, %s, street, phone, "
            "email, search_key, language, now(), now() FROM registry_person WHERE id = %s",
            [ALMALY, heads[0].pk],
        )
    another = make_person(actor=mover, name="Асель", sex="female")
    assert another.pk > last_id  # the sequence went on
