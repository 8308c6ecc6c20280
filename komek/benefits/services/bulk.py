"""Assigning a benefit to thousands of beneficiaries at once, set-based: a frame in, a few statements out.

What ``assignment_create`` does for one beneficiary, this does for a frame of them (a category
payment's approved list), with the same helpers: the terms (``check_terms``), the programme's
version in force on the first day where each beneficiary lives for the payment schedule and the
budget shares (``programme_version``, ``sources.budget_shares``). Every row is checked column-wise (a
beneficiary named, an amount within the limit, a valid IBAN of an active bank that holds it, an
address in the actor's territory, nobody twice); against the database, with the rows staged in a
temporary table, one join per check: the beneficiaries exist (and are locked, as
``assignment_create`` locks its one), no open assignment of the programme overlaps the period, no
"once" assistance was given before. Then one ``INSERT ... SELECT`` writes the assignments, one
their amounts, and ``audit.bulk`` one audit row per assignment. An error names the rows and writes
nothing; the refusal is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.benefits.choices import AssignmentStatus
from komek.benefits.iban import compact_ibans
from komek.benefits.models import Assignment, AssignmentAmount, Bank
from komek.benefits.schedules import planned_amounts
from komek.benefits.services._bulk_checks import STAGING, check_registry
from komek.benefits.services._checks import (
    CREATORS,
    OBJECT,
    check_terms,
    programme_version,
)
from komek.benefits.services.sources import budget_shares
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, PermissionDenied
from komek.common.refusals import audited_refusals
from komek.rules.schedule import schedule

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

SHOWN = 5  # rows named in an error; the count says how many there are
# The frame a caller gives: one row per beneficiary (a person, or a family with ``family_id``).
ROWS: dict[str, Any] = {
    "person_id": pl.Int64,
    "family_id": pl.Int64,
    "recipient_id": pl.Int64,
    "kato_code": pl.String,
    "monthly_amount": pl.Int64,
    "bank_bic": pl.String,
    "iban": pl.String,
}
TERMS: dict[str, Any] = {
    "kato_code": pl.String,
    "periodicity": pl.String,
    "budget_source": pl.String,
    "share_republican": pl.Int64,
    "share_regional": pl.Int64,
    "share_local": pl.Int64,
    "amount_from": pl.Date,
}
STAGED: dict[str, Any] = {
    "position": pl.Int64,
    "row": pl.String,
    "assignment_id": pl.Int64,
    **{k: v for k, v in ROWS.items() if k not in ("bank_bic", "iban")},
    "bank_id": pl.String,
    "iban": pl.String,
    **{k: v for k, v in TERMS.items() if k != "kato_code"},
}


@dataclass(frozen=True)
class BulkAssignments:
    """The new assignments: ``ids[i]`` is the assignment of the frame's row ``i``."""

    ids: np.ndarray
    total: int

    @property
    def count(self) -> int:
        return int(self.ids.size)


@audited_refusals(OBJECT)
def assignments_create_bulk(
    *,
    actor: Actor,
    programme: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    basis: str,
    rows: pl.DataFrame,
    amount_limit: int | None = None,
    row_labels: Sequence[str | int] | None = None,
) -> BulkAssignments:
    """One assignment per row of ``rows`` (the columns of ``ROWS``), all of the programme, kind and
    period, in the caller's transaction (or one of its own). ``row_labels`` are the rows' numbers as
    the caller's users know them, for errors (else 1, 2, ...). As ``assignment_create`` does, each
    assignment takes the shares of the programme's budget sources where its beneficiary lives, the
    largest of them its main ``budget_source``."""
    policy.require_any(actor, *CREATORS)
    programme, basis = (programme or "").strip(), (basis or "").strip()
    missing = [c for c in ROWS if c not in rows.columns]
    if missing:
        raise DomainError(_("The rows lack the column %(column)s.") % {"column": missing[0]}, field="rows")
    if rows.height == 0:
        raise DomainError(_("There is nobody to assign."), field="rows")
    labels = [str(r) for r in (row_labels if row_labels is not None else range(1, rows.height + 1))]
    frame = rows.select([pl.col(c).cast(t) for c, t in ROWS.items()]).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("position"), pl.Series("row", labels, dtype=pl.String)
    )
    amounts = frame["monthly_amount"]
    check_terms(
        programme=programme, kind=kind, basis=basis,
        monthly_amount=max(int(amounts.max() or 1), 1),  # type: ignore[arg-type]
        amount_limit=None, period_start=period_start, period_end=period_end, social_contract_ref="",
    )  # fmt: skip
    frame = _accounts(_checked_rows(actor, frame, amount_limit))
    frame, once_per = _with_terms(frame, programme, period_start, period_end)
    with transaction.atomic():
        ids = bulk_sql.reserve_ids(Assignment, frame.height)
        staged = frame.with_columns(pl.Series("assignment_id", ids, dtype=pl.Int64))
        bulk_sql.create_temp_table(STAGING, STAGED)
        try:
            bulk_sql.load_frame(STAGING, staged.select(list(STAGED)), analyze=True)
            check_registry(
                once_per, programme, period_start, period_end,
                families=frame["family_id"].is_not_null().any(),
                others=(frame["recipient_id"] != frame["person_id"]).fill_null(True).any(),
            )  # fmt: skip
            _insert(programme, kind, period_start, period_end, basis, amount_limit, actor)
        finally:
            bulk_sql.drop_temp_table(STAGING)
        audit.bulk(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=OBJECT,
            entries=(
                audit.Entry(object_id=int(a), person_id=int(r), territory=k)
                for a, r, k in zip(ids, frame["recipient_id"], frame["kato_code"], strict=True)
            ),
            reason=basis[:500],
        )
    return BulkAssignments(ids=ids, total=int(amounts.sum() or 0))


def _refuse(frame: pl.DataFrame, mask: pl.Expr, message: str, field: str, code: str) -> None:
    """Refuse when rows of ``frame`` match ``mask``: ``message`` naming the first of them."""
    bad = frame.filter(mask)["row"]
    if bad.len():
        rows = ", ".join(str(r) for r in bad.head(SHOWN).to_list())
        raise DomainError(message % {"rows": rows, "n": bad.len()}, field=field, code=code)


def _checked_rows(actor: Actor, frame: pl.DataFrame, limit: int | None) -> pl.DataFrame:
    """Every row's beneficiary, address and amount, checked column-wise."""
    amount = pl.col("monthly_amount")
    family = pl.col("family_id")
    key = pl.when(family.is_not_null()).then(pl.format("f{}", family))
    checks = [
        (
            pl.col("person_id").is_null() & family.is_null(),
            _("No beneficiary is named on rows %(rows)s (%(n)d in all)."),
            "rows",
            "beneficiary",
        ),
        (
            pl.col("recipient_id").is_null() | pl.col("kato_code").is_null(),
            _("No recipient or address is named on rows %(rows)s (%(n)d in all)."),
            "rows",
            "recipient",
        ),
        (
            amount.is_null() | (amount <= 0),
            _("The amount is not a positive whole number of tenge on rows %(rows)s (%(n)d in all)."),
            "monthly_amount",
            "amount",
        ),
        (
            key.otherwise(pl.format("p{}", "person_id")).is_duplicated(),
            _("The same beneficiary is named again on rows %(rows)s (%(n)d in all)."),
            "rows",
            "twice",
        ),
    ]
    if limit is not None:
        above = _(
            "The amount is above the programme's limit of %(limit)s tenge on rows %%(rows)s (%%(n)d in all)."
        )
        checks.append(
            (
                amount > limit,
                above % {"limit": f"{limit:,}".replace(",", " ")},
                "monthly_amount",
                "above_limit",
            )
        )
    for mask, message, field, code in checks:
        _refuse(frame, mask, message, field, code)
    outside = [k for k in frame["kato_code"].unique().to_list() if not policy.in_territory(actor, k)]
    if outside:
        bad = frame.filter(pl.col("kato_code").is_in(outside))["row"]
        raise PermissionDenied(
            _("Rows %(rows)s (%(n)d in all) are outside your territorial units.")
            % {"rows": ", ".join(str(r) for r in bad.head(SHOWN).to_list()), "n": bad.len()},
            field="kato_code",
        )
    return frame


def _accounts(frame: pl.DataFrame) -> pl.DataFrame:
    """Each row's IBAN compacted and checked, and the active bank holding it (the named BIC's, else
    the bank whose code the IBAN carries)."""
    frame = frame.with_columns(compact_ibans(frame["iban"]))
    invalid = _("The IBAN is missing or not valid on rows %(rows)s (%(n)d in all).")
    _refuse(frame, pl.col("iban").is_null(), invalid, "iban", "iban")
    banks = pl.DataFrame(
        list(Bank.objects.filter(active=True).values_list("bic", "iban_code")),
        schema={"bank_id": pl.String, "iban_code": pl.String},
        orient="row",
    )
    frame = frame.with_columns(pl.col("iban").str.slice(4, 3).alias("iban_code")).join(
        banks, on="iban_code", how="left"
    )
    named = pl.col("bank_bic").str.strip_chars().str.to_uppercase()
    wrong = pl.col("bank_id").is_null() | (named.is_not_null() & (named != pl.col("bank_id")))
    message = _("The IBAN is not of the named bank, or of no active bank, on rows %(rows)s (%(n)d in all).")
    _refuse(frame, wrong, message, "iban", "iban_bank")
    return frame.drop("iban_code", "bank_bic").sort("position")


def _with_terms(
    frame: pl.DataFrame, programme: str, start: dt.date, end: dt.date
) -> tuple[pl.DataFrame, set[str]]:
    """The schedule and budget shares of the programme's version where each beneficiary lives, the
    first day of the amount (``assignment_create``'s planned amount of a constant amount), and the
    versions' "once per" scopes."""
    terms, once_per = [], set()
    for kato in frame["kato_code"].unique().sort().to_list():
        version = programme_version(programme, start, kato)
        planned = planned_amounts(schedule(version.periodicity, start, end, lambda _m: 1), end)
        if version.facts.once_per:
            once_per.add(version.facts.once_per)
        shares = budget_shares(version, kato)
        terms.append(
            (
                kato, version.periodicity, shares.principal, shares.republican, shares.regional, shares.local,
                planned[0][0] if planned else None,
            )
        )  # fmt: skip
    table = pl.DataFrame(terms, schema=TERMS, orient="row")
    return frame.join(table, on="kato_code", how="left").sort("position"), once_per


def _insert(
    programme: str, kind: str, start: dt.date, end: dt.date, basis: str, limit: int | None, actor: Actor
) -> None:
    now = timezone.now()
    added = bulk_sql.insert_select(
        Assignment,
        select={
            "id": "t.assignment_id",
            "programme": "%s",
            "family_id": "t.family_id",
            "person_id": "t.person_id",
            "person_territory": "b.kato_code",
            "recipient_id": "t.recipient_id",
            "recipient_territory": "r.kato_code",
            "kato_code": "t.kato_code",
            "kind": "%s",
            "status": "%s",
            "monthly_amount": "t.monthly_amount",
            "amount_limit": "%s",
            "periodicity": "t.periodicity",
            "period_start": "%s",
            "period_end": "%s",
            "budget_source": "t.budget_source",
            "share_republican": "t.share_republican",
            "share_regional": "t.share_regional",
            "share_local": "t.share_local",
            "bank_id": "t.bank_id",
            "iban": "t.iban",
            "basis": "%s",
            "created_by_id": "%s",
        },
        params=[
            programme,
            kind,
            AssignmentStatus.ACTIVE,
            limit,
            start,
            end,
            basis[:200],
            getattr(actor, "pk", None),
        ],
        # Each key to a person carries the person's address (ADR 0070).
        source=(
            f"{STAGING} t JOIN registry_person r ON r.id = t.recipient_id "
            "LEFT JOIN registry_person b ON b.id = t.person_id"
        ),
        now=now,
        order_by="t.position",
    )
    bulk_sql.insert_select(
        AssignmentAmount,
        select={
            "assignment_id": "t.assignment_id",
            "territory": "t.kato_code",
            "valid_from": "t.amount_from",
            "monthly_amount": "t.monthly_amount",
            "reason": "%s",
        },
        params=[basis[:200]],
        source=f"{STAGING} t WHERE t.amount_from IS NOT NULL",
        now=now,
    )
    if bulk_sql.vendor() == "postgresql" and added * 10 > bulk_sql.estimated_rows(Assignment):
        with connection.cursor() as cursor:
            # The new assignments are a large part of the table: without fresh statistics the month's
            # payroll would plan its insert for the table as it was (minutes instead of a second).
            cursor.execute(f"ANALYZE {Assignment._meta.db_table}, {AssignmentAmount._meta.db_table}")
