"""Persons named by IIN, read in one statement: who they are, where they live, whether paid already."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
from django.db import connection
from django.db.models import Q

from komek.category_payments.services._common import Terms
from komek.common import bulk_sql
from komek.legislation.population import registry_population
from komek.registry.choices import Relation
from komek.registry.models import Membership
from komek.rules.errors import RulesError

STAGING = "category_payment_iins"
FOUND = {
    "iin": pl.String,
    "person_id": pl.Int64,
    "family_id": pl.Int64,
    "kato_code": pl.String,
    "dead": pl.Boolean,
    "paid": pl.Boolean,
}


def persons_by_iin(iins: Sequence[str], *, on: dt.date, programme: str) -> pl.DataFrame:
    """One row per IIN found in the registry (``FOUND``): the family's address on ``on`` (the
    person's registered address when in no family), and whether an approved list of the programme
    already pays the person for this payment date."""
    wanted = pl.DataFrame({"iin": list(dict.fromkeys(iins))}, schema={"iin": pl.String})
    if wanted.height == 0:
        return pl.DataFrame(schema=FOUND)
    bulk_sql.create_temp_table(STAGING, {"iin": pl.String})
    try:
        bulk_sql.load_frame(STAGING, wanted, analyze=True)
        sql = f"""
            SELECT p.iin, p.id AS person_id, m.family_id, COALESCE(f.kato_code, p.kato_code) AS kato_code,
                   CASE WHEN p.death_date IS NOT NULL AND p.death_date <= %s THEN 1 ELSE 0 END AS dead,
                   CASE WHEN EXISTS (SELECT 1 FROM category_payments_paymentlistrow r
                                     WHERE r.person_id = p.id AND r.programme = %s
                                       AND r.event_date = %s AND r.assignment_id IS NOT NULL)
                        THEN 1 ELSE 0 END AS paid
            FROM {STAGING} t
            JOIN registry_person p ON p.iin = t.iin
            LEFT JOIN registry_membership m ON m.person_id = p.id AND m.valid_from <= %s
                 AND (m.valid_to IS NULL OR m.valid_to >= %s)
            LEFT JOIN registry_family f ON f.id = m.family_id
            ORDER BY m.valid_from, m.id
        """  # noqa: S608 (a constant table name)
        with connection.cursor() as cursor:
            cursor.execute(sql, [on, programme, on, on, on])
            rows = cursor.fetchall()
    finally:
        bulk_sql.drop_temp_table(STAGING)
    frame = pl.DataFrame(rows, schema={**FOUND, "dead": pl.Int64, "paid": pl.Int64}, orient="row")
    # A person who moved that very day is in two families: the later membership counts.
    return frame.with_columns(pl.col("dead") == 1, pl.col("paid") == 1).unique(
        "iin", keep="last", maintain_order=True
    )


def rule_amounts(terms: Terms, *, on: dt.date, family_ids: Sequence[int]) -> pl.DataFrame:
    """The programme's amount for each eligible member of these families on ``on`` (person_id, amount)."""
    empty = pl.DataFrame(schema={"person_id": pl.Int64, "rule_amount": pl.Int64})
    ids = [int(i) for i in family_ids if i is not None]
    if not ids:
        return empty
    code = terms.programme.code
    try:
        result = terms.engine.run(
            registry_population(on=on, family_ids=ids, programmes=terms.versions(on)),
            on,
            [code],
            recipients_only=True,
        ).results[code]
    except RulesError:
        return empty
    paid = recipients(result, terms, on=on, family_ids=ids)
    return paid.select("person_id", pl.col("amount").alias("rule_amount"))


def recipients(
    result: pl.DataFrame, terms: Terms, *, on: dt.date, prefix: str = "", family_ids: Sequence[int] = ()
) -> pl.DataFrame:
    """The engine's result with the person each row pays (``person_id``): the person, or for a
    programme of families (one set-top box a family) the family's head on the date, read in one
    query for the territory ``prefix`` or the families named."""
    if terms.programme.entity == "person":
        return result.with_columns(pl.col("entity_id").alias("person_id"))
    heads = Membership.objects.filter(relation=Relation.HEAD, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if family_ids:
        heads = heads.filter(family_id__in=family_ids)
    else:
        heads = heads.filter(family__kato__code__startswith=prefix)
    frame = pl.DataFrame(
        list(heads.values_list("family_id", "person_id")),
        schema={"entity_id": pl.Int64, "person_id": pl.Int64},
        orient="row",
    )
    return result.join(frame, on="entity_id", how="inner")
