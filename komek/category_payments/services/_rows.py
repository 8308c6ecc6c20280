"""Set-based writing of list rows: a frame of persons in, one ``INSERT ... SELECT`` out.

Each person's account is taken, when the frame gives none, from the person's latest assignment
(whatever the programme): the bank already pays them there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection

from komek.accounts.models import User
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.common import audit, bulk_sql

if TYPE_CHECKING:
    import datetime as dt

    from komek.accounts.policy import Actor
    from komek.category_payments.services._common import Terms
    from komek.common.models import KatoUnit

STAGING = "category_payment_rows"
SCHEMA = {
    "person_id": pl.Int64,
    "kato_code": pl.String,
    "amount": pl.Int64,
    "rule_amount": pl.Int64,
    "bank_id": pl.String,
    "iban": pl.String,
}


def insert_rows(payment_list: PaymentList, frame: pl.DataFrame, *, origin: str) -> int:
    """Append the persons of ``frame`` (columns of ``SCHEMA``) to the list; returns the rows added."""
    if frame.height == 0:
        return 0
    bulk_sql.create_temp_table(STAGING, SCHEMA)
    try:
        bulk_sql.load_frame(
            STAGING, frame.select([pl.col(c).cast(t) for c, t in SCHEMA.items()]), analyze=True
        )
        table = PaymentListRow._meta.db_table
        sql = f"""
            INSERT INTO {table} (payment_list_id, person_id, person_territory, programme, event_date,
                                 kato_code, amount, rule_amount, origin, included, reason, bank_id, iban,
                                 assignment_id)
            SELECT %s, t.person_id, p.kato_code, %s, %s, t.kato_code, t.amount, t.rule_amount, %s, %s, '',
                   COALESCE(t.bank_id, a.bank_id), COALESCE(t.iban, a.iban, ''), NULL
            FROM {STAGING} t
            JOIN registry_person p ON p.id = t.person_id
            LEFT JOIN benefits_assignment a ON t.iban IS NULL AND a.id = (
                SELECT MAX(a2.id) FROM benefits_assignment a2 WHERE a2.recipient_id = t.person_id)
        """  # noqa: S608 (table names are constants; values are parameters)
        params: list[Any] = [payment_list.pk, payment_list.programme, payment_list.event_date, origin, True]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return max(cursor.rowcount, 0)
    finally:
        bulk_sql.drop_temp_table(STAGING)


def list_create(
    *,
    actor: Actor,
    terms: Terms,
    programme: str,
    event_date: dt.date,
    unit: KatoUnit,
    frame: pl.DataFrame,
    origin: str,
    action: str,
    reason: str,
) -> PaymentList:
    """A new list of the programme's event with the persons of ``frame``, audited as ``action``:
    selected by the rules or imported from a file. Runs in the caller's transaction."""
    payment_list = PaymentList.objects.create(
        programme=programme,
        event_date=event_date,
        territory=unit.code,
        prefix=unit.prefix,
        amount_limit=terms.limit,
        budget_source=terms.budget_source,
        basis=terms.programme.legal_basis[:400],
        prepared_by=actor if isinstance(actor, User) else None,  # the system prepares as nobody
    )
    count = insert_rows(payment_list, frame, origin=origin)
    audit.record(
        actor=actor,
        action=action,
        obj=payment_list,
        territory=unit.code,
        changes={
            "programme": [None, programme],
            "event_date": [None, event_date.isoformat()],
            "rows": [None, count],
            "total": [None, int(frame["amount"].sum() or 0)],
        },
        reason=reason,
    )
    return payment_list
