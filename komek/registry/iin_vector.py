"""IIN validation and generation over whole columns, for imports and synthetic populations.

``komek.registry.iin`` checks one number at a time; a million-row import cannot afford a Python
call per row. This module applies exactly the same rules with the same error codes
(format, century, birth_date, future_birth_date, unusable, check_digit; the first failing rule
wins) as Polars expressions, and builds IINs for arrays of birth dates and sexes with numpy. The
weights come from ``iin`` itself, in order: the second pass is 3..11,1,2, never a set.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable

import numpy as np
import polars as pl
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.registry.iin import CENTURY_BY_DIGIT, WEIGHTS_FIRST, WEIGHTS_SECOND

# Error codes in the order ``parse_iin`` checks them, with the same messages.
IIN_ERRORS: dict[str, object] = {
    "format": _("An IIN has exactly 12 digits."),
    "century": _("The 7th digit of an IIN (century and sex) must be 1 to 6."),
    "birth_date": _("The first six digits of an IIN are not a real date."),
    "future_birth_date": _("The IIN encodes a date of birth in the future."),
    "unusable": _("This IIN cannot exist: both check-digit passes give 10."),
    "check_digit": _("The check digit of the IIN is wrong."),
}

# ``str.strip()`` in ``parse_iin`` removes every character for which ``str.isspace()`` holds; Polars
# would use Unicode's White_Space, which differs (e.g. U+001C..U+001F), so the set is spelled out.
_PY_WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_POW10 = [10 ** (11 - k) for k in range(12)]
_MAX_ROUNDS = 64


class IINCapacityError(ValueError):
    """Not enough free serial numbers for some birth date and sex in a generated batch."""


def _leap(year: pl.Expr) -> pl.Expr:
    return ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)


def with_iin_checks(
    frame: pl.DataFrame, column: str = "iin", *, prefix: str = "iin_", today: dt.date | None = None
) -> pl.DataFrame:
    """Add ``{prefix}birth_date``, ``{prefix}sex`` and ``{prefix}error`` for an IIN column.

    ``error`` is null for a valid IIN and one of the codes of ``IIN_ERRORS`` otherwise (a null
    cell is a format error, like an empty string in ``parse_iin``); birth date and sex are null
    unless the IIN is valid. ``today`` (default: the local date) bounds the birth date.

    The work is done in stages of materialised columns: one nested expression would make Polars
    evaluate the shared parts (digits, date) many times over.
    """
    tmp = [f"__iin_d{k}" for k in range(12)]
    text = pl.col(column).cast(pl.String).fill_null("").str.strip_chars(_PY_WHITESPACE)
    staged = frame.with_columns(text.str.contains(r"^[0-9]{12}$").alias("__iin_ok"))
    number = pl.when(pl.col("__iin_ok")).then(text).otherwise(pl.lit("0")).str.to_integer(base=10)
    staged = staged.with_columns(number.alias("__iin_n"))
    staged = staged.with_columns(((pl.col("__iin_n") // _POW10[k]) % 10).alias(tmp[k]) for k in range(12))
    d = [pl.col(name) for name in tmp]
    staged = staged.with_columns(
        (pl.lit(1800) + ((d[6] - 1) // 2) * 100 + d[0] * 10 + d[1]).alias("__iin_y"),
        (d[2] * 10 + d[3]).alias("__iin_m"),
        (d[4] * 10 + d[5]).alias("__iin_day"),
        (pl.sum_horizontal([d[k] * w for k, w in enumerate(WEIGHTS_FIRST)]) % 11).alias("__iin_c1"),
        (pl.sum_horizontal([d[k] * w for k, w in enumerate(WEIGHTS_SECOND)]) % 11).alias("__iin_c2"),
    )
    year, month, day = pl.col("__iin_y"), pl.col("__iin_m"), pl.col("__iin_day")
    days_in_month = (
        pl.when(month == 2)
        .then(pl.when(_leap(year)).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    first, second = pl.col("__iin_c1"), pl.col("__iin_c2")
    expected = pl.when(first != 10).then(first).when(second != 10).then(second).otherwise(None)
    staged = staged.with_columns(
        (month.is_between(1, 12) & day.is_between(1, days_in_month)).alias("__iin_date_ok"),
        expected.alias("__iin_expected"),
    )
    error = (
        pl.when(~pl.col("__iin_ok"))
        .then(pl.lit("format"))
        .when(~d[6].is_between(min(CENTURY_BY_DIGIT), max(CENTURY_BY_DIGIT)))
        .then(pl.lit("century"))
        .when(~pl.col("__iin_date_ok"))
        .then(pl.lit("birth_date"))
        .when(pl.col("__iin_expected").is_null())
        .then(pl.lit("unusable"))
        .when(pl.col("__iin_expected") != d[11])
        .then(pl.lit("check_digit"))
        .otherwise(None)
    )
    staged = staged.with_columns(error.alias("__iin_error"))
    real_date = pl.col("__iin_error").is_null() | ~pl.col("__iin_error").is_in(
        ["format", "century", "birth_date"]
    )
    staged = staged.with_columns(
        pl.when(real_date).then(year).otherwise(2000).alias("__iin_y"),
        pl.when(real_date).then(month).otherwise(1).alias("__iin_m"),
        pl.when(real_date).then(day).otherwise(1).alias("__iin_day"),
    )
    staged = staged.with_columns(pl.date(year, month, day).alias("__iin_date"))
    # A date in the future comes before the check-digit rules, as in ``parse_iin``.
    future = real_date & (pl.col("__iin_date") > pl.lit(today or timezone.localdate()))
    staged = staged.with_columns(
        pl.when(future)
        .then(pl.lit("future_birth_date"))
        .otherwise(pl.col("__iin_error"))
        .alias(f"{prefix}error")
    )
    valid = pl.col(f"{prefix}error").is_null()
    staged = staged.with_columns(
        pl.when(valid).then(pl.col("__iin_date")).alias(f"{prefix}birth_date"),
        pl.when(valid)
        .then(pl.when(d[6] % 2 == 1).then(pl.lit("male")).otherwise(pl.lit("female")))
        .alias(f"{prefix}sex"),
    )
    scratch = [name for name in staged.columns if name.startswith("__iin_")]
    return staged.drop(scratch).select(
        *frame.columns, f"{prefix}birth_date", f"{prefix}sex", f"{prefix}error"
    )


def validate_iins(values: pl.Series | Iterable[str | None], *, today: dt.date | None = None) -> pl.DataFrame:
    """Check many IINs at once: a frame with ``iin`` (stripped), ``birth_date``, ``sex``, ``error``."""
    series = values if isinstance(values, pl.Series) else pl.Series("iin", list(values), dtype=pl.String)
    frame = pl.DataFrame({"iin": series.cast(pl.String).fill_null("").str.strip_chars(_PY_WHITESPACE)})
    return with_iin_checks(frame, "iin", prefix="", today=today)


# --- generation --------------------------------------------------------------------------------


def _check_digits(heads: np.ndarray) -> np.ndarray:
    """Check digit for 11-digit heads (int64), or -1 where both passes give 10."""
    rest = heads.copy()
    first = np.zeros_like(heads)
    second = np.zeros_like(heads)
    for k in range(10, -1, -1):  # the eleven digit positions, last first
        digit = rest % 10
        rest //= 10
        first += digit * WEIGHTS_FIRST[k]
        second += digit * WEIGHTS_SECOND[k]
    first %= 11
    second %= 11
    return np.where(first != 10, first, np.where(second != 10, second, -1))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique is an order of magnitude slower than a sort on millions of int64 here.
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _as_int_iins(values: Iterable[str] | pl.Series | np.ndarray | None) -> np.ndarray:
    if values is None:
        return np.empty(0, dtype=np.int64)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return _sorted_unique(values.astype(np.int64))
    series = values if isinstance(values, pl.Series) else pl.Series(list(values), dtype=pl.String)
    ints = series.cast(pl.String).cast(pl.Int64, strict=False).drop_nulls()
    return _sorted_unique(ints.to_numpy().astype(np.int64))


def generate_iins(
    *,
    birth_dates: np.ndarray | pl.Series,
    male: np.ndarray | pl.Series,
    rng: np.random.Generator,
    exclude: Iterable[str] | pl.Series | np.ndarray | None = None,
) -> np.ndarray:
    """Valid IINs (as int64, 12 digits with leading zeros implied) for birth dates and sexes.

    Serials are random; a serial whose both check passes give 10 is drawn again, and so is any
    number already drawn in the batch or listed in ``exclude`` (numbers already in the registry),
    so the result is unique and new. Use ``iin_strings`` to get the text form.
    """
    dates = np.asarray(birth_dates.to_numpy() if isinstance(birth_dates, pl.Series) else birth_dates)
    dates = dates.astype("datetime64[D]")
    is_male = np.asarray(male.to_numpy() if isinstance(male, pl.Series) else male, dtype=bool)
    if dates.shape != is_male.shape:
        raise ValueError("birth_dates and male must have the same length")
    n = dates.shape[0]
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    if n and (years.min() < 1800 or years.max() > 2099):
        raise ValueError("IINs exist only for birth years 1800 to 2099")
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    century_digit = (years // 100 - 18) * 2 + 1 + (~is_male).astype(np.int64)
    prefix = ((years % 100) * 10_000 + months * 100 + days) * 10 + century_digit  # 7 digits
    excluded = _as_int_iins(exclude)
    out = np.zeros(n, dtype=np.int64)
    taken = np.empty(0, dtype=np.int64)  # sorted numbers accepted so far
    todo = np.arange(n)
    for _round in range(_MAX_ROUNDS):
        if todo.size == 0:
            return out
        heads = prefix[todo] * 10_000 + rng.integers(0, 10_000, size=todo.size, dtype=np.int64)
        check = _check_digits(heads)
        drawn = heads * 10 + check
        bad = (check < 0) | _contains(excluded, drawn) | _contains(taken, drawn)
        order = np.argsort(drawn, kind="stable")
        repeat = np.zeros(todo.size, dtype=bool)
        repeat[order[1:]] = drawn[order[1:]] == drawn[order[:-1]]
        bad |= repeat
        accepted = np.sort(drawn[~bad])
        out[todo[~bad]] = drawn[~bad]
        taken = np.insert(taken, np.searchsorted(taken, accepted), accepted)
        todo = todo[bad]
    if todo.size:
        raise IINCapacityError(
            f"{todo.size} IINs could not be drawn: too many people share a birth date and sex"
        )
    return out


def _contains(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    if sorted_values.size == 0:
        return np.zeros(values.shape, dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_values, values), sorted_values.size - 1)
    return sorted_values[idx] == values


def iin_strings(iins: np.ndarray) -> pl.Series:
    """The 12-character text form of int64 IINs (leading zeros for births in 2000-2009 etc.)."""
    return pl.Series("iin", iins, dtype=pl.Int64).cast(pl.String).str.zfill(12)
