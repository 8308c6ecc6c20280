"""What changed since a payroll was prepared: the differences a "Prepare again" would make.

A prepared payroll keeps the amounts and accounts it was prepared with; a later change of an
assignment (its amount, its account, a suspension or termination, a new assignment payable that
month, a returned payment whose account was corrected) never alters its lines. These queries say
where the lines and the assignments as they are now disagree, in one ``UNION ALL`` statement (and
one to count), never a query per line: the payroll page shows them and approval refuses while any
remain (``komek.payments.services.approval``).

Each difference: (assignment, what, old amount, new amount, old IBAN, new IBAN, date). ``what`` is
a ``komek.payments.choices.Change``; the columns that do not apply to it are NULL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection

from komek.common.periods import column_date, month_end
from komek.payments.choices import Change, PayrollStatus
from komek.payments.generation import AMOUNT, ASG, LINE, SUSPENSION, _scheduled
from komek.payments.models import Payroll
from komek.payments.repayments import _returned
from komek.payments.territory import lines_in_sql

_NO_AMOUNT = "CAST(NULL AS BIGINT)"
_NO_IBAN = "CAST(NULL AS VARCHAR(34))"
_NO_DATE = "CAST(NULL AS DATE)"


@dataclass(frozen=True)
class Difference:
    assignment_id: int
    what: str
    old_amount: int | None
    new_amount: int | None
    old_iban: str | None
    new_iban: str | None
    day: dt.date | None

    @property
    def label(self) -> str:
        return str(Change(self.what).label)


def _union(payroll: Payroll) -> tuple[str, list[Any]]:
    m, e = payroll.month.isoformat(), month_end(payroll.month).isoformat()
    pid = payroll.pk
    lines, x = lines_in_sql(payroll.prefix), lines_in_sql(payroll.prefix, "x.")  # its partitions only
    scheduled, scheduled_params = _scheduled(payroll.month)
    in_force = "am.valid_from <= {0} AND (am.valid_to IS NULL OR am.valid_to >= {0})"
    touching = (
        f"FROM {SUSPENSION} s WHERE s.assignment_id = l.assignment_id "
        "AND s.date_from <= %s AND (s.date_to IS NULL OR s.date_to >= %s)"
    )
    sql = f"""
        SELECT l.assignment_id, 'amount', l.amount, am.monthly_amount, {_NO_IBAN}, {_NO_IBAN}, {_NO_DATE}
        FROM {LINE} l JOIN {AMOUNT} am ON am.assignment_id = l.assignment_id
             AND {in_force.format("l.for_month")}
        WHERE l.payroll_id = %s AND {lines} AND l.kind = 'regular' AND am.monthly_amount <> l.amount
        UNION ALL
        SELECT DISTINCT l.assignment_id, 'account', {_NO_AMOUNT}, {_NO_AMOUNT}, l.iban, a.iban, {_NO_DATE}
        FROM {LINE} l JOIN {ASG} a ON a.id = l.assignment_id
        WHERE l.payroll_id = %s AND {lines} AND (l.iban <> a.iban OR l.bank_id <> a.bank_id)
        UNION ALL
        SELECT l.assignment_id, 'terminated', l.amount, {_NO_AMOUNT}, {_NO_IBAN}, {_NO_IBAN}, a.terminated_on
        FROM {LINE} l JOIN {ASG} a ON a.id = l.assignment_id
        WHERE l.payroll_id = %s AND {lines} AND l.kind = 'regular' AND a.terminated_on <= l.for_month
        UNION ALL
        SELECT l.assignment_id, 'suspended', l.amount, {_NO_AMOUNT}, {_NO_IBAN}, {_NO_IBAN},
               (SELECT MIN(s.date_from) {touching})
        FROM {LINE} l
        WHERE l.payroll_id = %s AND {lines} AND l.kind = 'regular' AND EXISTS (SELECT 1 {touching})
        UNION ALL
        SELECT a.id, 'new', {_NO_AMOUNT}, am.monthly_amount, {_NO_IBAN}, a.iban, a.period_start
        FROM {ASG} a JOIN {AMOUNT} am ON am.assignment_id = a.id AND {in_force.format("%s")}
        WHERE a.programme = %s AND (%s = '' OR a.budget_source = %s) AND a.kato_code LIKE %s
          AND a.period_start <= %s AND a.period_end >= %s AND {scheduled} AND a.kind <> 'in_kind'
          AND (a.terminated_on IS NULL OR a.terminated_on > %s)
          AND NOT EXISTS (SELECT 1 FROM {SUSPENSION} s WHERE s.assignment_id = a.id
                          AND s.date_from <= %s AND (s.date_to IS NULL OR s.date_to >= %s))
          AND NOT EXISTS (SELECT 1 FROM {LINE} x WHERE x.assignment_id = a.id
                          AND x.kind = 'regular' AND x.for_month = %s AND {x})
        UNION ALL
        SELECT r.assignment_id, 'repayment', {_NO_AMOUNT}, r.amount, r.old_iban, a.iban, r.paid_month
        FROM ({_returned(corrected=True, prefix=payroll.prefix)}) r JOIN {ASG} a ON a.id = r.assignment_id
    """  # noqa: S608 (table names are constants; values are parameters)
    # A payroll of every source ("") or, prepared before co-financed lines, of one.
    source = [payroll.budget_source, payroll.budget_source]
    params: list[Any] = [
        pid, pid, pid, e, m, pid, e, m,
        m, m, payroll.programme, *source, payroll.prefix + "%", e, m, *scheduled_params, m, e, m, m,
        m, payroll.programme, payroll.prefix + "%",
    ]  # fmt: skip
    return sql, params


def difference_count(payroll: Payroll) -> int:
    """How many differences the prepared payroll has (what approval checks)."""
    if payroll.status != PayrollStatus.PREPARED:
        return 0
    sql, params = _union(payroll)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) d", params)  # noqa: S608
        return int(cursor.fetchone()[0])


def differences(payroll: Payroll, *, limit: int) -> tuple[int, list[Difference]]:
    """How many differences the prepared payroll has, and the first ``limit`` of them."""
    total = difference_count(payroll)
    if not total:
        return 0, []
    sql, params = _union(payroll)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY 1, 2 LIMIT %s", [*params, limit])
        rows = cursor.fetchall()
    return total, [
        Difference(int(aid), str(what), _int(old), _int(new), old_iban, new_iban, column_date(day))
        for aid, what, old, new, old_iban, new_iban, day in rows
    ]


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
