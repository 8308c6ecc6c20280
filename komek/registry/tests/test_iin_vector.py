"""The column-wise IIN checks agree with ``parse_iin`` number for number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from komek.registry.iin import InvalidIIN, parse_iin
from komek.registry.iin_vector import IIN_ERRORS, generate_iins, iin_strings, validate_iins

TODAY = dt.date(2026, 11, 23)


def scalar(value: str | None) -> tuple[dt.date | None, str | None, str | None]:
    try:
        info = parse_iin(value, today=TODAY)  # type: ignore[arg-type]
    except InvalidIIN as exc:
        return None, None, exc.code
    return info.birth_date, info.sex, None


def assert_agrees(values: Sequence[str | None]) -> None:
    frame = validate_iins(values, today=TODAY)
    got = list(
        zip(frame["birth_date"].to_list(), frame["sex"].to_list(), frame["error"].to_list(), strict=True)
    )
    assert got == [scalar(v) for v in values]


twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)
# Numbers with a real date and century digit, so the check-digit rules are exercised often.
plausible = st.builds(
    lambda date, century, serial, check: f"{date:%y%m%d}{century}{serial:04d}{check}",
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.integers(0, 9),
    st.integers(0, 9999),
    st.integers(0, 9),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("871008401427", (dt.date(1987, 10, 8), "female", None)),
        ("760212350620", (dt.date(1976, 2, 12), "male", None)),
        ("061211600012", (dt.date(2006, 12, 11), "female", None)),  # valid by the second pass only
        ("010101600586", (None, None, "check_digit")),
        ("821214240092", (None, None, "unusable")),
        ("87100840142", (None, None, "format")),
        ("８７１００８４０１４２７", (None, None, "format")),  # full-width digits are not ASCII
        ("870230400000", (None, None, "birth_date")),
        ("261124600009", (None, None, "future_birth_date")),  # the day after TODAY
        ("261123600003", (dt.date(2026, 11, 23), "female", None)),
        ("871008701427", (None, None, "century")),
        (" 871008401427\t", (dt.date(1987, 10, 8), "female", None)),
        (None, (None, None, "format")),
    ],
)
def test_known_numbers(value: str | None, expected: tuple[object, ...]) -> None:
    """The vectorised check gives the known verdict for known numbers, as the scalar check does."""
    assert scalar(value) == expected
    assert_agrees([value])


def test_every_error_code_has_a_message() -> None:
    """Every error code of the IIN check has a message."""
    assert set(IIN_ERRORS) == {
        "format",
        "century",
        "birth_date",
        "future_birth_date",
        "unusable",
        "check_digit",
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(twelve_digits, min_size=1, max_size=50))
def test_agrees_on_any_twelve_digits(values: list[str]) -> None:
    """The vectorised and scalar checks agree on any twelve digits."""
    assert_agrees(values)


@settings(max_examples=300, deadline=None)
@given(st.lists(plausible, min_size=1, max_size=50))
def test_agrees_on_plausible_numbers(values: list[str]) -> None:
    """The vectorised and scalar checks agree on numbers with a plausible date and century digit."""
    assert_agrees(values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=14), twelve_digits.map(lambda s: f" {s}\x1c")), max_size=30
    )
)
def test_agrees_on_any_text(values: list[str | None]) -> None:
    """The vectorised and scalar checks agree on any text, empty values included."""
    assert_agrees(values)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates(min_value=dt.date(1800, 1, 1), max_value=TODAY), st.booleans()),
        min_size=1,
        max_size=200,
    ),
    st.integers(0, 2**32 - 1),
)
def test_generated_numbers_are_valid_unique_and_consistent(
    people: list[tuple[dt.date, bool]], seed: int
) -> None:
    """Generated IINs are valid, unique and encode the birth date and sex they were made for."""
    dates = np.array([d for d, _ in people], dtype="datetime64[D]")
    male = np.array([m for _, m in people])
    iins = iin_strings(generate_iins(birth_dates=dates, male=male, rng=np.random.default_rng(seed))).to_list()
    assert len(set(iins)) == len(iins)
    for iin, (date, is_male) in zip(iins, people, strict=True):
        info = parse_iin(iin, today=TODAY)
        assert info.birth_date == date
        assert info.sex == ("male" if is_male else "female")
    assert_agrees(iins)


def test_generation_excludes_existing_numbers_and_fills_a_crowded_day() -> None:
    """Generation avoids the numbers already taken and still finds thousands for one birth date."""
    rng = np.random.default_rng(7)
    dates = np.full(3000, np.datetime64("1990-05-17"))
    male = np.ones(3000, dtype=bool)
    first = generate_iins(birth_dates=dates, male=male, rng=rng)
    second = generate_iins(birth_dates=dates, male=male, rng=rng, exclude=iin_strings(first))
    assert np.unique(first).size == 3000
    assert np.unique(second).size == 3000
    assert not np.isin(second, first).any()
    frame = validate_iins(iin_strings(np.concatenate([first, second])), today=TODAY)
    assert frame["error"].null_count() == 6000


def test_validate_keeps_row_order_and_length() -> None:
    """Validation returns one row per value, in the order given."""
    values = pl.Series(["871008401427", "x", None, "760212350620"])
    frame = validate_iins(values)
    assert frame.height == 4
    assert frame["error"].to_list() == [None, "format", "format", None]
