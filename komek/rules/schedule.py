"""Payment schedules: which months of an assignment pay, and how much each payment is.

A programme's ``periodicity`` (its YAML) names the schedule; this module is the one place that turns
it into payment months, for the payroll's SQL (``periodicities_paying``) and for Python (``pays``,
``schedule``) alike:

- ``month``: every month of the assignment;
- ``quarter``: the first month of each quarter the assignment covers, and its own first month when
  it starts within a quarter;
- ``half-year``: likewise with January and July;
- ``once``: the assignment's first month only (one payment per event).

The amount of each payment is the one in force on its payment date (the first day of the month):
``schedule`` asks ``amount_on`` for it, so an MCI rise between two payments changes the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from komek.common.periods import month_start, months
from komek.rules.catalogue import VARIABLES
from komek.rules.errors import RulesError
from komek.rules.expressions import round_half_up

if TYPE_CHECKING:
    from komek.rules.engine import Engine
    from komek.rules.programmes import Programme

# The calendar months (1-12) in which each periodicity pays, besides the assignment's first month.
CALENDAR_MONTHS: dict[str, tuple[int, ...]] = {
    "month": tuple(range(1, 13)),
    "quarter": (1, 4, 7, 10),
    "half-year": (1, 7),
    "once": (),
}


@dataclass(frozen=True)
class Payment:
    month: dt.date  # the first day of the payment's month
    amount: int  # whole tenge

    def as_dict(self) -> dict[str, object]:
        return {"month": f"{self.month:%Y-%m}", "amount": self.amount}


def pays(periodicity: str, first_month: dt.date, month: dt.date) -> bool:
    """Whether an assignment whose first month is ``first_month`` pays in ``month``."""
    if month < first_month:
        return False
    return month == first_month or month.month in CALENDAR_MONTHS[periodicity]


def payment_span_months(periodicity: str) -> int:
    """The months one payment of a schedule covers: a year over its payments a year (a quarter for
    ``quarter``); one month for ``once``."""
    per_year = len(CALENDAR_MONTHS.get(periodicity, ()))
    return 12 // per_year if per_year else 1


def assignment_term_months(programme: Programme) -> int:
    """The term an assignment of a version is made for when a case is decided: the one its
    legislation states (``assignment_term``), else, for a council decision entered without one, the
    months one payment of its schedule covers."""
    stated = programme.facts.assignment_term
    return stated.months if stated is not None else payment_span_months(programme.periodicity)


def periodicities_paying(month: dt.date) -> list[str]:
    """The periodicities that pay in ``month`` an assignment that started before it (for the SQL:
    an assignment pays when its periodicity is one of these or the month is its first)."""
    later = month_start(month)
    earlier = dt.date(later.year - 1, later.month, 1)
    return [p for p in CALENDAR_MONTHS if pays(p, earlier, later)]


def payment_months(periodicity: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The months in which an assignment from ``start`` to ``end`` is paid."""
    first = month_start(start)
    return [m for m in months(first, month_start(end)) if pays(periodicity, first, m)]


def schedule(
    periodicity: str, start: dt.date, end: dt.date, amount_on: Callable[[dt.date], int]
) -> list[Payment]:
    """Each payment of an assignment: its month and the amount in force on the month's first day."""
    return [Payment(m, int(amount_on(m))) for m in payment_months(periodicity, start, end)]


class FamilyDependent(RulesError):
    """The programme's amount depends on the beneficiary: it cannot be computed without one."""


def family_dependent(programme: Programme) -> bool:
    """Whether the amount (or the limit) of a version names a variable of the family or person."""
    names = set(programme.amount.names) | (set(programme.limit.names) if programme.limit else set())
    return bool(names & set(VARIABLES))


def version_on(engine: Engine, code: str, on: dt.date, region: str) -> Programme:
    """The version of programme ``code`` in force on ``on`` in ``region`` (a RulesError if none)."""
    versions = engine.in_force(on, [code], region)
    if not versions:
        raise RulesError(
            f"Programme {code} is not in force on {on.isoformat()} in {region or 'the country'}."
        )
    return versions[0]


def rule_amount(engine: Engine, code: str, on: dt.date, region: str) -> int:
    """The amount of the programme's own rule on ``on`` for an eligible beneficiary, in whole tenge:
    its amount expression (within its limit) over the parameters in force on that date."""
    programme = version_on(engine, code, on, region)
    if family_dependent(programme):
        raise FamilyDependent(f"The amount of programme {code} depends on the family.")
    names = set(programme.amount.names) | (set(programme.limit.names) if programme.limit else set())
    columns, _used, missing = engine.parameter_values(on, [region], names)
    if missing:
        raise next(iter(missing.values()))
    amount = programme.amount.expr.clip(lower_bound=0.0)
    if programme.limit is not None:
        amount = pl.min_horizontal(amount, programme.limit.expr)
    frame = pl.DataFrame(columns) if names else pl.DataFrame({"region": [region]})
    return int(frame.select(round_half_up(amount).alias("amount"))["amount"][0])


# The dated parameters an assignment's amount may be a multiple of, in the order they are tried
# (the choices of ``Assignment.amount_parameter``): the names the legislation's YAML gives them.
FOLLOWED_PARAMETERS = ("mci", "subsistence_minimum")


def amount_multiple(programme: Programme, rows: Iterable[Mapping[str, float]]) -> tuple[str, Decimal] | None:
    """``(parameter, multiple)``: the amount of a beneficiary's eligible rows as a multiple of the
    first of ``FOLLOWED_PARAMETERS`` the programme's amount (within its limit) is proportional to
    (``12 * mci``, ``gsp_child_mci * mci * children_1_6``, ``almaty_hiv_child_sm *
    subsistence_minimum``); None for any other amount. ``rows`` are the values the calculation
    explained for each eligible row's amount (every name of the amount expression).

    An assignment that carries this multiple pays, after a change of the parameter, the multiple
    times the new value (``komek.benefits.schedules.parameter_follower``): the amount of the law,
    not the decided amount divided by the old value and rounded."""
    for parameter in FOLLOWED_PARAMETERS:
        multiple = _multiple(programme, parameter, list(rows))
        if multiple is not None:
            return parameter, multiple
    return None


def _multiple(programme: Programme, parameter: str, rows: list[Mapping[str, float]]) -> Decimal | None:
    """The rows' amount in units of ``parameter`` when it is proportional to it, else None."""
    if parameter not in programme.amount.names or not rows:
        return None
    total = Decimal(0)
    for values in rows:
        unit = values.get(parameter)
        if not unit:
            return None
        at_value, per_unit = _amount(programme, values), _amount(programme, {**values, parameter: 1.0})
        if (
            at_value is None
            or per_unit is None
            or abs(at_value - per_unit * float(unit)) > 1e-6 * max(1.0, at_value)
        ):
            return None
        total += Decimal(repr(per_unit))
    return total.quantize(Decimal("0.0001"))


def _amount(programme: Programme, values: Mapping[str, float]) -> float | None:
    """The programme's amount (within its limit, when the values name what the limit needs) over one
    row of values, unrounded; None when a name is missing."""
    names = set(programme.amount.names)
    if not names <= set(values):
        return None
    amount = programme.amount.expr.clip(lower_bound=0.0)
    if programme.limit is not None and set(programme.limit.names) <= set(values):
        names |= set(programme.limit.names)
        amount = pl.min_horizontal(amount, programme.limit.expr)
    frame = pl.DataFrame({name: [float(values[name])] for name in sorted(names)})
    value = frame.select(amount.alias("amount"))["amount"][0]
    return None if value is None else float(value)
