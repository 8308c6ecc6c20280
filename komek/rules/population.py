"""The input of every calculation: persons, families and incomes as Polars frames.

The registry fills it through a columnar read (``komek.rules.registry_source``), a situation file
through ``komek.rules.situation``, the benchmarks through their generator. The vocabularies below
are the only status and circumstance codes programmes may use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

# Statuses of a person that programmes test, as boolean variables of the same name.
STATUS_FLAGS: tuple[str, ...] = (
    "pensioner",
    "pensioner_by_age",
    "age_allowance",
    "special_state_allowance",
    "student",
    "university_student",
    "excellent_student",
    "wwii_participant",
    "wwii_disabled",
    "wwii_widow",
    "equated_to_war_participants",
    "home_front_worker",
    "afghanistan_veteran",
    "afghanistan_fallen_family",
    "chernobyl",
    "semipalatinsk",
    "december_1986_rehabilitated",
    "large_family_mother",
    "released_prisoner",
    "probation",
    "tb_outpatient",
    "cancer_postoperative",
    "hiv",
    "chronic_renal_failure",
    "lonely",
    "home_schooled",
    "besieged_leningrad_resident",
    "holiday_payment_category",
)

# Circumstances of a family (a difficult life situation and its causes), boolean family variables.
CIRCUMSTANCES: tuple[str, ...] = (
    "difficult_life_situation",
    "fire_damage",
    "natural_disaster",
    "member_died_in_disaster",
    "meters_installation",
    "gas_connection",
    "holiday_payment",
)

DISABILITY_GROUPS = ("1", "2", "3", "child")

# The schemas hold codes as numbers, not text: a status or circumstance is one byte of its
# vocabulary (``pl.Enum``), an income type an entry of Polars' categories. On the whole country's
# registry text would weigh some 1.1 GB more (16 bytes a value), and the engine would spend half a
# second numbering the statuses of 20 million persons on every calculation. A code outside the
# vocabulary is no status any programme can test: it is left out of the list when the frame is cast.

PERSON_SCHEMA: dict[str, Any] = {
    "person_id": pl.Int64,
    "family_id": pl.Int64,
    "birth_date": pl.Date,
    "sex": pl.String,
    "disability_group": pl.String,
    "statuses": pl.List(pl.Enum(STATUS_FLAGS)),
}
FAMILY_SCHEMA: dict[str, Any] = {
    "family_id": pl.Int64,
    "region": pl.String,
    "dwellings": pl.Int64,
    "cars": pl.Int64,
    "area_m2": pl.Float64,
    "housing_costs": pl.Float64,
    "circumstances": pl.List(pl.Enum(CIRCUMSTANCES)),
}
# A family's housing receipts: per month and service, the consumption (in the service's unit,
# komek.rules.housing) and the amount paid.
RECEIPT_SCHEMA: dict[str, Any] = {
    "family_id": pl.Int64,
    "month": pl.Date,
    "service": pl.String,
    "consumption": pl.Float64,
    "paid": pl.Float64,
}
INCOME_SCHEMA: dict[str, Any] = {
    "person_id": pl.Int64,
    "month": pl.Date,
    "income_type": pl.Categorical,
    "amount": pl.Float64,
}


@dataclass(frozen=True)
class Population:
    persons: pl.DataFrame
    families: pl.DataFrame
    incomes: pl.DataFrame
    receipts: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RECEIPT_SCHEMA))

    @classmethod
    def empty_incomes(cls) -> pl.DataFrame:
        return pl.DataFrame(schema=INCOME_SCHEMA)

    @classmethod
    def empty_receipts(cls) -> pl.DataFrame:
        return pl.DataFrame(schema=RECEIPT_SCHEMA)

    def checked(self) -> Population:
        """The same population with columns cast to the engine's schema (missing column: error)."""
        return Population(
            persons=_cast(self.persons, PERSON_SCHEMA, "persons"),
            families=_cast(self.families, FAMILY_SCHEMA, "families"),
            incomes=_cast(self.incomes, INCOME_SCHEMA, "incomes"),
            receipts=_cast(self.receipts, RECEIPT_SCHEMA, "receipts"),
        )


def quarter_incomes(totals: pl.DataFrame, quarter_start: Any) -> pl.DataFrame:
    """Incomes of one row per person (``person_id``, ``amount``: the reference quarter's counted
    income, summed) in the shape of the incomes frame: dated the quarter's first month, of type
    ``quarter``. The engine's income variables add a person's rows of the quarter up, so every
    result is the one the monthly rows give."""
    return totals.select(
        "person_id",
        pl.lit(quarter_start, dtype=pl.Date).alias("month"),
        pl.lit("quarter").alias("income_type"),
        "amount",
    )


def _cast(frame: pl.DataFrame, schema: dict[str, Any], what: str) -> pl.DataFrame:
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        from komek.rules.errors import RulesError

        raise RulesError(f"The {what} frame lacks columns: {', '.join(missing)}.")
    return frame.select([_cast_column(c, t, frame.schema[c]) for c, t in schema.items()])


def _cast_column(name: str, dtype: Any, given: Any) -> pl.Expr:
    if given == dtype:
        return pl.col(name)  # already the engine's (the benchmark's generator)
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Enum):
        return pl.col(name).cast(dtype, strict=False).list.drop_nulls()
    return pl.col(name).cast(dtype)
