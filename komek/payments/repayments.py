"""Returned payments paid again, once their account is corrected: the payroll's repayment stage.

A bank returns a *payment* (``KMK<payroll>-<assignment>``): the return file marks all its lines
returned. Once the assignment's account is corrected (its bank or IBAN is no longer the one the
payment was sent to), the next payroll of the assignment's programme and department
pays it again: one line of kind ``repayment`` whose ``for_month`` is the returned payroll's month,
for the regular payments, arrears and repayments that came back (the deductions of overpayments
that came back stay outstanding, and the recovery stage deducts them again). The partial unique
constraint ``payment_repayment_once`` keeps one repayment per returned payment across all payrolls,
as ``payment_regular_once`` keeps one payment per month: a re-run, a crash or two runs at once
never pay it twice.

A returned payment whose account was not corrected is not paid again: it waits, and the payroll
page lists it (``returned_waiting``). Same SQL on PostgreSQL and SQLite, set-based, reading the
returned lines through their partial index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from komek.common.periods import date_of
from komek.payments.generation import ASG, COLUMNS, LINE, PAYROLL, parts
from komek.payments.territory import lines_in_sql

#: Kinds of a returned payment that are paid again (recovery lines stay owed instead).
_PAID_AGAIN = "('regular', 'arrears', 'repayment')"


def _returned(*, corrected: bool, keyed: bool = True, prefix: str = "") -> str:
    """Returned payments of approved payrolls before a month, not paid again yet, per assignment and
    payroll month, whose account was corrected (or not). Parameters: the month, then (``keyed``) the
    programme and KATO prefix; ``prefix`` states that prefix as a range of the lines' territory too
    (their partitions only, ADR 0057)."""
    same = "= 0" if corrected else "> 0"
    key = "AND a.programme = %s AND a.kato_code LIKE %s" if keyed else ""
    ranged, x_ranged = (f"AND {lines_in_sql(prefix, a)}" if prefix else "" for a in ("l.", "x."))
    return f"""
        SELECT l.assignment_id, l.month AS paid_month,
               SUM(CASE WHEN l.kind IN {_PAID_AGAIN} THEN l.amount ELSE 0 END) AS amount,
               MAX(l.iban) AS old_iban, MAX(l.return_reason) AS reason
        FROM {LINE} l
        JOIN {PAYROLL} p ON p.id = l.payroll_id AND p.status = 'approved'
        JOIN {ASG} a ON a.id = l.assignment_id
        WHERE l.status = 'returned' AND l.month < %s {key} {ranged}
          AND NOT EXISTS (SELECT 1 FROM {LINE} x WHERE x.assignment_id = l.assignment_id
                          AND x.kind = 'repayment' AND x.for_month = l.month {x_ranged})
        GROUP BY l.assignment_id, l.month
        HAVING SUM(CASE WHEN l.kind IN {_PAID_AGAIN} THEN l.amount ELSE 0 END) > 0
           AND SUM(CASE WHEN l.iban = a.iban AND l.bank_id = a.bank_id THEN 1 ELSE 0 END) {same}
    """  # noqa: S608 (table names are constants; values are parameters)


def _key(month: dt.date, programme: str, prefix: str) -> list[Any]:
    return [month.isoformat(), programme, prefix + "%"]


def insert_repayment(*, payroll_id: int, month: dt.date, programme: str, prefix: str) -> int:
    """A line paying again each returned payment of the payroll's assignments whose account was
    corrected, to the account now on the assignment."""
    sql = f"""
        INSERT INTO {LINE} ({COLUMNS})
        SELECT %s, r.assignment_id, 'repayment', %s, r.paid_month, r.amount, {parts("r.amount")},
               a.bank_id, a.iban, 'pending', '', a.kato_code
        FROM ({_returned(corrected=True, prefix=prefix)}) r
        JOIN {ASG} a ON a.id = r.assignment_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [payroll_id, month.isoformat(), *_key(month, programme, prefix)])
        return max(cursor.rowcount, 0)


def repayment_combinations(*, month: dt.date, programme: str | None) -> list[tuple[str, str]]:
    """(programme, KATO code) of the assignments with a returned payment to pay again
    this month: their payroll is made even when none of them has a regular payment due."""
    sql = f"""
        SELECT DISTINCT a.programme, a.kato_code
        FROM ({_returned(corrected=True, keyed=False)}) r
        JOIN {ASG} a ON a.id = r.assignment_id
    """  # noqa: S608
    params: list[Any] = [month.isoformat()]
    if programme:
        sql += " WHERE a.programme = %s"
        params.append(programme)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]  # type: ignore[misc]


def returned_waiting(
    *, month: dt.date, programme: str, prefix: str, limit: int
) -> list[tuple[int, dt.date, int, str, str]]:
    """Returned payments (before ``month``) of the payroll's programme and department whose
    account is still the one the bank returned: (assignment, payroll month, amount, IBAN, reason)."""
    sql = f"{_returned(corrected=False, prefix=prefix)} ORDER BY l.month, l.assignment_id LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_key(month, programme, prefix), limit])
        return [
            (int(aid), date_of(paid_month, where="paid_month"), int(amount), str(iban), str(reason or ""))
            for aid, paid_month, amount, iban, reason in cursor.fetchall()
        ]
