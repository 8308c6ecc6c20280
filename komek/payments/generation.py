"""The set-based stages that fill a payroll with lines: one ``INSERT ... SELECT`` each.

The same SQL runs on PostgreSQL and SQLite. Every statement inserts only what is missing
(``NOT EXISTS``, ``ON CONFLICT``, or, for a department's first payroll of a month, nothing can be
there yet: ``first_of_month``), and the unique constraints of ``PaymentLine`` back it up: a stage
re-run after a crash, or run twice at once, adds nothing that is already there. Dates are passed
as ISO strings, which both databases compare correctly with their stored dates.

Every line carries its parts per budget source (``parts``), split in the same statement by the
assignment's shares, so they always sum to its amount (a check constraint holds it too), and its
assignment's address (``territory``), the key the lines are partitioned on by region on PostgreSQL
(ADR 0057): every read of lines here states the payroll's prefix as a range of it
(``territory.lines_in_sql``), so that it touches the region's partition only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from komek.benefits.models import SHARE_WHOLE
from komek.common.periods import add_months, column_date, month_end
from komek.payments.territory import lines_in_sql
from komek.rules.schedule import periodicities_paying

LINE = "payments_paymentline"
PAYROLL = "payments_payroll"
ASG = "benefits_assignment"
AMOUNT = "benefits_assignmentamount"
SUSPENSION = "benefits_suspension"
#: How far back a payroll pays the months it missed because the decision came after them.
MISSED_MONTHS = 12
COLUMNS = (
    "payroll_id, assignment_id, kind, month, for_month, amount, republican, regional, local, "
    "bank_id, iban, status, return_reason, territory"
)


def parts(amount: str, alias: str = "a.") -> str:
    """The SQL of a line's republican, regional and local parts (three select-list expressions) for
    the amount expression ``amount`` of the assignment ``alias``: cumulative bounds over its shares in
    basis points, each part ``amount × upper / 10000 − amount × lower / 10000``. Integer division
    truncates toward zero on PostgreSQL and SQLite alike, so both give the same parts, the parts sum
    to the amount whatever its sign, and a recovery (negative) splits as the mirror of a payment.
    The amount is widened to 64 bits first: 2,000,000 tenge × 10,000 overflows a 32-bit integer.
    Every stage that inserts lines (any new kind too) computes its parts with this."""
    whole = f"CAST(({amount}) AS BIGINT)"
    republican = f"{alias}share_republican"
    before_local = f"({alias}share_republican + {alias}share_regional)"
    first = f"{whole} * {republican} / {SHARE_WHOLE}"
    second = f"{whole} * {before_local} / {SHARE_WHOLE}"
    return f"{first}, {second} - {first}, {whole} - {second}"


def _scheduled(month: dt.date, alias: str = "a.") -> tuple[str, list[Any]]:
    """The SQL condition "the assignment's schedule pays this month" (``komek.rules.schedule``):
    its periodicity pays in this calendar month, or this month is its first."""
    paying = periodicities_paying(month)
    marks = ", ".join(["%s"] * len(paying))
    return f"({alias}periodicity IN ({marks}) OR {alias}period_start >= %s)", [*paying, month.isoformat()]


def _execute(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def insert_regular(
    *, payroll_id: int, month: dt.date, programme: str, prefix: str, first: bool = False
) -> int:  # fmt: skip
    """One line per assignment payable this month at the amount valid on the month's first day.

    Payable: the period touches the month, its schedule pays this month (``_scheduled``), paid in
    cash (an assignment in kind records a provision, not a payment), not terminated before the
    month starts, no suspension touches the month, and no regular line for
    this month exists (in any payroll). ``first``: no such line can exist (``first_of_month``), so
    the statement writes its rows without looking for them (see ``month_sql``)."""
    return _insert_month(
        payroll_id=payroll_id, month=month, for_month=month, programme=programme, prefix=prefix,
        skip_existing=not first,
    )  # fmt: skip


def first_of_month(*, payroll_id: int, stage: str, month: dt.date, programme: str, prefix: str) -> bool:
    """Whether no regular line of ``month`` can exist yet for the payroll's assignments: the payroll
    has committed no stage (its lines are only written by its stages, each committed with its name),
    and no other payroll of the programme for this month or a later one (whose missed months may
    include this one) covers any of its addresses (a department's prefix, one that contains it, or
    one it contains). The unique index against paying twice stays the guarantee: were a payroll
    made meanwhile by a run in parallel, the statement would fail on it, never pay twice."""
    if stage:
        return False
    around = [prefix[:size] for size in range(len(prefix) + 1)]
    sql = f"""
        SELECT EXISTS (SELECT 1 FROM {PAYROLL} WHERE id <> %s AND programme = %s AND month >= %s
                       AND (prefix LIKE %s OR prefix IN ({", ".join(["%s"] * len(around))})))
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [payroll_id, programme, month.isoformat(), prefix + "%", *around])
        return not cursor.fetchone()[0]


def insert_missed(*, payroll_id: int, month: dt.date, programme: str, prefix: str) -> int:
    """The months the department's approved payrolls could not pay because the assignment was
    decided after they were prepared (a one-time payment decided after its month's payroll, a
    monthly benefit assigned from the month of application): each such month of the last
    ``MISSED_MONTHS`` is paid now, as its regular line, at the amount valid then.

    Only assignments created after that month's payrolls were prepared are read (an index on the
    moment of creation), so an assignment migrated with an old start, or a month a payroll chose not
    to pay (suspended, terminated), is never paid late; one ``INSERT ... SELECT`` per month the
    department has paid in the window."""
    inserted = 0
    for for_month, prepared_at in _paid_months(month=month, prefix=prefix):
        inserted += _insert_month(
            payroll_id=payroll_id, month=month, for_month=for_month, programme=programme,
            prefix=prefix, created_after=prepared_at,
        )  # fmt: skip
    return inserted


def _paid_months(*, month: dt.date, prefix: str) -> list[tuple[dt.date, Any]]:
    """(month, when its first payroll was prepared) of the department's approved payrolls of the
    ``MISSED_MONTHS`` before ``month``."""
    sql = f"""
        SELECT month, MIN(prepared_at) FROM {PAYROLL}
        WHERE prefix = %s AND status = 'approved' AND month < %s AND month >= %s
        GROUP BY month ORDER BY month
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, month.isoformat(), add_months(month, -MISSED_MONTHS).isoformat()])
        return [(column_date(m) or month, prepared) for m, prepared in cursor.fetchall()]


def _insert_month(
    *, payroll_id: int, month: dt.date, for_month: dt.date, programme: str, prefix: str,
    created_after: Any = None, skip_existing: bool = True,
) -> int:  # fmt: skip
    return _execute(*month_sql(
        payroll_id=payroll_id, month=month, for_month=for_month, programme=programme, prefix=prefix,
        created_after=created_after, skip_existing=skip_existing,
    ))  # fmt: skip


def month_sql(
    *, payroll_id: int, month: dt.date, for_month: dt.date, programme: str, prefix: str,
    created_after: Any = None, skip_existing: bool = True,
) -> tuple[str, list[Any]]:  # fmt: skip
    """The statement of a month's regular lines (``insert_regular``, ``insert_missed``).

    It reads no payment line. It used to skip the lines already there with ``NOT EXISTS`` on the
    lines' table, whose plan depends on that table's statistics: on the first payroll of an
    installation (or of a fresh partition) they say "empty", and when several workers fill the
    table together each planned a nested loop that scans the lines for every assignment, while the
    others keep adding to them (58 s against 13 s for the same 300,000 lines with 2 workers).
    ``ANALYZE`` after the first department would only narrow that window, and a hash anti-join
    planned on a full table reads every earlier month's lines. Instead the unique index that forbids
    a second regular payment (``payment_regular_once``) decides, row by row, through
    ``ON CONFLICT ... DO NOTHING``: one probe of that index per line, the probe the insertion makes
    anyway, whatever the statistics, and a line already there (a re-run, a crash, two runs at once)
    is skipped, as before. The clause names no arbiter: a regular line can only collide with
    ``payment_regular_once`` (the other unique indexes are of other kinds of line, or the key), and
    without a named one the statement does not depend on that index's exact columns, which differ
    between PostgreSQL (with the partition key) and SQLite.

    That probe is not free: before each insertion ``ON CONFLICT`` probes every unique index of the
    line, and the same rows cost about a sixth more than written plainly (ADR 0073). When no line of
    the month can be there (``skip_existing`` false: the department's first payroll of the month,
    ``first_of_month``) the statement has no such clause, and the unique index only refuses."""
    f, e = for_month.isoformat(), month_end(for_month).isoformat()
    scheduled, scheduled_params = _scheduled(for_month)
    created, created_params = ("AND a.created_at > %s", [created_after]) if created_after else ("", [])
    sql = f"""
        INSERT INTO {LINE} ({COLUMNS})
        SELECT %s, a.id, 'regular', %s, %s, am.monthly_amount, {parts("am.monthly_amount")},
               a.bank_id, a.iban, 'pending', '', a.kato_code
        FROM {ASG} a
        JOIN {AMOUNT} am ON am.assignment_id = a.id AND am.valid_from <= %s
             AND (am.valid_to IS NULL OR am.valid_to >= %s)
        WHERE a.programme = %s AND a.kato_code LIKE %s
          AND a.period_start <= %s AND a.period_end >= %s AND {scheduled} AND a.kind <> 'in_kind'
          AND (a.terminated_on IS NULL OR a.terminated_on > %s) {created}
          AND NOT EXISTS (SELECT 1 FROM {SUSPENSION} s WHERE s.assignment_id = a.id
                          AND s.date_from <= %s AND (s.date_to IS NULL OR s.date_to >= %s))
        {"ON CONFLICT DO NOTHING" if skip_existing else ""}
    """  # noqa: S608 (table names are constants; values are parameters)
    params: list[Any] = [
        payroll_id, month.isoformat(), f, f, f, programme, prefix + "%", e, f, *scheduled_params, f,
        *created_params, e, f,
    ]  # fmt: skip
    return sql, params


def insert_arrears(*, payroll_id: int, month: dt.date, programme: str, prefix: str) -> int:
    """The difference for months already paid (in an approved payroll) at a lower amount.

    Driven by the amount rows a recalculation wrote, so a month without recalculations reads
    nothing of the earlier payrolls' millions of lines."""
    m = month.isoformat()
    sql = f"""
        INSERT INTO {LINE} ({COLUMNS})
        SELECT %s, x.assignment_id, 'arrears', %s, x.for_month, x.due - x.paid, {parts("x.due - x.paid")},
               a.bank_id, a.iban, 'pending', '', a.kato_code
        FROM (
            SELECT l.assignment_id, l.for_month, am.monthly_amount AS due,
                   (SELECT SUM(l2.amount) FROM {LINE} l2 JOIN {PAYROLL} p2 ON p2.id = l2.payroll_id
                     WHERE l2.assignment_id = l.assignment_id AND l2.for_month = l.for_month
                       AND l2.kind IN ('regular', 'arrears') AND l2.status = 'pending'
                       AND p2.status = 'approved' AND {lines_in_sql(prefix, "l2.")}) AS paid
            FROM {AMOUNT} am
            JOIN {LINE} l ON l.assignment_id = am.assignment_id AND l.kind = 'regular'
                 AND l.for_month >= am.valid_from AND (am.valid_to IS NULL OR l.for_month <= am.valid_to)
            JOIN {PAYROLL} p ON p.id = l.payroll_id AND p.status = 'approved'
            WHERE am.recalculated AND am.valid_from < %s AND l.for_month < %s AND l.status = 'pending'
              AND p.programme = %s AND p.prefix = %s AND {lines_in_sql(prefix)}
        ) x
        JOIN {ASG} a ON a.id = x.assignment_id
        WHERE x.due > x.paid
          AND NOT EXISTS (SELECT 1 FROM {LINE} l3 WHERE l3.assignment_id = x.assignment_id
                          AND l3.kind = 'arrears' AND l3.for_month = x.for_month AND l3.month = %s
                          AND {lines_in_sql(prefix, "l3.")})
    """  # noqa: S608
    return _execute(sql, [payroll_id, m, m, m, programme, prefix, m])


def insert_recovery(*, payroll_id: int, month: dt.date, prefix: str) -> int:
    """Deduct outstanding overpayments from this payroll's payments (payments paid again after a
    return included), never more than is paid."""
    m = month.isoformat()
    r, q, l3, this = (lines_in_sql(prefix, alias) for alias in ("r.", "q.", "l3.", ""))
    deduction = "-(CASE WHEN t.outstanding < t.payable THEN t.outstanding ELSE t.payable END)"
    sql = f"""
        INSERT INTO {LINE} ({COLUMNS})
        SELECT %s, t.assignment_id, 'recovery', %s, %s, {deduction}, {parts(deduction)},
               a.bank_id, a.iban, 'pending', '', a.kato_code
        FROM (
            SELECT o.assignment_id,
                   SUM(o.amount) + COALESCE((SELECT SUM(r.amount) FROM {LINE} r
                        WHERE r.assignment_id = o.assignment_id AND r.kind = 'recovery'
                          AND r.status = 'pending' AND {r}), 0) AS outstanding,
                   (SELECT SUM(q.amount) FROM {LINE} q WHERE q.payroll_id = %s
                        AND q.assignment_id = o.assignment_id AND {q}
                        AND q.kind IN ('regular', 'arrears', 'repayment')) AS payable
            FROM payments_overpayment o
            WHERE o.assignment_id IN (SELECT assignment_id FROM {LINE} WHERE payroll_id = %s AND {this})
            GROUP BY o.assignment_id
        ) t
        JOIN {ASG} a ON a.id = t.assignment_id
        WHERE t.outstanding > 0 AND t.payable > 0
          AND NOT EXISTS (SELECT 1 FROM {LINE} l3 WHERE l3.assignment_id = t.assignment_id
                          AND l3.kind = 'recovery' AND l3.for_month = %s AND l3.month = %s AND {l3})
    """  # noqa: S608
    return _execute(sql, [payroll_id, m, m, payroll_id, payroll_id, m, m])


def combinations(*, month: dt.date, programme: str | None, prefix: str = "") -> list[tuple[str, str]]:
    """(programme, KATO code) of the assignments payable this month (addressed under ``prefix``: a
    run for one department reads its own assignments through the address's index, not the
    country's), one query."""
    m, e = month.isoformat(), month_end(month).isoformat()
    scheduled, scheduled_params = _scheduled(month, alias="")
    sql = f"""
        SELECT DISTINCT programme, kato_code FROM {ASG}
        WHERE period_start <= %s AND period_end >= %s AND {scheduled} AND kind <> 'in_kind'
          AND (terminated_on IS NULL OR terminated_on > %s) AND kato_code LIKE %s
    """  # noqa: S608
    params: list[Any] = [e, m, *scheduled_params, m, prefix + "%"]
    if programme:
        sql += " AND programme = %s"
        params.append(programme)
    # ... and assignments decided after an approved payroll of their department they belong in
    # (``insert_missed``): a one-time payment of last month decided today has a payroll this month.
    sql += f"""
        UNION
        SELECT DISTINCT a.programme, a.kato_code
        FROM (SELECT prefix, month, MIN(prepared_at) AS prepared_at FROM {PAYROLL}
              WHERE status = 'approved' AND month < %s AND month >= %s GROUP BY prefix, month) p
        JOIN {ASG} a ON a.created_at > p.prepared_at AND a.kato_code LIKE p.prefix || '%%'
        WHERE a.period_end >= p.month AND a.period_start < %s AND a.kind <> 'in_kind'
          AND a.kato_code LIKE %s
          AND NOT EXISTS (SELECT 1 FROM {LINE} l WHERE l.assignment_id = a.id
                          AND l.territory = a.kato_code AND l.kind = 'regular' AND l.for_month = p.month)
    """  # noqa: S608
    params += [m, add_months(month, -MISSED_MONTHS).isoformat(), m, prefix + "%"]
    if programme:
        sql += " AND a.programme = %s"
        params.append(programme)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]  # type: ignore[misc]


def by_address(cursor: Any, payroll_ids: list[int], *, prefix: str = "") -> dict[int, dict[str, list[int]]]:
    """``{payroll: {KATO: [recipients, tenge]}}``: the lines of each payroll to be paid, grouped by
    the address of their assignment, which each line carries (recipients counted once however many
    lines they have). One grouped query for all the payrolls given (of the department ``prefix``
    when known: its partition only); a payroll without lines gets ``{}``."""
    found: dict[int, dict[str, list[int]]] = {pk: {} for pk in payroll_ids}
    if not payroll_ids:
        return found
    marks = ", ".join(["%s"] * len(payroll_ids))
    where = f" AND {lines_in_sql(prefix)}" if prefix else ""
    sql = f"""
        SELECT l.payroll_id, l.territory, COUNT(DISTINCT l.assignment_id), COALESCE(SUM(l.amount), 0)
        FROM {LINE} l
        WHERE l.payroll_id IN ({marks}) AND l.status = 'pending'{where} GROUP BY l.payroll_id, l.territory
    """  # noqa: S608 (table names are constants; values are parameters)
    cursor.execute(sql, list(payroll_ids))
    for payroll_id, kato, recipients, amount in cursor.fetchall():
        found[payroll_id][kato] = [int(recipients), int(amount)]
    return found


def counted(cursor: Any, payroll_id: int, prefix: str) -> tuple[list[int], dict[str, list[int]]]:
    """A payroll's totals (lines, amount, republican, regional, local) and its ``by_address`` (as
    :func:`by_address`), from one read of its lines in its region's partition, when it is prepared."""
    sql = f"""
        SELECT territory, COUNT(*), SUM(amount), SUM(republican), SUM(regional), SUM(local),
               COUNT(DISTINCT CASE WHEN status = 'pending' THEN assignment_id END),
               SUM(CASE WHEN status = 'pending' THEN amount ELSE 0 END),
               SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END)
        FROM {LINE} WHERE payroll_id = %s AND {lines_in_sql(prefix, "")} GROUP BY territory
    """  # noqa: S608 (table names are constants, the range's bounds digits; values are parameters)
    cursor.execute(sql, [payroll_id])
    totals = [0] * 5
    found: dict[str, list[int]] = {}
    for territory, *sums, recipients, pending_amount, pending in cursor.fetchall():
        totals = [t + int(v or 0) for t, v in zip(totals, sums, strict=True)]
        if pending:
            found[territory] = [int(recipients), int(pending_amount)]
    return totals, found
