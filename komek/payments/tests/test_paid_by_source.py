"""The amounts paid per programme and budget source in a year and territory (what budget execution
and the annual report read): sums of the parts of approved payrolls' lines, returns left out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.common.errors import PermissionDenied
from komek.payments.selectors import SourcePaid, paid_by_programme_and_source
from komek.payments.services import payroll_approve, payroll_returns_import, payroll_run

pytestmark = pytest.mark.django_db
GULSHAT = "351633100"  # a settlement of Balkhash's department
BALKHASH = "351600000"


def run(accountant: Any, head: Any, month: dt.date, *, approve: bool = True) -> None:
    for payroll in payroll_run(actor=accountant, month=month):
        if approve:
            payroll_approve(actor=head, payroll_id=payroll.pk)


def test_paid_per_programme_and_source(
    make_assignment: Any, make_family: Any, accountant: Any, head: Any
) -> None:
    """TSA of 26,510 (Balkhash town) and 10,000 (Gulshat) paid in February and March 2020, housing of
    5,000 in February: the year's sums of the parts per programme and source, month by month. A
    returned payment and a payroll not yet approved count for nothing; a settlement counts only the
    assignments addressed there."""
    town = make_assignment(period_end=dt.date(2020, 4, 30))
    make_assignment(family=make_family(kato=GULSHAT), monthly_amount=10000, period_end=dt.date(2020, 4, 30))
    make_assignment(programme="housing", monthly_amount=5000, period_end=dt.date(2020, 2, 29))
    run(accountant, head, dt.date(2020, 2, 1))
    run(accountant, head, dt.date(2020, 3, 1))
    run(accountant, head, dt.date(2020, 4, 1), approve=False)
    march = payroll_run(actor=accountant, month=dt.date(2020, 3, 1))[0]
    returned = f"reference,amount,reason\nKMK{march.pk}-{town.pk},26510,account closed\n".encode()
    payroll_returns_import(actor=accountant, payroll_id=march.pk, file_name="r.csv", content=returned)

    def months(feb: int, mar: int) -> tuple[int, ...]:
        return (0, feb, mar, *([0] * 9))

    # TSA: 26,510 → 3,319 + 23,191; 10,000 → 1,252 + 8,748; housing is local only.
    assert paid_by_programme_and_source(user=head, year=2020, territory=BALKHASH) == [
        SourcePaid("housing", "local", 5000, months(5000, 0)),
        SourcePaid("tsa", "republican", 3319 + 1252 + 1252, months(3319 + 1252, 1252)),
        SourcePaid("tsa", "local", 23191 + 8748 + 8748, months(23191 + 8748, 8748)),
    ]
    assert paid_by_programme_and_source(user=accountant, year=2020, territory=GULSHAT) == [
        SourcePaid("tsa", "republican", 2504, months(1252, 1252)),
        SourcePaid("tsa", "local", 17496, months(8748, 8748)),
    ]
    assert paid_by_programme_and_source(user=head, year=2019, territory=BALKHASH) == []


def test_paid_by_source_is_scoped(make_user: Any) -> None:
    """Someone outside the territory, or without the payroll's capabilities, is refused."""
    almaty_head = make_user(Role.DEPARTMENT_HEAD, units=("751110000",), username="almaty_head")
    with pytest.raises(PermissionDenied):
        paid_by_programme_and_source(user=almaty_head, year=2020, territory=BALKHASH)
    with pytest.raises(PermissionDenied):
        paid_by_programme_and_source(user=make_user(Role.REGISTRAR), year=2020, territory=BALKHASH)
