"""What a month of payroll owes, computed in plain Python from the database's rows, for the crash
test (``test_crash.py``): regular payments, arrears, repayments of returned payments and deductions
of overpayments, each as the payroll's rules define it, independently of the payroll's SQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any


class Db:
    """Plain DB-API reads of the database the processes write (dates as ISO strings)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as con:
                rows = con.execute(sql, params).fetchall()
        else:
            import psycopg

            with psycopg.connect(self.url) as con:
                rows = con.execute(sql.replace("%", "%%").replace("?", "%s"), params).fetchall()
        return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in rows]

    def write(self, *statements: tuple[str, list[Any]]) -> None:
        """Run statements in one transaction (what an accountant or a recalculation would change)."""
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as con:
                for sql, params in statements:
                    con.execute(sql, params)
        else:
            import psycopg

            with psycopg.connect(self.url) as con:
                for sql, params in statements:
                    con.execute(sql.replace("%", "%%").replace("?", "%s"), params)


def expected_regular(con: Db, month: dt.date) -> dict[int, int]:
    """Payable assignments and amounts, computed here in Python from the rows themselves."""
    m = month.isoformat()
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    e = end.isoformat()
    suspended = {
        aid
        for aid, start, stop in con.execute(
            "SELECT assignment_id, date_from, date_to FROM benefits_suspension"
        )
        if start <= e and (stop is None or stop >= m)
    }
    amounts = {
        aid: amount
        for aid, start, stop, amount in con.execute(
            "SELECT assignment_id, valid_from, valid_to, monthly_amount FROM benefits_assignmentamount"
        )
        if start <= m and (stop is None or stop >= m)
    }
    out = {}
    for aid, start, stop, terminated in con.execute(
        "SELECT id, period_start, period_end, terminated_on FROM benefits_assignment"
    ):
        if start <= e and stop >= m and (terminated is None or terminated > m) and aid not in suspended:
            out[aid] = amounts[aid]
    return out


def expected_arrears(con: Db, month: dt.date) -> dict[tuple[int, str], int]:
    """Per assignment and earlier month: a recalculated amount minus what approved payrolls paid."""
    m = month.isoformat()
    raised: dict[int, list[tuple[str, str | None, int]]] = {}
    for aid, start, stop, amount in con.execute(
        "SELECT assignment_id, valid_from, valid_to, monthly_amount FROM benefits_assignmentamount "
        "WHERE recalculated AND valid_from < ?",
        [m],
    ):
        raised.setdefault(aid, []).append((start, stop, amount))
    paid: dict[tuple[int, str], int] = {}
    regular: set[tuple[int, str]] = set()
    for aid, for_month, kind, amount in con.execute(
        "SELECT l.assignment_id, l.for_month, l.kind, l.amount FROM payments_paymentline l "
        "JOIN payments_payroll p ON p.id = l.payroll_id WHERE p.status = 'approved' "
        "AND l.kind IN ('regular', 'arrears') AND l.status = 'pending' AND l.for_month < ?",
        [m],
    ):
        paid[aid, for_month] = paid.get((aid, for_month), 0) + amount
        if kind == "regular":
            regular.add((aid, for_month))
    out = {}
    for aid, for_month in regular:
        for start, stop, due in raised.get(aid, []):
            if start <= for_month and (stop is None or for_month <= stop) and due > paid[aid, for_month]:
                out[aid, for_month] = due - paid[aid, for_month]
    return out


def expected_recovery(con: Db, month: dt.date, paid: dict[int, int]) -> dict[int, int]:
    """Deductions due this month: what is still outstanding of each overpayment, at most the payment."""
    m = month.isoformat()
    owed: dict[int, int] = {}
    for aid, amount in con.execute("SELECT assignment_id, amount FROM payments_overpayment"):
        owed[aid] = owed.get(aid, 0) + amount
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline "
        "WHERE kind = 'recovery' AND month < ? AND status = 'pending'",
        [m],
    ):
        owed[aid] += amount  # recovery lines are negative; a returned one was not recovered
    return {
        aid: -min(outstanding, paid[aid])
        for aid, outstanding in owed.items()
        if outstanding > 0 and paid.get(aid, 0) > 0
    }


def expected_repayments(con: Db, month: dt.date) -> dict[tuple[int, str], tuple[int, str]]:
    """Returned payments (approved payrolls before ``month``) whose account is now another one and
    that no earlier month paid again: (assignment, payroll month) -> (amount, the new IBAN)."""
    m = month.isoformat()
    accounts = dict(con.execute("SELECT id, iban FROM benefits_assignment"))
    repaid = set(
        con.execute(
            "SELECT assignment_id, for_month FROM payments_paymentline "
            "WHERE kind = 'repayment' AND month < ?",
            [m],
        )
    )
    gross: dict[tuple[int, str], int] = {}
    same_account: set[tuple[int, str]] = set()
    for aid, paid_month, kind, amount, iban in con.execute(
        "SELECT l.assignment_id, l.month, l.kind, l.amount, l.iban FROM payments_paymentline l "
        "JOIN payments_payroll p ON p.id = l.payroll_id "
        "WHERE l.status = 'returned' AND p.status = 'approved' AND l.month < ?",
        [m],
    ):
        key = (aid, paid_month)
        gross[key] = gross.get(key, 0) + (amount if kind != "recovery" else 0)
        if iban == accounts[aid]:
            same_account.add(key)
    return {
        key: (amount, accounts[key[0]])
        for key, amount in gross.items()
        if amount > 0 and key not in same_account and key not in repaid
    }


def check_month(con: Db, month: dt.date, *, payrolls_per_month: int) -> None:
    """The month's lines against what is owed, computed here from the rows themselves."""
    m = month.isoformat()
    paid: dict[int, int] = {}
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline WHERE kind = 'regular' AND for_month = ?", [m]
    ):
        assert aid not in paid, f"assignment {aid} paid twice for {m}"
        paid[aid] = amount
    expected = expected_regular(con, month)
    assert set(expected) - set(paid) == set(), f"missing payments in {m}"
    assert set(paid) - set(expected) == set(), f"payments nobody is owed in {m}"
    assert paid == expected
    arrears: dict[tuple[int, str], int] = {}
    for aid, for_month, amount in con.execute(
        "SELECT assignment_id, for_month, amount FROM payments_paymentline "
        "WHERE kind = 'arrears' AND month = ?",
        [m],
    ):
        assert (aid, for_month) not in arrears, (
            f"arrears of assignment {aid} for {for_month} paid twice in {m}"
        )
        arrears[aid, for_month] = amount
    assert arrears == expected_arrears(con, month), f"wrong arrears in {m}"
    repayments: dict[tuple[int, str], tuple[int, str]] = {}
    for aid, for_month, amount, iban in con.execute(
        "SELECT assignment_id, for_month, amount, iban FROM payments_paymentline "
        "WHERE kind = 'repayment' AND month = ?",
        [m],
    ):
        assert (aid, for_month) not in repayments, f"payment {for_month} of {aid} paid again twice in {m}"
        repayments[aid, for_month] = (amount, iban)
    assert repayments == expected_repayments(con, month), f"wrong repayments in {m}"
    payable = dict(paid)
    for (aid, _for_month), amount in arrears.items():
        payable[aid] = payable.get(aid, 0) + amount
    for (aid, _for_month), (amount, _iban) in repayments.items():
        payable[aid] = payable.get(aid, 0) + amount
    recovered: dict[int, int] = {}
    for aid, amount in con.execute(
        "SELECT assignment_id, amount FROM payments_paymentline WHERE kind = 'recovery' AND month = ?", [m]
    ):
        assert aid not in recovered, f"overpayment of assignment {aid} deducted twice in {m}"
        recovered[aid] = amount
    assert recovered == expected_recovery(con, month, payable), f"wrong deductions in {m}"
    payrolls = con.execute(
        "SELECT id, status, line_count, total_amount, total_republican, total_regional, total_local "
        "FROM payments_payroll WHERE month = ?",
        [m],
    )
    assert len(payrolls) == payrolls_per_month
    for pid, status, *totals in payrolls:
        actual = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(republican), 0), "
            "COALESCE(SUM(regional), 0), COALESCE(SUM(local), 0) "
            "FROM payments_paymentline WHERE payroll_id = ?",
            [pid],
        )[0]
        assert (status, *totals) == ("prepared", *actual)
