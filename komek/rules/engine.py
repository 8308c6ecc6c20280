"""One engine, three uses: one family with explanations, a batch over the registry, a reform.

A calculation on a date: (1) resolve the parameters for every region present, (2) compute the
variables the programmes in force need, in one pass over persons and one group-by to families,
(3) evaluate each programme's conditions and amount as Polars expressions over all entities.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from komek.rules.computed import COMPUTED
from komek.rules.errors import MissingParameter, RulesError
from komek.rules.expressions import Type, round_half_up
from komek.rules.parameters import ParameterTable, ParameterValue, load_parameters
from komek.rules.population import Population
from komek.rules.programmes import Programme, check_overlaps, parse_programme, read_programme_documents
from komek.rules.variables import VARIABLES, family_variables, person_variables

RESULT_SCHEMA = {"entity_id": pl.Int64, "family_id": pl.Int64, "region": pl.String, "eligible": pl.Boolean,
                 "amount": pl.Int64, "kind": pl.String}  # fmt: skip


def namespace(parameters: ParameterTable) -> dict[str, Type]:
    names: dict[str, Type] = {name: v.type for name, v in VARIABLES.items()}
    for name in (*parameters.names, *COMPUTED):
        names.setdefault(name, "number")
    return names


@dataclass
class BatchResult:
    on: dt.date
    results: dict[str, pl.DataFrame]
    timings: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, dict[str, ParameterValue]] = field(default_factory=dict)

    def summary(self) -> pl.DataFrame:
        """Recipients and monthly-equivalent cost per programme and region."""
        frames = [
            df.filter(pl.col("eligible"))
            .group_by("region")
            .agg(pl.len().alias("recipients"), pl.col("amount").sum().alias("amount"))
            .with_columns(pl.lit(code).alias("programme"))
            for code, df in self.results.items()
        ]
        if not frames:
            return pl.DataFrame(schema={"programme": pl.String, "region": pl.String, "recipients": pl.UInt32,
                                        "amount": pl.Int64})  # fmt: skip
        return (
            pl.concat(frames)
            .select("programme", "region", "recipients", "amount")
            .sort("programme", "region")
        )


@dataclass
class Prepared:
    families: pl.DataFrame
    persons: pl.DataFrame | None
    used: dict[str, dict[str, ParameterValue]]
    missing: dict[tuple[str, str], RulesError]

    def frame_for(self, programme: Programme) -> pl.DataFrame:
        frame = self.families if programme.entity == "family" else self.persons
        assert frame is not None
        return frame


class Engine:
    def __init__(self, parameters: ParameterTable, programmes: Sequence[Programme]) -> None:
        check_overlaps(programmes)
        self.parameters = parameters
        self.programmes = list(programmes)

    @classmethod
    def load(
        cls, parameters: ParameterTable | None = None, extra_documents: Iterable[dict[str, Any]] = ()
    ) -> Engine:
        table = parameters or load_parameters()
        names = namespace(table)
        docs = [*read_programme_documents(), *((f"extra#{i + 1}", d) for i, d in enumerate(extra_documents))]
        return cls(table, [parse_programme(doc, names, source=src) for src, doc in docs])

    # --- which programmes, which parameters -------------------------------------------------
    def in_force(
        self, on: dt.date, codes: Iterable[str] | None = None, region: str | None = None
    ) -> list[Programme]:
        wanted = set(codes) if codes is not None else None
        chosen = [
            p for p in self.programmes if p.in_force(on, region) and (wanted is None or p.code in wanted)
        ]
        if wanted is not None:
            unknown = wanted - {p.code for p in self.programmes}
            if unknown:
                raise RulesError(f"Unknown programme: {', '.join(sorted(unknown))}.")
        return chosen

    def resolve(self, name: str, on: dt.date, region: str) -> tuple[Decimal, list[ParameterValue]]:
        if name in COMPUTED:
            return COMPUTED[name](self.parameters, on, region)
        found = self.parameters.find(name, on, region)
        return found.value, [found]

    def parameter_frame(
        self, on: dt.date, regions: Iterable[str], names: Iterable[str]
    ) -> tuple[pl.DataFrame, dict[str, dict[str, ParameterValue]], dict[tuple[str, str], RulesError]]:
        regions, names = sorted(set(regions)), sorted(set(names))
        columns: dict[str, list[Any]] = {"region": regions, **{n: [] for n in names}}
        used: dict[str, dict[str, ParameterValue]] = {}
        missing: dict[tuple[str, str], RulesError] = {}
        for region in regions:
            for name in names:
                try:
                    value, versions = self.resolve(name, on, region)
                except MissingParameter as exc:
                    columns[name].append(None)
                    missing[(name, region)] = exc
                    continue
                columns[name].append(float(value))
                for version in versions:
                    used.setdefault(region, {})[f"{version.name}:{version.valid_from}:{version.region}"] = (
                        version
                    )
        schema = {"region": pl.String, **dict.fromkeys(names, pl.Float64)}
        return pl.DataFrame(columns, schema=schema), used, missing

    # --- the batch --------------------------------------------------------------------------
    def prepare(
        self, population: Population, on: dt.date, programmes: Sequence[Programme], timings: dict[str, float]
    ) -> Prepared:
        """Variables and parameters for every entity, ready for the programmes' expressions."""
        needed: set[str] = set().union(*(p.names() for p in programmes)) if programmes else set()
        started = time.perf_counter()
        persons_lf = person_variables(population, on, self.parameters, needed)
        families = family_variables(population, persons_lf, on, needed).collect()
        timings["variables"] = time.perf_counter() - started

        started = time.perf_counter()
        param_names = {n for n in needed if n not in VARIABLES}
        params, used, missing = self.parameter_frame(on, families["region"].unique().to_list(), param_names)
        families = families.join(params, on="region", how="left")
        persons: pl.DataFrame | None = None
        if any(p.entity == "person" for p in programmes):
            family_cols = [
                c for c in families.columns if c not in {"family_id"} and c not in VARIABLES_PERSON
            ]
            persons = persons_lf.collect().join(families.select("family_id", *family_cols), on="family_id")
        timings["parameters"] = time.perf_counter() - started
        return Prepared(families=families, persons=persons, used=used, missing=missing)

    def run(self, population: Population, on: dt.date, codes: Iterable[str] | None = None) -> BatchResult:
        """Every programme in force on ``on`` (or those of ``codes``) for every entity of the population."""
        programmes = self.in_force(on, codes)
        timings: dict[str, float] = {}
        prepared = self.prepare(population, on, programmes, timings)
        started = time.perf_counter()
        results = {p.code: self._evaluate(p, prepared.frame_for(p), prepared.missing) for p in programmes}
        timings["programmes"] = time.perf_counter() - started
        return BatchResult(on=on, results=results, timings=timings, parameters=prepared.used)

    def _evaluate(
        self, programme: Programme, frame: pl.DataFrame, missing: dict[tuple[str, str], RulesError]
    ) -> pl.DataFrame:
        scoped = frame.filter(pl.col("region").str.starts_with(programme.jurisdiction))
        for (name, region), error in missing.items():
            if name in programme.names() and region.startswith(programme.jurisdiction):
                raise error
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
        out = scoped.select(
            pl.col(entity).alias("entity_id"),
            pl.col("family_id"),
            pl.col("region"),
            eligible.alias("eligible"),
            round_half_up(amount).alias("amount"),
            (programme.kind.expr if programme.kind is not None else pl.lit(None, dtype=pl.String)).alias(
                "kind"
            ),
        )
        broken = out.filter(pl.col("eligible").is_null() | (pl.col("eligible") & pl.col("amount").is_null()))
        if broken.height:
            raise RulesError(
                f"Programme {programme.code}: no value for {broken.height} of {out.height} entities "
                "(a division by zero or a missing value in its expressions)."
            )
        return out.with_columns(
            pl.when(pl.col("eligible")).then(pl.col("amount")).otherwise(0.0).cast(pl.Int64).alias("amount"),
            pl.when(pl.col("eligible")).then(pl.col("kind")).otherwise(None).alias("kind"),
        )


VARIABLES_PERSON = {name for name, v in VARIABLES.items() if v.entity == "person"}
