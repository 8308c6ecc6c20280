"""What-if simulation: the legislation and a reform over one population for one month, compared.

Both sides run every programme in force on the first day of the month over the same population
(the engine's batch, recipients only), and the comparison counts recipients and sums amounts by
district and programme: how many receive under each, how many gain or lose the benefit, what it
costs. A district is the leading digits of the KATO code (``district_digits``: 2 a region, 4 a
district or town, 6 a rural district), written as the nine-digit code of that unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from komek.rules.engine import BatchResult, Engine
from komek.rules.population import Population
from komek.rules.reform import Reform

KATO_DIGITS = (2, 4, 6, 9)
COUNTS = ("baseline_recipients", "reform_recipients", "gained", "lost")
COSTS = ("baseline_cost", "reform_cost")
_RESULT = {"programme": pl.String, "entity_id": pl.Int64, "region": pl.String, "amount": pl.Int64}


@dataclass(frozen=True)
class Simulation:
    reform: Reform
    on: dt.date
    region: str
    district_digits: int
    rows: pl.DataFrame  # one row per district and programme
    programmes: dict[str, dict[str, Any]]  # code → title (by language), periodicity, entity
    timings: dict[str, dict[str, float]] = field(default_factory=dict)

    def by_programme(self) -> pl.DataFrame:
        """Every programme in force on either side, with its recipients and cost."""
        totals = _totals(self.rows, "programme")
        absent = sorted(set(self.programmes) - set(totals["programme"].to_list()))
        if absent:
            zeros = pl.DataFrame({"programme": absent}).with_columns(
                pl.lit(0, dtype=pl.Int64).alias(c) for c in (*COUNTS, *COSTS)
            )
            totals = pl.concat([totals, _ratios(zeros)], how="diagonal_relaxed").sort("programme")
        return totals

    def by_district(self) -> pl.DataFrame:
        """Cost by district, every programme together (recipients of different programmes are
        families and persons, so they are not added up here)."""
        return (
            self.rows.group_by("district")
            .agg(pl.col(c).sum() for c in COSTS)
            .with_columns((pl.col("reform_cost") - pl.col("baseline_cost")).alias("cost_change"))
            .sort("district")
        )

    def describe(self, code: str, language: str = "en") -> dict[str, Any]:
        about = self.programmes.get(code, {})
        titles = about.get("title", {})
        return {
            "title": titles.get(language) or titles.get("en") or code,
            "periodicity": about.get("periodicity"),
            "entity": about.get("entity"),
        }

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The JSON of ``komek simulate --json``."""
        programmes = [
            {**row, **self.describe(row["programme"], language)} for row in self.by_programme().to_dicts()
        ]
        base, new = (int(self.rows[c].sum() or 0) for c in COSTS)
        return {
            "reform": {
                "name": self.reform.title(language),
                "description": self.reform.description.get(language, ""),
                "source": self.reform.source,
            },
            "month": self.on.strftime("%Y-%m"),
            "date": self.on.isoformat(),
            "region": self.region or None,
            "district_digits": self.district_digits,
            "totals": {"baseline_cost": base, "reform_cost": new, "cost_change": new - base},
            "programmes": programmes,
            "districts": self.by_district().to_dicts(),
            "rows": self.rows.to_dicts(),
            "timings": self.timings,
        }


def _recipients(result: BatchResult) -> pl.DataFrame:
    frames = [
        frame.select(pl.lit(code).alias("programme"), "entity_id", "region", "amount")
        for code, frame in result.results.items()
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=_RESULT)


def _totals(rows: pl.DataFrame, by: str) -> pl.DataFrame:
    return _ratios(rows.group_by(by).agg(pl.col(c).sum() for c in (*COUNTS, *COSTS))).sort(by)


def _ratios(frame: pl.DataFrame) -> pl.DataFrame:
    base = pl.col("baseline_recipients")
    return frame.with_columns(
        (pl.col("reform_recipients") - base).alias("recipients_change"),
        pl.when(base > 0)
        .then(pl.col("reform_recipients") / base)
        .otherwise(None)
        .round(2)
        .alias("recipients_ratio"),
        (pl.col("reform_cost") - pl.col("baseline_cost")).alias("cost_change"),
    )


def simulate(
    engine: Engine,
    reform: Reform,
    population: Population,
    on: dt.date,
    *,
    region: str = "",
    district_digits: int = 4,
) -> Simulation:
    """Run the legislation (``engine``, with the reform's baseline values) and the reform over
    ``population`` on ``on`` and compare them by district and programme."""
    if district_digits not in KATO_DIGITS:
        raise ValueError(f"district_digits is one of {KATO_DIGITS}")
    base_engine, reform_engine = reform.engines(engine)
    base = base_engine.run(population, on, recipients_only=True)
    new = reform_engine.run(population, on, recipients_only=True)
    joined = _recipients(base).join(
        _recipients(new), on=["programme", "entity_id"], how="full", coalesce=True, suffix="_reform"
    )
    district = pl.coalesce("region", "region_reform").str.slice(0, district_digits).str.pad_end(9, "0")
    in_base, in_reform = pl.col("amount").is_not_null(), pl.col("amount_reform").is_not_null()
    rows = (
        joined.group_by(district.alias("district"), "programme")
        .agg(
            in_base.sum().cast(pl.Int64).alias("baseline_recipients"),
            in_reform.sum().cast(pl.Int64).alias("reform_recipients"),
            (in_reform & ~in_base).sum().cast(pl.Int64).alias("gained"),
            (in_base & ~in_reform).sum().cast(pl.Int64).alias("lost"),
            pl.col("amount").sum().cast(pl.Int64).alias("baseline_cost"),
            pl.col("amount_reform").sum().cast(pl.Int64).alias("reform_cost"),
        )
        .pipe(_ratios)
        .sort("district", "programme")
    )
    described = {
        p.code: {"title": dict(p.title), "periodicity": p.periodicity, "entity": p.entity}
        for p in (*base_engine.in_force(on), *reform_engine.in_force(on))
        if p.jurisdiction.startswith(region) or region.startswith(p.jurisdiction)
    }
    return Simulation(
        reform=reform, on=on, region=region, district_digits=district_digits, rows=rows,
        programmes=described, timings={"baseline": base.timings, "reform": new.timings},
    )  # fmt: skip
