"""One engine, three uses: one family with explanations, a batch over the registry, a reform.

A calculation on a date: (1) resolve the parameters for every region present, (2) compute the
variables the programmes in force need, in one pass over persons and one group-by to families,
(3) evaluate each programme's conditions and amount as Polars expressions over all entities.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from komek.rules.computed import COMPUTED
from komek.rules.errors import MissingParameter, RulesError
from komek.rules.expressions import Type
from komek.rules.frames import family_frame, person_frame
from komek.rules.parameters import ParameterTable, ParameterValue, load_parameters
from komek.rules.population import Population
from komek.rules.programmes import (
    Programme,
    check_overlaps,
    parse_programme,
    read_programme_documents,
)
from komek.rules.results import check_result, checked_result, finish_row, no_value, result_columns
from komek.rules.variables import SMALL, VARIABLES, Families, Persons

# The results' functions are part of the engine's API (komek.rules.explain, the applications' tests).
__all__ = [
    "Engine",
    "check_result",
    "checked_result",
    "finish_row",
    "namespace",
    "no_value",
    "result_columns",
]

RESULT_SCHEMA = {"entity_id": pl.Int64, "family_id": pl.Int64, "region": pl.String, "eligible": pl.Boolean,
                 "amount": pl.Int64, "kind": pl.String}  # fmt: skip


#: The column of a prepared frame holding each row's region, as a position in the values of the
#: frame's region-varying parameters (``Prepared.deferred``); never a result's column.
REGION_CODE = ".region"


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
    """The frames a calculation evaluates its programmes on, with the parameter versions used.

    One frame per entity and jurisdiction: a council's programme is evaluated over the persons or
    families of its territory only, which on a national registry is a small part of it. A parameter
    of one value over a frame's rows is a constant column of it; one whose value differs between
    the frame's regions (the housing tariffs of each territory) is ``deferred``: the frame holds
    each row's region (``REGION_CODE``) and the parameter's value per region, gathered for the rows
    a programme still considers when it reaches the parameter (``with_parameters``).
    """

    frames: dict[tuple[str, str], pl.DataFrame]
    used: dict[str, dict[str, ParameterValue]]
    missing: dict[tuple[str, str], RulesError]
    deferred: dict[tuple[str, str], dict[str, pl.Series]] = field(default_factory=dict)

    def frame(self, key: tuple[str, str]) -> pl.DataFrame:
        """The frame of ``key`` with every parameter as a column."""
        return with_parameters(self.frames[key], self.deferred.get(key, {}))

    def frame_for(self, programme: Programme) -> pl.DataFrame:
        return self.frame((programme.entity, programme.jurisdiction))

    @property
    def families(self) -> pl.DataFrame | None:
        """The frame of national family programmes, when one is in force."""
        return self.frame(("family", "")) if ("family", "") in self.frames else None

    @property
    def persons(self) -> pl.DataFrame | None:
        """The frame of national person programmes, when one is in force."""
        return self.frame(("person", "")) if ("person", "") in self.frames else None


def with_parameters(
    frame: pl.DataFrame, deferred: dict[str, pl.Series], names: Iterable[str] | None = None
) -> pl.DataFrame:
    """``frame`` with those of its ``deferred`` parameters that ``names`` uses as columns (all of
    them, and without ``REGION_CODE``, when ``names`` is None): each row's region's value, gathered
    for the rows at hand only."""
    wanted = [n for n in deferred if n not in frame.columns]
    if names is not None:
        used = set(names)
        wanted = [n for n in wanted if n in used]
    if wanted:  # one query: Polars gathers the columns side by side
        codes = pl.col(REGION_CODE)
        frame = frame.with_columns(pl.lit(deferred[n]).gather(codes).alias(n) for n in wanted)
    if names is None and REGION_CODE in frame.columns:
        frame = frame.drop(REGION_CODE)
    return frame


class Engine:
    def __init__(self, parameters: ParameterTable, programmes: Sequence[Programme]) -> None:
        check_overlaps(programmes)
        self.parameters = parameters
        self.programmes = list(programmes)
        self._columns: dict[int, tuple[Programme, list[pl.Expr]]] = {}
        self._explanations: dict[tuple[int, ...], tuple[tuple[Programme, ...], list[pl.Expr]]] = {}

    def result_columns(self, programme: Programme) -> list[pl.Expr]:
        """``result_columns`` of the programme, built once per engine."""
        cached = self._columns.get(id(programme))
        if cached is None or cached[0] is not programme:
            cached = self._columns[id(programme)] = (programme, result_columns(programme))
        return cached[1]

    def explanation_columns(self, programmes: Sequence[Programme]) -> list[pl.Expr]:
        """Each compiled expression of the programmes, for one pass over a small frame: condition j
        of programme i as ``<i>.c<j>``, line k as ``<i>.l<k>``, its ``<i>.amount``, ``<i>.limit`` and
        ``<i>.kind`` before ``finish_row`` (a whole ``result_columns`` costs a millisecond to plan per
        programme)."""
        key = tuple(id(p) for p in programmes)
        cached = self._explanations.get(key)
        if cached is None or any(a is not b for a, b in zip(cached[0], programmes, strict=True)):
            columns = []
            for i, programme in enumerate(programmes):
                columns += [c.compiled.expr.alias(f"{i}.c{j}") for j, c in enumerate(programme.conditions)]
                columns += [line.compiled.expr.alias(f"{i}.l{k}") for k, line in enumerate(programme.lines)]
                columns.append(programme.amount.expr.alias(f"{i}.amount"))
                for name in ("limit", "kind"):
                    part = getattr(programme, name)
                    columns.append((part.expr if part is not None else pl.lit(None)).alias(f"{i}.{name}"))
            cached = self._explanations[key] = (tuple(programmes), columns)
        return cached[1]

    @classmethod
    def load(
        cls, parameters: ParameterTable | None = None, extra_documents: Iterable[dict[str, Any]] = ()
    ) -> Engine:
        table = parameters or load_parameters()
        names = namespace(table)
        shipped = [
            parse_programme(doc, names, source=src, complete=True) for src, doc in read_programme_documents()
        ]
        extra = [
            parse_programme(doc, names, source=f"extra#{i + 1}") for i, doc in enumerate(extra_documents)
        ]
        return cls(table, [*shipped, *extra])

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
        """The value of each parameter in each region: one row per region, one column per name."""
        columns, used, missing = self.parameter_values(on, regions, names)
        schema = {"region": pl.String, **dict.fromkeys(sorted(set(names)), pl.Float64)}
        return pl.DataFrame(columns, schema=schema), used, missing

    def parameter_values(
        self, on: dt.date, regions: Iterable[str], names: Iterable[str]
    ) -> tuple[dict[str, list[Any]], dict[str, dict[str, ParameterValue]], dict[tuple[str, str], RulesError]]:
        """``parameter_frame`` as lists (the region's values in the order of ``sorted(regions)``),
        the versions used by region, and the regions where a parameter has no value."""
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
                    # Without its traceback: it would hold the frames of this calculation (a cycle).
                    missing[(name, region)] = exc.with_traceback(None)
                    continue
                columns[name].append(float(value))
                for version in versions:
                    used.setdefault(region, {})[f"{version.name}:{version.valid_from}:{version.region}"] = (
                        version
                    )
        return columns, used, missing

    # --- the batch --------------------------------------------------------------------------
    def prepare(
        self, population: Population, on: dt.date, programmes: Sequence[Programme], timings: dict[str, float]
    ) -> Prepared:
        """Variables and parameters for every entity, ready for the programmes' expressions.

        A frame holds what its programmes name: their variables (a person programme sees its
        family's as well) and parameters, over the rows of their jurisdiction.
        """
        _check_entities(programmes)
        groups: dict[tuple[str, str], set[str]] = {}
        for p in programmes:
            groups.setdefault((p.entity, p.jurisdiction), set()).update(p.names())
        every = set().union(set(), *groups.values())
        started = time.perf_counter()
        persons = Persons(population.persons, population.incomes, on, self.parameters)
        families = Families(population.families, persons, population.receipts)
        if persons.frame.height > SMALL:
            # The text and list columns are read by Polars (outside the GIL) in a thread while
            # numpy sums the incomes of the quarter here.
            with ThreadPoolExecutor(max_workers=1) as pool:
                reading = pool.submit(persons.prefetch, every)
                if (
                    "income_quarter" in every
                    or {"total_income", "monthly_income", "per_capita_income"} & every
                ):
                    persons["income_quarter"]  # noqa: B018 (computed once, kept)
                reading.result()
        families.compute(_of_entity(every, "family"))
        persons.compute(_of_entity(every, "person"))
        timings["variables"] = time.perf_counter() - started

        started = time.perf_counter()
        region = families.frame["region"]
        regions: list[str] = sorted(r for r in region.unique().to_list() if r is not None)
        params, used, missing = self.parameter_values(on, regions, {n for n in every if n not in VARIABLES})
        codes = _codes(region, regions)  # index in ``regions`` of each family's region
        has_members = families.size > 0
        frames: dict[tuple[str, str], pl.DataFrame] = {}
        deferred: dict[tuple[str, str], dict[str, pl.Series]] = {}
        for (entity, jurisdiction), names in sorted(groups.items()):
            inside = np.array([r.startswith(jurisdiction) for r in regions] + [not jurisdiction])
            rows = np.flatnonzero(has_members & inside[codes]) if jurisdiction else families.rows
            if entity == "family":
                frame = family_frame(families, _of_entity(names, "family"), rows)
                family_rows = rows  # the family of each row of the frame (None: every family, in order)
            else:
                members = families.members_of(inside[codes]) if jurisdiction else None
                frame = person_frame(
                    families, _of_entity(names, "person"), _of_entity(names, "family"), members
                )
                family_rows = families.family_of if members is None else families.family_of[members]
            wanted = sorted(n for n in names if n not in VARIABLES)
            constant, varying = _parameter_columns(params, wanted)
            frame = frame.with_columns(constant)
            if varying:  # each row's region, read only for a frame that needs it
                row_codes = codes if family_rows is None else codes[family_rows]
                frame = frame.with_columns(pl.Series(REGION_CODE, row_codes, dtype=pl.UInt32))
                deferred[(entity, jurisdiction)] = varying
            frames[(entity, jurisdiction)] = frame
        timings["parameters"] = time.perf_counter() - started
        return Prepared(frames=frames, used=used, missing=missing, deferred=deferred)

    def run(
        self,
        population: Population,
        on: dt.date,
        codes: Iterable[str] | None = None,
        *,
        recipients_only: bool = False,
    ) -> BatchResult:
        """Every programme in force on ``on`` (or those of ``codes``) for every entity of the population.

        Each result holds one row per entity in the programme's jurisdiction, or with
        ``recipients_only`` the eligible ones only (a payroll or a simulation needs no more, and
        on a whole registry the rest is most of the memory).
        """
        programmes = self.in_force(on, codes)
        timings: dict[str, float] = {}
        prepared = self.prepare(population, on, programmes, timings)
        started = time.perf_counter()
        results = {
            p.code: self._evaluate(
                p, prepared.frames[(p.entity, p.jurisdiction)], prepared.missing,
                recipients_only=recipients_only, scoped=True,
                deferred=prepared.deferred.get((p.entity, p.jurisdiction), {}),
            )
            for p in programmes
        }  # fmt: skip
        timings["programmes"] = time.perf_counter() - started
        return BatchResult(on=on, results=results, timings=timings, parameters=prepared.used)

    def _evaluate(
        self,
        programme: Programme,
        frame: pl.DataFrame,
        missing: dict[tuple[str, str], RulesError],
        *,
        recipients_only: bool = False,
        scoped: bool = False,
        deferred: dict[str, pl.Series] | None = None,
    ) -> pl.DataFrame:
        """The programme over every row of ``frame`` in its jurisdiction (all of them when ``scoped``),
        its region-varying parameters ``deferred`` (see ``Prepared``)."""
        check_parameters(programme, missing)
        deferred = deferred or {}
        columns = self.result_columns(programme)
        scope = None
        if programme.jurisdiction and not scoped:
            scope = frame["region"].str.starts_with(programme.jurisdiction).fill_null(False)
        if not recipients_only:
            out = with_parameters(frame, deferred).select(columns)
            return checked_result(programme, out if scope is None else out.filter(scope))
        # Conditions first, amounts only for the few rows that pass them.
        considered = frame.height if scope is None else int(scope.sum())
        needed = {"person_id", "family_id", "region", REGION_CODE, *programme.names()} & set(frame.columns)
        rows, flags = eligible_rows(programme, frame.select(sorted(needed)), scope, deferred)
        if flags.null_count():
            raise no_value(programme, flags.null_count(), considered)
        out = with_parameters(rows.filter(flags), deferred, programme.names()).select(columns)
        return checked_result(programme, out, considered).filter(pl.col("eligible"))


def eligible_rows(
    programme: Programme,
    frame: pl.DataFrame,
    scope: pl.Series | None = None,
    deferred: dict[str, pl.Series] | None = None,
) -> tuple[pl.DataFrame, pl.Series]:
    """The rows of ``frame`` that no condition of the programme excludes, and for each whether
    all its conditions hold (null where one has no value and none is false).

    The conditions are evaluated in their order, each over the rows the ones before left: a row
    one condition excludes is not eligible whatever the next ones say (false wins over null in
    ``and``, as in ``result_columns``), so the rows are narrowed as soon as a condition excludes
    most of them. Every expression is computed row by row, so a row's value does not depend on
    which other rows are evaluated with it. On the whole country, housing assistance compares its
    costs within the norms (nine services at each territory's tariffs) with the share of income
    only for the families that have such costs, and gathers those tariffs (``deferred``) for those
    families only.
    """
    flags = scope
    for condition in programme.conditions:
        if deferred:
            frame = with_parameters(frame, deferred, condition.compiled.names)
        # A condition of parameters only is one value, spread over the rows by with_columns.
        holds = frame.with_columns(condition.compiled.expr.alias(".holds"))[".holds"]
        flags = holds if flags is None else flags & holds
        excluded = frame.height - int(flags.sum()) - flags.null_count()
        if excluded > frame.height // 2:
            keep = flags.fill_null(True)
            frame, flags = frame.filter(keep), flags.filter(keep)
    if flags is None:  # no conditions: every row
        flags = pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True)
    return frame, flags.alias("eligible")


def check_parameters(programme: Programme, missing: dict[tuple[str, str], RulesError]) -> None:
    """Refuse a programme one of whose parameters has no value in a region of its jurisdiction."""
    for (name, region), error in missing.items():
        if name in programme.names() and region.startswith(programme.jurisdiction):
            raise error


def _of_entity(names: Iterable[str], entity: str) -> set[str]:
    return {n for n in names if n in VARIABLES and VARIABLES[n].entity == entity}


def _check_entities(programmes: Sequence[Programme]) -> None:
    for programme in programmes:
        if programme.entity == "family":
            wrong = sorted(_of_entity(programme.names(), "person"))
            if wrong:
                raise RulesError(
                    f"Programme {programme.code} is for families but uses the person variable {wrong[0]}; "
                    "count it over the members (count_...) or make the programme one for persons."
                )


def _codes(region: pl.Series, regions: Sequence[str]) -> np.ndarray:
    """The index of each family's region in ``regions``; ``len(regions)`` where it has none."""
    if not regions:
        return np.zeros(region.len(), dtype=np.int64)
    if len(regions) == 1 and not region.null_count():
        return np.zeros(region.len(), dtype=np.int64)
    codes = region.cast(pl.Enum(list(regions))).to_physical().fill_null(len(regions))
    return codes.to_numpy().astype(np.int64)


def _parameter_columns(
    params: dict[str, list[Any]], names: list[str]
) -> tuple[list[pl.Expr], dict[str, pl.Series]]:
    """The parameters of one value as constant columns, and the others by region (``deferred``).

    A parameter with one value wherever it has one is that value as a constant (no memory per
    row): a region without a value is never evaluated, as ``_evaluate`` refuses to run a programme
    whose jurisdiction has a region without a value, and leaves the rows of other regions out. One
    whose value differs between regions is its values in the order of the regions, the last that
    of "no region" (see ``_codes``), to be gathered by each row's ``REGION_CODE``.
    """
    constant: list[pl.Expr] = []
    varying: dict[str, pl.Series] = {}
    for name in names:
        values = params[name]
        present = {v for v in values if v is not None}
        if len(present) <= 1:
            constant.append(pl.lit(present.pop() if present else None, dtype=pl.Float64).alias(name))
        else:
            varying[name] = pl.Series(name, [*values, None], dtype=pl.Float64)
    return constant, varying
