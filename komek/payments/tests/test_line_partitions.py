"""The payment lines partitioned by region on PostgreSQL (ADR 0057): each line carries its
assignment's address and lies in its region's partition; a payroll's lines and a territory's are
read from their region's partition only (the plan is read); the foreign key on (assignment,
territory) refuses a line addressed elsewhere than its assignment, and an assignment's new address
once it is paid; the regular stage reads no payment line, so its plan does not depend on the lines'
statistics (the first payroll of an installation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from komek.accounts import policy
from komek.accounts.policy import system
from komek.benefits.models import Assignment
from komek.common import partitions
from komek.common.tests.schema import query_reads, tables_read
from komek.payments import generation
from komek.payments.models import PaymentLine, Payroll
from komek.payments.selectors import payroll_view
from komek.payments.services import payroll_run
from komek.payments.territory import lines_in

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="partitions: PostgreSQL")
FEB = dt.date(2020, 2, 1)
ALMALY = "751110000"  # Almaly district of Almaty, as the fixtures' (benefits.tests.fixtures)


@pytest.fixture
def two_regions(make_assignment: Any, almaty_family: Any, almaty_caseworker: Any) -> dict[str, Payroll]:
    """A TSA assignment in Balkhash (Karaganda region, 35) and one in Almaty (75), February paid:
    the payrolls by their department's prefix."""
    make_assignment()
    make_assignment(family=almaty_family, actor=almaty_caseworker)
    return {p.prefix: p for p in payroll_run(actor=system("tests"), month=FEB)}


def _lines_read(sql: str, params: list[Any]) -> set[str]:
    """The tables of payment lines a statement's plan reads (``EXPLAIN``, not run)."""
    return tables_read(sql, params, "payments_paymentline")


def _scanned(queryset: Any) -> set[str]:
    return query_reads(queryset, "payments_paymentline")


def test_each_line_carries_its_assignments_address(two_regions: dict[str, Payroll]) -> None:
    """Every stage copies the assignment's address into the line, within the payroll's prefix."""
    lines = PaymentLine.objects.select_related("assignment", "payroll")
    assert lines.count() == 2
    for line in lines:
        assert line.territory == line.assignment.kato_code
        assert line.territory.startswith(line.payroll.prefix)
    assert {p: list(PaymentLine.objects.filter(lines_in(p)).values_list("territory", flat=True))
            for p in two_regions} == {"3516": ["351610000"], "75": [ALMALY]}  # fmt: skip


@only_postgres
def test_lines_lie_in_their_regions_partition(two_regions: dict[str, Payroll]) -> None:
    names = partitions.partitions_of(connection, "payments_paymentline")
    assert len(names) == len(partitions.REGIONS) + 1 and "payments_paymentline_r35" in names
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text, territory FROM payments_paymentline ORDER BY 1")
        assert cursor.fetchall() == [
            ("payments_paymentline_r35", "351610000"), ("payments_paymentline_r75", ALMALY),
        ]  # fmt: skip


@only_postgres
def test_a_payrolls_lines_are_read_from_its_regions_partition(
    two_regions: dict[str, Payroll], accountant: Any
) -> None:
    """The payroll page's reads and a territory's state the range: one partition; the payroll's id
    alone would probe all 21."""
    balkhash = two_regions["3516"]
    own = PaymentLine.objects.filter(lines_in(balkhash.prefix), payroll=balkhash)
    assert _scanned(own) == {"payments_paymentline_r35"}
    assert _scanned(own.values("kind").annotate(n=Count("id"))) == {"payments_paymentline_r35"}
    assert len(_scanned(PaymentLine.objects.filter(payroll=balkhash))) == len(partitions.REGIONS) + 1
    almaty = two_regions["75"]
    assert _scanned(PaymentLine.objects.filter(lines_in(almaty.prefix), payroll=almaty)) == {
        "payments_paymentline_r75"
    }
    # The access policy states a user's territory as a range of the partition key (ADR 0053).
    scoped = policy.scoped(PaymentLine.objects.all(), accountant, field="territory")
    assert _scanned(scoped) == {"payments_paymentline_r35"}


@only_postgres
def test_the_payroll_page_reads_one_partition(two_regions: dict[str, Payroll], accountant: Any) -> None:
    """Every query the payroll page makes of the lines names the Balkhash region's partition only."""
    balkhash = two_regions["3516"]
    seen: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "payments_paymentline" in sql and sql.lstrip().upper().startswith("SELECT"):
            seen.append(sql)
            assert _lines_read(sql, list(params or [])) == {"payments_paymentline_r35"}, sql
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        view = payroll_view(user=accountant, payroll_id=balkhash.pk)
    assert len(view.lines) == 1 and len(seen) == 3


@only_postgres
def test_a_line_addressed_elsewhere_than_its_assignment_is_refused(two_regions: dict[str, Payroll]) -> None:
    """The unique keys carry the territory; the foreign key keeps it the assignment's, so a second
    regular line of the same month cannot slip into another region's partition."""
    line = PaymentLine.objects.get(territory__startswith="35")
    columns = generation.COLUMNS
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO payments_paymentline ({columns}) SELECT payroll_id, assignment_id, kind, "  # noqa: S608
            "month, for_month, amount, republican, regional, local, bank_id, iban, status, return_reason, "
            "'751110000' FROM payments_paymentline WHERE id = %s",
            [line.pk],
        )


@only_postgres
def test_a_paid_assignment_keeps_its_address(two_regions: dict[str, Payroll]) -> None:
    """An assignment paid once cannot change its address: a family moving region gets a new one."""
    line = PaymentLine.objects.get(territory__startswith="35")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=line.assignment_id).update(kato_code=ALMALY)


def test_the_regular_stage_reads_no_line(make_assignment: Any) -> None:
    """The month's statement skips a line already there through the unique index (``ON CONFLICT``),
    not by reading the lines: its plan is the same whatever their statistics say."""
    make_assignment()
    payroll = Payroll.objects.create(month=FEB, programme="tsa", territory="351600000", prefix="3516")
    sql, params = generation.month_sql(
        payroll_id=payroll.pk, month=FEB, for_month=FEB, programme="tsa", prefix="3516"
    )
    if POSTGRES:
        assert _lines_read(sql, params) == set()
    assert generation._execute(sql, params) == 1
    assert generation._execute(sql, params) == 0  # run again: the line is there, nothing added
    assert PaymentLine.objects.filter(payroll=payroll).count() == 1
