"""The assignments partitioned by region on PostgreSQL (ADR 0068): each assignment lies in the
partition of its beneficiary's region, and what refers to it (its amounts, suspensions and
overpayments, the assignment that continues it) carries its address; a territory's assignments are
read from its region's partition only (the plan is read); the keys to an assignment name it with
its address, refuse any other, cascade the deletion of its amounts and suspensions and refuse that
of an assignment something else refers to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from komek.accounts.choices import Role
from komek.benefits.models import Assignment, AssignmentAmount, Suspension
from komek.benefits.selectors import assignment_read, assignments_visible
from komek.benefits.services import assignment_reassign, assignment_suspend
from komek.common import partitions
from komek.common.tests.schema import query_reads, sql
from komek.payments.models import Overpayment
from komek.payments.services.overpayments import overpayment_record

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
ALMALY = "751110000"


@pytest.fixture
def two_regions(make_assignment: Any, almaty_family: Any, almaty_caseworker: Any) -> dict[str, Assignment]:
    """A TSA assignment in Balkhash (the Karaganda region, 35) and one in Almaty (75)."""
    return {"35": make_assignment(), "75": make_assignment(family=almaty_family, actor=almaty_caseworker)}


def _suspended(actor: Any, assignment: Assignment) -> None:
    assignment_suspend(
        actor=actor, assignment_id=assignment.pk, date_from=dt.date(2020, 3, 1), date_to=None,
        reason="documents_pending",
    )  # fmt: skip


def test_what_refers_to_an_assignment_carries_its_address(
    two_regions: dict[str, Assignment], caseworker: Any, make_user: Any
) -> None:
    """Amounts, suspensions, overpayments and a continuation take the assignment's address from the
    services that write them, on both databases."""
    balkhash = two_regions["35"]
    _suspended(caseworker, balkhash)
    accountant = make_user(Role.ACCOUNTANT, username="balkhash_accountant")
    overpayment_record(actor=accountant, assignment_id=balkhash.pk, amount=1000, reason="income_hidden")
    amounts = AssignmentAmount.objects.select_related("assignment")
    assert amounts.count() == 2
    assert all(a.territory == a.assignment.kato_code for a in amounts)
    assert Suspension.objects.get().territory == balkhash.kato_code
    assert Overpayment.objects.get().territory == balkhash.kato_code
    later = assignment_reassign(
        actor=caseworker, assignment_id=balkhash.pk,
        period_start=dt.date(2020, 7, 1), period_end=dt.date(2020, 12, 31),
    )  # fmt: skip
    assert (later.previous_id, later.previous_territory) == (balkhash.pk, balkhash.kato_code)


@only_postgres
def test_assignments_lie_in_their_regions_partition(two_regions: dict[str, Assignment]) -> None:
    placed = sql("SELECT tableoid::regclass::text, kato_code FROM benefits_assignment ORDER BY 1")
    assert placed == [
        ("benefits_assignment_r35", two_regions["35"].kato_code),
        ("benefits_assignment_r75", ALMALY),
    ]
    assert len(partitions.partitions_of(connection, "benefits_assignment")) == len(partitions.REGIONS) + 1


@only_postgres
def test_a_territorys_assignments_are_read_from_its_regions_partition(
    two_regions: dict[str, Assignment], caseworker: Any
) -> None:
    """The access policy states the caseworker's territory as a range of the partition key; an
    assignment's page reads it, its amounts and suspensions from the Balkhash region only."""
    assert query_reads(assignments_visible(caseworker), "benefits_assignment") == {"benefits_assignment_r35"}
    assert list(assignments_visible(caseworker)) == [two_regions["35"]]
    seen: list[str] = []

    def record(execute: Any, statement: str, params: Any, many: bool, context: Any) -> Any:
        if "benefits_assignment" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)
        return execute(statement, params, many, context)

    with connection.execute_wrapper(record):
        page = assignment_read(user=caseworker, assignment_id=two_regions["35"].pk)
    assert page.pk == two_regions["35"].pk and seen
    queryset = assignments_visible(caseworker).filter(pk=two_regions["35"].pk)
    assert query_reads(queryset, "benefits_assignment") == {"benefits_assignment_r35"}


@only_postgres
def test_the_keys_to_an_assignment_refuse_another_address(two_regions: dict[str, Assignment]) -> None:
    """An amount, a suspension, an overpayment or a continuation naming an assignment with another
    address than its own is refused: the partition key is part of every key to it."""
    balkhash = two_regions["35"]
    writes = [
        ("INSERT INTO benefits_assignmentamount (assignment_id, territory, valid_from, monthly_amount, "
         "reason, recalculated) VALUES (%s, %s, '2020-07-01', 1, 'test', false)"),
        ("INSERT INTO benefits_suspension (assignment_id, territory, date_from, reason, note, created_at) "
         "VALUES (%s, %s, '2020-03-01', 'documents_pending', '', now())"),
        ("INSERT INTO payments_overpayment (assignment_id, territory, amount, reason, detected_on, note, "
         "created_at) VALUES (%s, %s, 1, 'income_hidden', '2020-03-01', '', now())"),
        ("UPDATE benefits_assignment SET previous_id = %s, previous_territory = %s "
         "WHERE kato_code = '751110000'"),
    ]  # fmt: skip
    for statement in writes:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [balkhash.pk, ALMALY])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@only_postgres
def test_deleting_an_assignment_takes_its_amounts_and_suspensions_and_spares_the_referred(
    two_regions: dict[str, Assignment], caseworker: Any, make_user: Any
) -> None:
    balkhash, almaty = two_regions["35"], two_regions["75"]
    _suspended(caseworker, balkhash)
    with transaction.atomic():
        Assignment.objects.filter(pk=balkhash.pk).delete()
    assert not AssignmentAmount.objects.filter(assignment_id=balkhash.pk).exists()
    assert not Suspension.objects.exists()
    accountant = make_user(Role.ACCOUNTANT, units=(ALMALY,), username="almaly_accountant")
    overpayment_record(actor=accountant, assignment_id=almaty.pk, amount=1000, reason="income_hidden")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM benefits_assignment WHERE id = %s", [almaty.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@only_postgres
def test_an_unpaid_assignments_new_address_takes_what_refers_to_it_along(
    two_regions: dict[str, Assignment], caseworker: Any
) -> None:
    """An address corrected before any payment moves the assignment to the other region's partition
    with its amounts, suspensions and continuation (the lines' key refuses it once paid:
    ``test_line_partitions``)."""
    balkhash = two_regions["35"]
    _suspended(caseworker, balkhash)
    with transaction.atomic():
        Assignment.objects.filter(pk=balkhash.pk).update(kato_code=ALMALY)
    assert sql("SELECT tableoid::regclass::text FROM benefits_assignment WHERE id = %s", [balkhash.pk]) == [
        ("benefits_assignment_r75",)
    ]
    assert set(
        AssignmentAmount.objects.filter(assignment_id=balkhash.pk).values_list("territory", flat=True)
    ) == {ALMALY}
    assert Suspension.objects.get().territory == ALMALY
