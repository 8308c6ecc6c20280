"""Variables: named, vectorised computations over persons and families, written once.

Person variables are columns of the persons frame, family variables columns of the families frame;
a person-entity programme sees its family's variables as well. Only the variables a calculation
needs are computed (status flags and their family counts are dozens of columns on 17 million rows).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import polars as pl

from komek.rules.catalogue import VARIABLES, Variable
from komek.rules.errors import RulesError
from komek.rules.housing import SERVICE_CODES, paid_variable, used_variable
from komek.rules.parameters import ParameterTable
from komek.rules.periods import reference_months
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS

__all__ = ["VARIABLES", "Variable"]  # the catalogue, re-exported

# --- computation ---------------------------------------------------------------------------------
# Each variable is a numpy array (or a Polars series, where the input may hold nulls) aligned with
# the rows of the persons or the families frame. It is computed on first use and kept, and asks for
# the variables it is made of (``p["pension_age"]``), so a calculation computes only what its
# programmes need. Ages are comparisons of the birth date with a cut-off date (no calendar
# arithmetic per person), and families are summed from their members with ``np.bincount`` over a
# dense family index: on 17 million persons that is an order of magnitude faster than a group-by.

EPOCH = dt.date(1970, 1, 1)
MAX_AGE = 150
# Below this many rows a column is read in Python: a Polars query costs a fraction of a millisecond
# however few rows it reads, which is most of the time of one family's calculation.
SMALL = 2048
DISABILITY_CODES = {"disability_1": "1", "disability_2": "2", "disability_3": "3", "disabled_child": "child"}


def cutoff(on: dt.date, months: int) -> int:
    """The last birth date (days since 1970) of a person who is at least ``months`` old on ``on``.

    Someone born on 29 February is a year older on 28 February of a year without one, as the
    year/month/day comparison of an age in full years gives.
    """
    year, month0 = divmod(on.year * 12 + on.month - 1 - months, 12)
    day = min(on.day, calendar.monthrange(year, month0 + 1)[1])
    return (dt.date(year, month0 + 1, day) - EPOCH).days


def _consecutive(keys: np.ndarray) -> bool:
    """Whether the keys are first, first + 1, ...: the rows of a registry read in id order.

    Strictly increasing integers that span as many values as there are keys are consecutive: one
    comparison of neighbours, with no array of differences to make."""
    return (
        bool(keys.size)
        and int(keys[-1]) - int(keys[0]) + 1 == keys.size
        and bool((keys[1:] > keys[:-1]).all())
    )


def positions(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The row of each of ``ids`` among the unique ``keys``, -1 where absent."""
    out = np.full(ids.size, -1, dtype=np.int64)
    if keys.size == 0 or ids.size == 0:
        return out
    low, high = int(keys.min()), int(keys.max())
    inside_all = int(ids.min()) >= low and int(ids.max()) <= high
    if _consecutive(keys) and inside_all:
        return ids - low
    if high - low < 4 * keys.size + 1024:  # registry ids are dense: one lookup table
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[keys - low] = np.arange(keys.size)
        if inside_all:
            return table[ids - low]
        inside = (ids >= low) & (ids <= high)
        out[inside] = table[ids[inside] - low]
        return out
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    at = np.minimum(np.searchsorted(ordered, ids), keys.size - 1)
    return np.where(ordered[at] == ids, order[at], -1)


def sum_by(keys: np.ndarray, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """For each of the unique ``keys``, the sum of the ``weights`` whose id is that key."""
    if ids.size == 0:
        return np.zeros(keys.size)
    if _consecutive(keys):
        first, low, high = int(keys[0]), int(ids.min()), int(ids.max())
        if low >= 0 and high < first + 2 * keys.size + 1024:  # bins by id, no index to build
            return np.bincount(ids, weights=weights, minlength=first + keys.size)[first : first + keys.size]
    rows = positions(keys, ids)
    known = rows >= 0
    return np.bincount(rows[known], weights=weights[known], minlength=keys.size)


class _Codes:
    """A list-of-codes column (statuses of persons, circumstances of families) as one boolean column
    per code: the lists are exploded and their codes numbered once, the pairs (row, code) sorted by
    code, so that each code's rows are one slice of them: a programme in force on the whole country
    tests some twenty statuses, and finding each one's rows among the 26 million statuses of the
    registry would cost more than sorting them once (in Polars, on every core)."""

    def __init__(self, frame: pl.DataFrame, column: str, vocabulary: tuple[str, ...]) -> None:
        self.height, self.vocabulary = frame.height, vocabulary
        if frame.height <= SMALL:
            index = {code: i for i, code in enumerate(vocabulary)}
            values = [codes or [] for codes in frame[column].to_list()]
            rows = np.array([row for row, codes in enumerate(values) for _ in codes], dtype=np.int64)
            unknown = len(vocabulary)
            codes = np.array([index.get(c, unknown) for codes in values for c in codes], dtype=np.int64)
            order = np.argsort(codes, kind="stable")
            self._sorted(rows[order], codes[order])
            return
        pairs = (
            frame.lazy()
            .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), pl.col(column))
            .explode(column, empty_as_null=False, keep_nulls=False)
            .select(
                "row",
                pl.col(column)
                .cast(pl.Enum(list(vocabulary)), strict=False)  # an unknown code: null
                .to_physical()
                .fill_null(len(vocabulary))
                .alias("code"),
            )
            .sort("code", maintain_order=True)
            .collect()
        )
        self._sorted(pairs["row"].to_numpy(), pairs["code"].to_numpy())

    def _sorted(self, rows: np.ndarray, codes: np.ndarray) -> None:
        """Keep the rows sorted by code and where each code's rows begin."""
        self.rows = rows
        self.starts = np.zeros(len(self.vocabulary) + 2, dtype=np.int64)
        np.cumsum(np.bincount(codes, minlength=len(self.vocabulary) + 1), out=self.starts[1:])

    def __getitem__(self, code: str) -> np.ndarray:
        out = np.zeros(self.height, dtype=bool)
        number = self.vocabulary.index(code)
        out[self.rows[self.starts[number] : self.starts[number + 1]]] = True
        return out


Values = np.ndarray | pl.Series


class Persons:
    """Person variables on a date over a persons frame (columns it already has are taken as given)."""

    def __init__(self, frame: pl.DataFrame, incomes: pl.DataFrame, on: dt.date, parameters: ParameterTable):
        self.frame, self.incomes, self.on, self.parameters = frame, incomes, on, parameters
        self._values: dict[str, Values] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._values:
            if name in self.frame.columns and name in PERSON_FORMULAS:
                self._values[name] = self.frame[name].fill_null(False).to_numpy()
            else:
                self._values[name] = PERSON_FORMULAS[name](self)
        return self._values[name]  # type: ignore[return-value]

    def compute(self, names: Iterable[str]) -> None:
        for name in sorted(names):
            self[name]

    @functools.cached_property
    def birth(self) -> np.ndarray:
        column = self.frame["birth_date"]
        if column.null_count():
            raise RulesError(f"The persons frame lacks the birth date of {column.null_count()} persons.")
        return _days(column)

    @functools.cached_property
    def adult_age(self) -> int:
        """The age of majority on the date (parameter ``adult_age``)."""
        return int(self.parameters.value("adult_age", self.on))

    def reached(self, *, years: int = 0, months: int = 0) -> np.ndarray:
        """Whether each person is at least ``years`` and ``months`` old on the date."""
        return self.birth <= cutoff(self.on, years * 12 + months)

    @functools.cached_property
    def text(self) -> Mapping[str, np.ndarray]:
        """The variables read from the text columns (sex, disability group), in one pass."""
        if self.frame.height <= SMALL:
            sex, groups = self.frame["sex"].to_list(), self.frame["disability_group"].to_list()
            out = {"is_male": np.array([s == "male" for s in sex], dtype=bool)}
            out |= {
                name: np.array([g == code for g in groups], dtype=bool)
                for name, code in DISABILITY_CODES.items()
            }
            out["has_disability"] = np.array([g is not None for g in groups], dtype=bool)
            return out
        # Few persons have a disability group: the groups are compared on those rows only.
        column = self.frame["disability_group"]
        rows = column.is_not_null().arg_true().to_numpy()
        present = column.gather(rows)
        out = {"is_male": (self.frame["sex"] == "male").fill_null(False).to_numpy()}
        for name, code in DISABILITY_CODES.items():
            flags = np.zeros(self.frame.height, dtype=bool)
            flags[rows[(present == code).to_numpy()]] = True
            out[name] = flags
        out["has_disability"] = np.zeros(self.frame.height, dtype=bool)
        out["has_disability"][rows] = True
        return out

    def prefetch(self, names: Iterable[str]) -> None:
        """Read the text and list columns the ``names`` need (Polars queries, which run outside
        the GIL, so that a thread can do them while numpy sums the incomes)."""
        wanted = set(names)
        if wanted:
            self.text  # noqa: B018 (computed once, kept)
        if any(f in wanted or f"count_{f}" in wanted for f in STATUS_FLAGS):
            self.statuses  # noqa: B018

    @functools.cached_property
    def statuses(self) -> _Codes:
        return _Codes(self.frame, "statuses", STATUS_FLAGS)

    def age(self) -> np.ndarray:
        """Age in full years: how many yearly cut-offs the birth date is on or before."""
        cutoffs = np.array([cutoff(self.on, 12 * years) for years in range(MAX_AGE, 0, -1)])
        return (MAX_AGE - np.searchsorted(cutoffs, self.birth, side="left")).astype(np.float64)

    def pension_age(self) -> np.ndarray:
        months = [
            math.ceil(float(self.parameters.value(f"retirement_age_{sex}", self.on)) * 12 - 1e-9)
            for sex in ("men", "women")
        ]
        male = self["is_male"]
        return np.where(male, self.reached(months=months[0]), self.reached(months=months[1]))

    def income_quarter(self) -> np.ndarray:
        """Counted income over the reference quarter: every income row of those months, summed."""
        incomes = self.incomes
        owners = incomes["person_id"].to_numpy()
        column = incomes["amount"]
        amounts = (column.fill_null(0.0) if column.null_count() else column).to_numpy()
        counted = incomes.select(pl.col("month").is_in(reference_months(self.on))).to_series()
        if not counted.all():
            mask = counted.fill_null(False).to_numpy()
            owners, amounts = owners[mask], amounts[mask]
        return sum_by(self.frame["person_id"].to_numpy(), owners, amounts)


def _days(dates: pl.Series) -> np.ndarray:
    """A date column as days since 1970 (its physical values; nulls are the caller's concern)."""
    return dates.to_physical().to_numpy()


def _text(name: str) -> Callable[[Persons], np.ndarray]:
    return lambda p: p.text[name]


def _status(flag: str) -> Callable[[Persons], np.ndarray]:
    return lambda p: p.statuses[flag]


PERSON_FORMULAS: dict[str, Callable[[Persons], np.ndarray]] = {
    "age": Persons.age,
    "is_child": lambda p: ~p.reached(years=p.adult_age),
    "is_male": _text("is_male"),
    "pension_age": Persons.pension_age,
    **{name: _text(name) for name in (*DISABILITY_CODES, "has_disability")},
    "able_bodied": lambda p: ~p["is_child"] & ~p["pension_age"] & ~p["disability_1"] & ~p["disability_2"],
    "income_quarter": Persons.income_quarter,
    **{flag: _status(flag) for flag in STATUS_FLAGS},
}


class Families:
    """Family variables over a families frame, aggregated from the members in ``persons``."""

    def __init__(self, frame: pl.DataFrame, persons: Persons, receipts: pl.DataFrame | None = None) -> None:
        self.frame, self.persons, self.receipts = frame, persons, receipts
        family = positions(frame["family_id"].to_numpy(), persons.frame["family_id"].to_numpy())
        self.member_rows: np.ndarray | None = None  # persons of a family in the frame, when not all are
        if (family < 0).any():
            self.member_rows = np.flatnonzero(family >= 0)
            family = family[self.member_rows]
        self.family_of = family  # for each (kept) person, the row of their family
        self.size = np.bincount(family, minlength=frame.height)
        self.rows = None if self.size.all() else np.flatnonzero(self.size)  # families with members
        # A registry read sorted by family (``registry_population``) lists each family's members
        # together, in the families' order: family i's members are then persons[bounds[i]:bounds[i + 1]].
        self.bounds: np.ndarray | None = None
        if family.size and bool((family[1:] >= family[:-1]).all()):
            self.bounds = np.zeros(frame.height + 1, dtype=np.int64)
            np.cumsum(self.size, out=self.bounds[1:])
        self._values: dict[str, Values] = {}

    def __getitem__(self, name: str) -> Values:
        if name not in self._values:
            self._values[name] = FAMILY_FORMULAS[name](self)
        return self._values[name]

    def compute(self, names: Iterable[str]) -> None:
        for name in sorted(names):
            self[name]

    def members(self, values: np.ndarray) -> np.ndarray:
        return values if self.member_rows is None else values[self.member_rows]

    def count(self, mask: np.ndarray) -> np.ndarray:
        """How many members of each family ``mask`` holds for."""
        mask = self.members(mask)
        # Up to a quarter of the persons: count the families of those (their positions, then their
        # families: a boolean index of 20 million would cost as much as weighing every member).
        if np.count_nonzero(mask) < mask.size // 4:
            found = self.family_of[np.flatnonzero(mask)]
            return np.bincount(found, minlength=self.frame.height).astype(np.float64)
        if self.bounds is not None:  # members by family: a running count, read at each family's end
            running = self._running
            np.cumsum(mask, dtype=np.int32, out=running[1:])
            return np.diff(running[self.bounds]).astype(np.float64)
        return np.bincount(self.family_of, weights=mask, minlength=self.frame.height)

    @functools.cached_property
    def _running(self) -> np.ndarray:
        """The running count of ``count``, made once: each count overwrites it (a fresh array of
        the persons' size for each of a dozen counts is memory the system must clear each time)."""
        return np.zeros(self.family_of.size + 1, dtype=np.int32)

    def members_of(self, families: np.ndarray) -> np.ndarray:
        """The positions (as in ``family_of``) of the members of the families at ``families``, in
        order, for the families' flags ``families`` (one per row of the frame)."""
        if self.bounds is None:
            return np.flatnonzero(families[self.family_of])
        rows = np.flatnonzero(families)
        starts, sizes = self.bounds[rows], self.size[rows]
        # Each family's members are one slice: its start repeated, plus 0, 1, ... within the slice.
        offsets = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return np.repeat(starts, sizes) + offsets

    def total(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.family_of, weights=self.members(values), minlength=self.frame.height)

    def column(self, name: str) -> Values:
        column = self.frame[name]
        return column.cast(pl.Float64) if column.null_count() else column.to_numpy().astype(np.float64)

    def receipts_average(self, service: str, column: str) -> np.ndarray:
        """The family's receipts of a service over the reference quarter, summed and divided by its
        three months (as incomes are): a month without a receipt counts as nothing paid."""
        receipts = self.receipts
        if receipts is None or receipts.height == 0:
            return np.zeros(self.frame.height)
        months = reference_months(self.persons.on)
        chosen = receipts.filter((pl.col("service") == service) & pl.col("month").is_in(months))
        total = sum_by(
            self.frame["family_id"].to_numpy(),
            chosen["family_id"].to_numpy(),
            chosen[column].fill_null(0.0).to_numpy(),
        )
        return total / len(months)

    @functools.cached_property
    def circumstances(self) -> _Codes:
        return _Codes(self.frame, "circumstances", CIRCUMSTANCES)


def _circumstance(code: str) -> Callable[[Families], np.ndarray]:
    return lambda f: f.circumstances[code]


def _count(person_variable: str) -> Callable[[Families], np.ndarray]:
    return lambda f: f.count(f.persons[person_variable])


def _receipts(service: str, column: str) -> Callable[[Families], np.ndarray]:
    return lambda f: f.receipts_average(service, column)


def _housing_costs(f: Families) -> Values:
    """The family's own housing costs and what it paid for each service, added up in one array."""
    own = f.column("housing_costs")
    if isinstance(own, pl.Series):  # some unknown: they stay unknown
        return own + sum(f[paid_variable(s)] for s in SERVICE_CODES)  # type: ignore[operator,return-value]
    for service in SERVICE_CODES:  # ``column`` made a new array: the frame's column stays as it is
        own += f[paid_variable(service)]  # type: ignore[arg-type]
    return own


def _care_needed(f: Families) -> Values:
    return (
        (f["children_under_3"] > 0)  # type: ignore[operator]
        | f["has_disabled_child"]
        | (f["disabled_1_2"] > 0)  # type: ignore[operator]
        | (f["pensioners"] > 0)  # type: ignore[operator]
    )


FAMILY_FORMULAS: dict[str, Callable[[Families], Values]] = {
    "family_size": lambda f: f.size.astype(np.float64),
    "children": _count("is_child"),
    "children_under_3": lambda f: f.count(~f.persons.reached(years=3)),
    "children_1_6": lambda f: f.count(f.persons.reached(years=1) & ~f.persons.reached(years=7)),
    "schoolchildren": lambda f: f.count(f.persons.reached(years=6) & f.persons["is_child"]),
    "minors": lambda f: f["children"],
    "pensioners": _count("pension_age"),
    "disabled_1_2": lambda f: f.count(f.persons["disability_1"] | f.persons["disability_2"]),
    "disabled_members": _count("has_disability"),
    "disabled_1_3": lambda f: f.count(
        f.persons["disability_1"] | f.persons["disability_2"] | f.persons["disability_3"]
    ),
    "has_disabled_child": lambda f: f.count(f.persons["disabled_child"]) > 0,
    "able_bodied_members": _count("able_bodied"),
    "care_needed": _care_needed,
    # One able-bodied member stays at home when someone needs care (Law No. 246, art. 2).
    "able_bodied_available": lambda f: np.maximum(f["able_bodied_members"] - f["care_needed"], 0),  # type: ignore[operator]
    "total_income": lambda f: f.total(f.persons["income_quarter"]),
    "monthly_income": lambda f: f["total_income"] / 3,  # type: ignore[operator]
    "per_capita_income": lambda f: np.divide(
        f["monthly_income"], f.size, out=np.zeros(f.size.size), where=f.size > 0
    ),
    "dwellings": lambda f: f.column("dwellings"),
    "cars": lambda f: f.column("cars"),
    "area_m2": lambda f: f.column("area_m2"),
    "housing_costs": _housing_costs,
    **{paid_variable(s): _receipts(s, "paid") for s in SERVICE_CODES},
    **{used_variable(s): _receipts(s, "consumption") for s in SERVICE_CODES},
    **{f"count_{flag}": _count(flag) for flag in STATUS_FLAGS},
    **{code: _circumstance(code) for code in CIRCUMSTANCES},
}
