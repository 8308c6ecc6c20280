"""A department's first payroll of a month writes its regular lines without probing for them
(ADR 0073): no line of the month can be there yet, so the statement has no ``ON CONFLICT``; a
payroll resumed after a stage, or a month another payroll of the programme covers, probes as before;
and were a line there after all, the unique index refuses the statement rather than pay twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from komek.accounts.policy import system
from komek.payments import generation
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services import payroll_run

pytestmark = pytest.mark.django_db
FEB, MAR = dt.date(2020, 2, 1), dt.date(2020, 3, 1)
BALKHASH, PREFIX = "351600000", "3516"


def _regular_inserts(queries: list[dict[str, str]]) -> list[str]:
    """The statements of a month's regular lines a run sent (``generation.month_sql``)."""
    statements = (q["sql"] for q in queries)
    return [sql for sql in statements if sql.lstrip().startswith("INSERT") and "a.id, 'regular'" in sql]


def _first(payroll: Payroll) -> bool:
    return generation.first_of_month(
        payroll_id=payroll.pk, stage=payroll.stage, month=payroll.month, programme=payroll.programme,
        prefix=payroll.prefix,
    )  # fmt: skip


def _payroll(*, territory: str = BALKHASH, prefix: str = PREFIX, stage: str = "") -> Payroll:
    """A TSA payroll of February, made as a run makes its header."""
    return Payroll.objects.create(month=FEB, programme="tsa", territory=territory, prefix=prefix, stage=stage)


def test_the_first_payroll_of_a_month_writes_without_probing(make_assignment: Any) -> None:
    make_assignment()
    with CaptureQueriesContext(connection) as captured:
        payroll = payroll_run(actor=system("tests"), month=FEB)[0]
    [statement] = _regular_inserts(captured.captured_queries)  # no earlier month to pay late
    assert "ON CONFLICT" not in statement
    assert payroll.line_count == 1
    assert PaymentLine.objects.filter(payroll=payroll, kind="regular").count() == 1


def test_a_payroll_that_committed_a_stage_probes(make_assignment: Any) -> None:
    """Resumed after a crash: its own lines may be there, so the statement skips them."""
    make_assignment()
    payroll = _payroll(stage="regular")
    assert not _first(payroll)
    for expected in (1, 0):  # the second time, the line is there: nothing added
        assert generation.insert_regular(
            payroll_id=payroll.pk, month=FEB, programme="tsa", prefix=PREFIX, first=False
        ) == expected  # fmt: skip
    assert PaymentLine.objects.filter(payroll=payroll).count() == 1


@pytest.mark.parametrize(
    ("other", "first"),
    [
        ({}, False),  # the same department's other payroll of the month (another budget source)
        ({"territory": "350000000", "prefix": "35"}, False),  # the region's, which contains it
        ({"territory": "351610000", "prefix": "351610"}, False),  # the town's, which it contains
        ({"territory": "", "prefix": ""}, False),  # the whole country's
        ({"month": MAR}, False),  # a later month's: its missed months may include February
        ({"territory": "751110000", "prefix": "7511"}, True),  # another region's department
        ({"programme": "housing"}, True),  # another programme's
        ({"month": dt.date(2020, 1, 1)}, True),  # an earlier month's
    ],
)
def test_the_month_is_first_unless_another_payroll_covers_it(other: dict[str, Any], first: bool) -> None:
    payroll = _payroll()
    assert _first(payroll)
    fields = {"month": FEB, "programme": "tsa", "territory": BALKHASH, "prefix": PREFIX, **other}
    Payroll.objects.create(**fields, budget_source="republican" if fields["territory"] == BALKHASH else "")
    assert _first(payroll) is first


def test_a_line_already_there_is_refused_not_paid_twice(make_assignment: Any) -> None:
    """Were a payroll made in parallel to pay the month too, the plain statement fails on the
    unique index and writes nothing: the stage's transaction is rolled back and the run retried."""
    make_assignment()
    paid = payroll_run(actor=system("tests"), month=FEB)[0]
    other = _payroll(territory="351610000", prefix="351610")
    with pytest.raises(IntegrityError), transaction.atomic():
        generation.insert_regular(
            payroll_id=other.pk, month=FEB, programme="tsa", prefix="351610", first=True
        )
    assert PaymentLine.objects.filter(kind="regular", month=FEB).count() == 1
    assert PaymentLine.objects.get(kind="regular").payroll_id == paid.pk
