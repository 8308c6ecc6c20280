"""Variables: named, vectorised computations over persons and families, written once.

Person variables are columns of the persons frame, family variables columns of the families frame;
a person-entity programme sees its family's variables as well. Only the variables a calculation
needs are computed (status flags and their family counts are dozens of columns on 17 million rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from komek.rules.expressions import Type
from komek.rules.parameters import ParameterTable
from komek.rules.periods import reference_months
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS, Population

ADULT_AGE = 18


@dataclass(frozen=True)
class Variable:
    name: str
    entity: str  # "person" or "family"
    type: Type
    label: str


def _v(name: str, entity: str, kind: Type, label: str) -> Variable:
    return Variable(name, entity, kind, label)


BASE_VARIABLES: tuple[Variable, ...] = (
    _v("age", "person", "number", "age in full years on the date"),
    _v("is_child", "person", "bool", "under 18"),
    _v("is_male", "person", "bool", "male"),
    _v("pension_age", "person", "bool", "has reached the retirement age of the year"),
    _v("disability_1", "person", "bool", "disability group I"),
    _v("disability_2", "person", "bool", "disability group II"),
    _v("disability_3", "person", "bool", "disability group III"),
    _v("disabled_child", "person", "bool", "child with disability"),
    _v("has_disability", "person", "bool", "any disability group"),
    _v("able_bodied", "person", "bool", "adult below retirement age without disability of group I or II"),
    _v("income_quarter", "person", "number", "counted income over the reference quarter, tenge"),
    _v("family_size", "family", "number", "members of the family"),
    _v("children", "family", "number", "members under 18"),
    _v("children_under_3", "family", "number", "members under 3"),
    _v("children_1_6", "family", "number", "members aged 1 to 6"),
    _v("schoolchildren", "family", "number", "members aged 6 to 17"),
    _v("minors", "family", "number", "members under 18"),
    _v("pensioners", "family", "number", "members of retirement age"),
    _v("disabled_1_2", "family", "number", "members with disability group I or II"),
    _v("disabled_members", "family", "number", "members with any disability group"),
    _v("disabled_1_3", "family", "number", "members with disability group I, II or III"),
    _v("has_disabled_child", "family", "bool", "a child with disability in the family"),
    _v("able_bodied_members", "family", "number", "able-bodied members"),
    _v(
        "care_needed",
        "family",
        "bool",
        "a child under 3, a disabled child, a member of group I-II or a pensioner",
    ),
    _v(
        "able_bodied_available",
        "family",
        "number",
        "able-bodied members free to take part in employment measures",
    ),
    _v("total_income", "family", "number", "family income over the reference quarter, tenge"),
    _v("monthly_income", "family", "number", "average monthly family income over the reference quarter"),
    _v(
        "per_capita_income",
        "family",
        "number",
        "average monthly income per member over the reference quarter",
    ),
    _v("dwellings", "family", "number", "dwellings owned"),
    _v("cars", "family", "number", "cars owned"),
    _v("area_m2", "family", "number", "living area, m²"),
    _v("housing_costs", "family", "number", "monthly housing costs, tenge"),
    _v("region", "family", "str", "KATO code of residence"),
)
FLAG_VARIABLES = tuple(_v(f, "person", "bool", f"status: {f}") for f in STATUS_FLAGS)
COUNT_VARIABLES = tuple(
    _v(f"count_{f}", "family", "number", f"members with status {f}") for f in STATUS_FLAGS
)
CIRCUMSTANCE_VARIABLES = tuple(_v(c, "family", "bool", f"circumstance: {c}") for c in CIRCUMSTANCES)

VARIABLES: dict[str, Variable] = {
    v.name: v for v in (*BASE_VARIABLES, *FLAG_VARIABLES, *COUNT_VARIABLES, *CIRCUMSTANCE_VARIABLES)
}


def _age_expr(on: dt.date) -> tuple[pl.Expr, pl.Expr]:
    born = pl.col("birth_date")
    later_in_year = (born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)) > (
        on.month * 100 + on.day
    )
    age = (pl.lit(on.year) - born.dt.year().cast(pl.Int32) - later_in_year.cast(pl.Int32)).cast(pl.Int32)
    months = (
        pl.lit(on.year * 12 + on.month)
        - (born.dt.year().cast(pl.Int32) * 12 + born.dt.month().cast(pl.Int32))
        - (born.dt.day() > on.day).cast(pl.Int32)
    )
    return age, months


def person_variables(
    population: Population, on: dt.date, parameters: ParameterTable, needed: Iterable[str]
) -> pl.LazyFrame:
    """Person variables on ``on``; status flags only for the ones ``needed`` names."""
    wanted = set(needed)
    age, months = _age_expr(on)
    men = float(parameters.value("retirement_age_men", on)) * 12
    women = float(parameters.value("retirement_age_women", on)) * 12
    group = pl.col("disability_group")
    persons = population.persons.lazy().with_columns(
        age.alias("age"),
        (pl.col("sex") == "male").alias("is_male"),
        (months >= pl.when(pl.col("sex") == "male").then(men).otherwise(women)).alias("pension_age"),
        (group == "1").fill_null(False).alias("disability_1"),
        (group == "2").fill_null(False).alias("disability_2"),
        (group == "3").fill_null(False).alias("disability_3"),
        (group == "child").fill_null(False).alias("disabled_child"),
        group.is_not_null().alias("has_disability"),
    )
    persons = persons.with_columns(
        (pl.col("age") < ADULT_AGE).alias("is_child"),
        (
            (pl.col("age") >= ADULT_AGE)
            & ~pl.col("pension_age")
            & ~pl.col("disability_1")
            & ~pl.col("disability_2")
        ).alias("able_bodied"),
    )
    flags = [f for f in STATUS_FLAGS if f in wanted or f"count_{f}" in wanted]
    if flags:
        persons = persons.with_columns(
            pl.col("statuses").list.contains(f).fill_null(False).alias(f) for f in flags
        )
    months_counted = reference_months(on)
    income = (
        population.incomes.lazy()
        .filter(pl.col("month").is_in(months_counted))
        .group_by("person_id")
        .agg(pl.col("amount").sum().alias("income_quarter"))
    )
    return persons.join(income, on="person_id", how="left").with_columns(
        pl.col("income_quarter").fill_null(0.0)
    )


def family_variables(
    population: Population, persons: pl.LazyFrame, on: dt.date, needed: Iterable[str]
) -> pl.LazyFrame:
    """Family variables, aggregated from the members in one group-by."""
    wanted = set(needed)
    age = pl.col("age")
    counts = [
        pl.col(f).sum().cast(pl.Float64).alias(f"count_{f}") for f in STATUS_FLAGS if f"count_{f}" in wanted
    ]
    aggregated = persons.group_by("family_id").agg(
        pl.len().cast(pl.Float64).alias("family_size"),
        (age < ADULT_AGE).sum().cast(pl.Float64).alias("children"),
        (age < 3).sum().cast(pl.Float64).alias("children_under_3"),
        age.is_between(1, 6).sum().cast(pl.Float64).alias("children_1_6"),
        age.is_between(6, 17).sum().cast(pl.Float64).alias("schoolchildren"),
        pl.col("pension_age").sum().cast(pl.Float64).alias("pensioners"),
        (pl.col("disability_1") | pl.col("disability_2")).sum().cast(pl.Float64).alias("disabled_1_2"),
        pl.col("has_disability").sum().cast(pl.Float64).alias("disabled_members"),
        (pl.col("disability_1") | pl.col("disability_2") | pl.col("disability_3"))
        .sum()
        .cast(pl.Float64)
        .alias("disabled_1_3"),
        pl.col("disabled_child").any().alias("has_disabled_child"),
        pl.col("able_bodied").sum().cast(pl.Float64).alias("able_bodied_members"),
        pl.col("income_quarter").sum().alias("total_income"),
        *counts,
    )
    families = population.families.lazy().join(aggregated, on="family_id", how="inner")
    circumstances = [
        pl.col("circumstances").list.contains(c).fill_null(False).alias(c)
        for c in CIRCUMSTANCES
        if c in wanted
    ]
    care = (
        (pl.col("children_under_3") > 0)
        | pl.col("has_disabled_child")
        | (pl.col("disabled_1_2") > 0)
        | (pl.col("pensioners") > 0)
    )
    return families.with_columns(
        pl.col("children").alias("minors"),
        care.alias("care_needed"),
        # One able-bodied member stays at home when someone needs care (Law No. 246, art. 2).
        (pl.col("able_bodied_members") - care.cast(pl.Float64))
        .clip(lower_bound=0)
        .alias("able_bodied_available"),
        (pl.col("total_income") / 3).alias("monthly_income"),
        (pl.col("total_income") / 3 / pl.col("family_size")).alias("per_capita_income"),
        pl.col("dwellings").cast(pl.Float64),
        pl.col("cars").cast(pl.Float64),
        *circumstances,
    )
