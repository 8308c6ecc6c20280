"""A programme's result over a frame of entities, and over one row already evaluated.

``result_columns`` are the Polars expressions of a batch (``komek.rules.engine``); ``finish_row`` is
the same rule for one family's explanation (``komek.rules.explain``), with the same nulls.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from komek.rules.errors import RulesError
from komek.rules.expressions import _EPSILON as ROUNDING_EPSILON  # the guard of round_half_up
from komek.rules.expressions import round_half_up
from komek.rules.programmes import Programme

__all__ = ["check_result", "checked_result", "finish_row", "no_value", "result_columns"]


def result_columns(programme: Programme) -> list[pl.Expr]:
    """The programme's result over a frame: entity_id, family_id, region, eligible, amount (whole
    tenge; 0 unless eligible) and kind (none unless eligible). Where a value is missing (a division
    by zero, a parameter without a value) ``eligible`` or ``amount`` is null: see ``checked_result``."""
    eligible = pl.lit(True)
    for condition in programme.conditions:
        eligible = eligible & condition.compiled.expr
    # clip and when keep a null amount null (max_horizontal/min_horizontal would skip it and pay
    # 0 or the cap), so that a division by zero in the data is reported below, not paid.
    amount = programme.amount.expr.clip(lower_bound=0.0)
    if programme.limit is not None:
        limit = programme.limit.expr
        amount = pl.when(limit.is_null()).then(None).when(amount > limit).then(limit).otherwise(amount)
    entity = "person_id" if programme.entity == "person" else "family_id"
    kind = programme.kind.expr if programme.kind is not None else pl.lit(None, dtype=pl.String)
    return [
        pl.col(entity).alias("entity_id"),
        pl.col("family_id"),
        pl.col("region"),
        eligible.alias("eligible"),
        pl.when(eligible).then(round_half_up(amount)).otherwise(0.0).cast(pl.Int64).alias("amount"),
        pl.when(eligible).then(kind).otherwise(None).alias("kind"),
    ]


def checked_result(programme: Programme, out: pl.DataFrame, considered: int | None = None) -> pl.DataFrame:
    """``result_columns`` evaluated, refused when a value is missing."""
    check_result(programme, out["eligible"], out["amount"], out.height if considered is None else considered)
    return out


def finish_row(
    programme: Programme,
    conditions: Sequence[bool | None],
    amount: float | None,
    limit: float | None,
    kind: Any,
) -> tuple[bool | None, int | None, Any]:
    """``result_columns`` for one row whose expressions are already evaluated: (eligible, amount,
    kind), with the same nulls (a condition without a value, an amount that is missing)."""
    eligible: bool | None = True
    for value in conditions:  # and, as Polars: false wins over null, null over true
        if value is False:
            eligible = False
            break
        if value is None:
            eligible = None
    if amount is not None:
        amount = max(amount, 0.0)
    if programme.limit is not None:
        amount = None if limit is None else (limit if amount is not None and amount > limit else amount)
    if eligible is not True:
        return eligible, 0, None
    if amount is None:
        return True, None, kind if programme.kind is not None else None
    whole = math.floor(abs(amount) + 0.5 + ROUNDING_EPSILON) * (1 if amount > 0 else -1 if amount < 0 else 0)
    return True, int(whole), kind if programme.kind is not None else None


def check_result(programme: Programme, eligible: pl.Series, amount: pl.Series, considered: int) -> None:
    broken = eligible.null_count() + amount.null_count()
    if broken:
        raise no_value(programme, broken, considered)


def no_value(programme: Programme, broken: int, considered: int) -> RulesError:
    return RulesError(
        f"Programme {programme.code}: no value for {broken} of {considered} entities "
        "(a division by zero or a missing value in its expressions)."
    )
