"""Approval of a list by a department head other than its preparer, and its assignments.

Approval creates, set-based, one one-time assignment per included row through benefits' bulk
service (``assignments_create_bulk``: the payment month is the event's month, the account is the
row's, the schedule and the budget source the programme's), so the month's payroll pays each person
once. A row without an account, or a person an approved list of the same programme
already pays for this date, refuses the approval with the persons named.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import AssignmentKind
from komek.benefits.services.bulk import assignments_create_bulk
from komek.category_payments.choices import ListStatus
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services._common import LIST, locked_list, programme_terms
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, PermissionDenied
from komek.common.periods import month_end, month_start
from komek.common.refusals import audited_refusals

STAGING = "category_payment_approved"
LISTED = {
    "row_id": pl.Int64,
    "person_id": pl.Int64,
    "kato_code": pl.String,
    "amount": pl.Int64,
    "bank_id": pl.String,
    "iban": pl.String,
    "iin": pl.String,
}
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


@audited_refusals(LIST, id_kwarg="list_id")
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


def _kind(payment_list: PaymentList) -> str:
    """A one-time payment, or a provision in kind (a set-top box) when the programme's legislation
    says so: the payroll pays nobody for that (ADR 0016)."""
    terms = programme_terms(
        code=payment_list.programme, on=payment_list.event_date, territory=payment_list.territory
    )
    return AssignmentKind.IN_KIND if terms.programme.facts.form == "in_kind" else AssignmentKind.ONE_TIME


def _assign(payment_list: PaymentList, actor: Any) -> tuple[int, int]:
    """One one-time assignment per included row, through benefits' bulk service (which checks and
    audits them), and each row linked to its assignment; returns the count and the total."""
    rows = PaymentListRow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.id, r.person_id, r.kato_code, r.amount, r.bank_id, r.iban, p.iin FROM {rows} r "  # noqa: S608
            "JOIN registry_person p ON p.id = r.person_id WHERE r.payment_list_id = %s AND r.included "
            "ORDER BY r.id",
            [payment_list.pk],
        )
        found = pl.DataFrame(cursor.fetchall(), schema=LISTED, orient="row")
    if found.height == 0:
        return 0, 0
    basis = _("Payment list No. %(id)s of %(date)s") % {
        "id": payment_list.pk,
        "date": f"{payment_list.event_date:%d.%m.%Y}",
    }
    created = assignments_create_bulk(
        actor=actor,
        programme=payment_list.programme,
        kind=_kind(payment_list),
        period_start=month_start(payment_list.event_date),
        period_end=month_end(payment_list.event_date),
        basis=basis,
        rows=found.select(
            "person_id",
            pl.lit(None, pl.Int64).alias("family_id"),
            pl.col("person_id").alias("recipient_id"),
            "kato_code",
            pl.col("amount").alias("monthly_amount"),
            pl.col("bank_id").alias("bank_bic"),
            "iban",
        ),
        amount_limit=payment_list.amount_limit,
        row_labels=found["iin"].to_list(),
    )
    links = pl.DataFrame({"row_id": found["row_id"], "assignment_id": created.ids})
    bulk_sql.create_temp_table(STAGING, {"row_id": pl.Int64, "assignment_id": pl.Int64})
    try:
        bulk_sql.load_frame(STAGING, links, analyze=True)
        with connection.cursor() as cursor:
            cursor.execute(
                # A join, not a subquery per row: the staging table has no index.
                f"UPDATE {rows} SET assignment_id = t.assignment_id FROM {STAGING} t "  # noqa: S608
                f"WHERE t.row_id = {rows}.id"
            )
    finally:
        bulk_sql.drop_temp_table(STAGING)
    return created.count, created.total
