"""The two ways the engine finishes a programme's result give the same answer.

A batch evaluates ``result_columns`` over millions of rows; one family's explanation evaluates the
same compiled expressions and finishes them row by row (``finish_row``), because planning a whole
result costs more than the calculation itself on one row. This checks they agree to the tenge,
with nulls, negative amounts, limits and amounts ending in half a tenge.
"""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from komek.rules.engine import finish_row, result_columns
from komek.rules.programmes import parse_programme

NAMES = {"a": "bool", "b": "bool", "x": "number", "cap": "number", "family_id": "number"}
CASES = list(
    itertools.product(
        [True, False, None],
        [True, False, None],
        [None, -5.0, 0.0, 11470.5, 11470.49999, 2.5, 1234.4],
        [None, 100.0, 20000.0],
    )
)


@pytest.mark.parametrize("with_limit", [False, True])
@pytest.mark.parametrize("with_kind", [False, True])
def test_finish_row_is_result_columns_row_by_row(with_limit, with_kind):
    """The row-by-row finish of a programme gives the same result columns as the vectorised one."""
    doc = {
        "code": "p", "title": "p", "valid_from": "2020-01-01", "periodicity": "month", "entity": "family",
        "conditions": [{"name": "a", "expression": "a"}, {"name": "b", "expression": "b"}], "amount": "x",
    }  # fmt: skip
    if with_limit:
        doc["limit"] = "cap"
    if with_kind:
        doc["kind"] = 'where(x > 100, "big", "small")'
    programme = parse_programme(doc, NAMES)  # type: ignore[arg-type]
    frame = pl.DataFrame(
        [(i, i, "351610000", a, b, x, cap) for i, (a, b, x, cap) in enumerate(CASES)],
        schema={"family_id": pl.Int64, "person_id": pl.Int64, "region": pl.String, "a": pl.Boolean,
                "b": pl.Boolean, "x": pl.Float64, "cap": pl.Float64},
        orient="row",
    )  # fmt: skip
    batch = frame.select(result_columns(programme)).rows(named=True)
    kinds = frame.select(programme.kind.expr).to_series().to_list() if programme.kind else [None] * len(CASES)
    for (a, b, x, cap), row, kind in zip(CASES, batch, kinds, strict=True):
        assert finish_row(programme, [a, b], x, cap, kind) == (row["eligible"], row["amount"], row["kind"]), (
            a,
            b,
            x,
            cap,
        )
