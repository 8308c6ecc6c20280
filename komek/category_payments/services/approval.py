"""Approval of a list by a department head other than its preparer, and its assignments.

Approval creates, set-based, one one-time assignment per included row (``komek.benefits``' model:
the payment month is the event's month, the account is the row's), so the month's payroll pays
each person once. A row without an account, or a person an approved list of the same programme
already pays for this date, refuses the approval with the persons named.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment, AssignmentAmount, AssignmentKind, AssignmentStatus
from komek.category_payments.choices import ListStatus
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services._common import locked_list
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, PermissionDenied
from komek.common.periods import month_end, month_start

STAGING = "category_payment_approved"
SHOWN = 5  # persons named in a refusal; the list's filters show the rest


def _iins(sql: str, params: list[Any]) -> tuple[int, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) x", params)  # noqa: S608 (our own SQL)
        count = int(cursor.fetchone()[0])
        cursor.execute(f"{sql} ORDER BY p.iin LIMIT {SHOWN}", params)
        return count, [row[0] for row in cursor.fetchall()]


def _check(payment_list: PaymentList) -> None:
    rows = PaymentListRow._meta.db_table
    base = (
        f"SELECT p.iin FROM {rows} r JOIN registry_person p ON p.id = r.person_id "  # noqa: S608 (metadata)
        "WHERE r.payment_list_id = %s AND r.included"
    )
    count, iins = _iins(f"{base} AND (r.bank_id IS NULL OR r.iban = '')", [payment_list.pk])
    if count:
        raise DomainError(
            _(
                "%(n)d persons on the list have no bank account (IIN %(iins)s): "
                "enter their IBAN or exclude them."
            )
            % {"n": count, "iins": ", ".join(iins)},
            field="list",
            code="no_account",
        )
    paid = (
        f"{base} AND EXISTS (SELECT 1 FROM {rows} o WHERE o.person_id = r.person_id "  # noqa: S608 (metadata)
        "AND o.programme = r.programme AND o.event_date = r.event_date AND o.assignment_id IS NOT NULL)"
    )
    count, iins = _iins(paid, [payment_list.pk])
    if count:
        raise DomainError(
            _(
                "%(n)d persons on the list are already paid for this programme and date "
                "(IIN %(iins)s): exclude them."
            )
            % {"n": count, "iins": ", ".join(iins)},
            field="list",
            code="paid",
        )


def payment_list_approve(*, actor: Any, list_id: int) -> PaymentList:
    """Approve the list and create its assignments; the preparer cannot approve their own list."""
    if getattr(actor, "pk", None) is None:
        raise PermissionDenied(_("A payment list is approved by a person."))
    policy.require(actor, Capability.PAYROLL_APPROVE)
    with transaction.atomic():
        payment_list = locked_list(PaymentList, list_id, actor)
        if payment_list.status != ListStatus.DRAFT:
            raise DomainError(_("This list is already approved."), field="list", code="approved")
        if payment_list.prepared_by_id == actor.pk:
            raise DomainError(
                _("You prepared this list: another department head must approve it."),
                field="list",
                code="maker_checker",
            )
        _check(payment_list)
        count, total = _assign(payment_list, actor)
        if not count:
            raise DomainError(_("Nobody on the list is included: there is nothing to approve."), field="list")
        payment_list.status, payment_list.approved_by = ListStatus.APPROVED, actor
        payment_list.approved_at = timezone.now()
        payment_list.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=payment_list,
            territory=payment_list.territory,
            changes={
                "status": [ListStatus.DRAFT, ListStatus.APPROVED],
                "assignments": [None, count],
                "total": [None, total],
            },
            reason=str(payment_list),
        )
    return payment_list


def _assign(payment_list: PaymentList, actor: Any) -> tuple[int, int]:
    """One assignment and its amount row per included row, in three statements; returns count and total."""
    rows = PaymentListRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, person_id FROM {rows} WHERE payment_list_id = %s AND included ORDER BY id",  # noqa: S608
            [payment_list.pk],
        )
        found = cursor.fetchall()
    if not found:
        return 0, 0
    ids = bulk_sql.reserve_ids(Assignment, len(found))
    frame = pl.DataFrame({"row_id": np.array([r[0] for r in found], dtype=np.int64), "assignment_id": ids})
    bulk_sql.create_temp_table(STAGING, {"row_id": pl.Int64, "assignment_id": pl.Int64})
    try:
        bulk_sql.load_frame(STAGING, frame, analyze=True)
        start, end = month_start(payment_list.event_date), month_end(payment_list.event_date)
        now = timezone.now()
        basis = _("Payment list No. %(id)s of %(date)s") % {
            "id": payment_list.pk,
            "date": f"{payment_list.event_date:%d.%m.%Y}",
        }
        source = f"{STAGING} t JOIN {rows} r ON r.id = t.row_id"
        bulk_sql.insert_select(
            Assignment,
            select={
                "id": "t.assignment_id",
                "programme": "r.programme",
                "person_id": "r.person_id",
                "recipient_id": "r.person_id",
                "kato_code": "r.kato_code",
                "kind": "%s",
                "status": "%s",
                "monthly_amount": "r.amount",
                "amount_limit": "%s",
                "period_start": "%s",
                "period_end": "%s",
                "budget_source": "%s",
                "bank_id": "r.bank_id",
                "iban": "r.iban",
                "basis": "%s",
                "created_by_id": "%s",
            },
            params=[
                AssignmentKind.ONE_TIME,
                AssignmentStatus.ACTIVE,
                payment_list.amount_limit,
                start,
                end,
                payment_list.budget_source,
                basis[:200],
                actor.pk,
            ],
            source=source,
            now=now,
        )
        bulk_sql.insert_select(
            AssignmentAmount,
            select={
                "assignment_id": "t.assignment_id",
                "valid_from": "%s",
                "monthly_amount": "r.amount",
                "reason": "%s",
            },
            params=[start, basis[:200]],
            source=source,
            now=now,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                # A join, not a subquery per row: the staging table has no index.
                f"UPDATE {rows} SET assignment_id = t.assignment_id FROM {STAGING} t "  # noqa: S608
                f"WHERE t.row_id = {rows}.id"
            )
            if bulk_sql.vendor() == "postgresql":
                # Thousands of new assignments at once: without fresh statistics the month's payroll
                # plans its insert for the table as it was and takes minutes instead of a second.
                cursor.execute(
                    f"ANALYZE {Assignment._meta.db_table}, {AssignmentAmount._meta.db_table}, {rows}"
                )
            cursor.execute(
                f"SELECT COALESCE(SUM(amount), 0) FROM {rows} WHERE payment_list_id = %s AND included",  # noqa: S608
                [payment_list.pk],
            )
            total = int(cursor.fetchone()[0])
        audit.bulk(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=audit.object_type_of(Assignment),
            entries=[
                audit.Entry(object_id=int(a), person_id=int(r[1]), territory=payment_list.territory)
                for a, r in zip(ids, found, strict=True)
            ],
            reason=basis,
        )
    finally:
        bulk_sql.drop_temp_table(STAGING)
    return len(found), total
