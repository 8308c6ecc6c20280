"""Next year's forecast: money and recipients per budget programme, source and month, from the rules
engine over today's registry under the legislation as it will stand on each month.

The registry of the department is read once, as it stands today (``registry_population``, the
simulation's columnar read); its incomes of today's reference quarter stand for the reference
quarter of every month forecast (the registry holds no future incomes). For each month of the year
the application's engine (the shipped legislation plus every dated value and council decision
entered, so a higher MCI entered from 1 January counts) runs every programme in force over it
(``Engine.run``, recipients only, as the what-if simulation does). Then, per programme and
beneficiary, set-based in Polars:

- an **active assignment** covering the month pays it on the payroll's own schedule
  (``komek.rules.schedule``) at its amount — a multiple of the MCI or the subsistence minimum at the
  value in force on the month where the beneficiary lives, as ``komek assignments recalculate``
  computes it; a beneficiary under an assignment is not counted again by the engine that month;
- a beneficiary **the engine finds eligible** and no assignment covers is paid the engine's amount
  in the months the programme's schedule pays (every month, a quarter's or half-year's first month;
  a one-off programme once, in the first month of the year the beneficiary is eligible).

Each payment is split by the programme's budget sources where the beneficiary lives (the
assignment's own shares, else the legislation's, ``komek.benefits.services.sources``) and given its
budget programme by the dated links; a programme with no budget programme is kept as unlinked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl
from django.utils import timezone

from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import SHARE_WHOLE, Assignment
from komek.benefits.services.sources import SOURCES, budget_shares
from komek.budget.choices import BudgetSource, Thing
from komek.budget.reference import Reference, reference
from komek.common.errors import DomainError
from komek.common.money import round_tenge
from komek.common.periods import add_months
from komek.legislation import loader
from komek.legislation.population import registry_population
from komek.legislation.rule_errors import rules_error
from komek.payments.territory import prefix_of
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.periods import reference_months
from komek.rules.population import Population
from komek.rules.schedule import CALENDAR_MONTHS

MONTHS = tuple(range(1, 13))
_PAYMENTS = {
    "programme": pl.String, "month": pl.Int32, "entity": pl.String, "region": pl.String,
    "amount": pl.Int64, "share_republican": pl.Int64, "share_regional": pl.Int64, "share_local": pl.Int64,
}  # fmt: skip


@dataclass
class ForecastRow:
    """A budget programme and source: money and distinct recipients over the year and per month."""

    programme: str
    source: str
    amount: int = 0
    recipients: int = 0
    months: dict[int, tuple[int, int]] = field(default_factory=dict)  # month -> (money, recipients)
    benefits: list[str] = field(default_factory=list)  # the benefit programmes it pays

    def month_amount(self, month: int) -> int:
        return self.months.get(month, (0, 0))[0]


@dataclass(frozen=True)
class UnlinkedForecast:
    code: str  # the benefit programme with no budget programme
    amount: int


@dataclass
class Forecast:
    year: int
    territory: str
    registry_on: dt.date  # the day the registry was read
    rows: list[ForecastRow]
    unlinked: list[UnlinkedForecast]
    errors: dict[str, str]  # benefit programme -> why the engine could not forecast it

    def total(self) -> int:
        return sum(r.amount for r in self.rows)


def _shifted(population: Population, read_on: dt.date, on: dt.date) -> Population:
    """Today's incomes moved to the reference quarter of ``on``."""
    delta = (reference_months(on)[0].year - reference_months(read_on)[0].year) * 12 + (
        reference_months(on)[0].month - reference_months(read_on)[0].month
    )
    if delta == 0 or population.incomes.height == 0:
        return population
    incomes = population.incomes.with_columns(pl.col("month").dt.offset_by(f"{delta}mo"))
    return Population(
        persons=population.persons,
        families=population.families,
        incomes=incomes,
        receipts=population.receipts,
    )


def _run(
    engine: Engine, population: Population, on: dt.date, errors: dict[str, str]
) -> dict[str, pl.DataFrame]:
    """The engine's recipients per programme in force on ``on``; a programme that cannot be
    calculated (a parameter without a value then) is left out with its reason."""
    try:
        return engine.run(population, on, recipients_only=True).results
    except RulesError:
        pass
    results: dict[str, pl.DataFrame] = {}
    for programme in engine.in_force(on):
        try:
            results.update(engine.run(population, on, [programme.code], recipients_only=True).results)
        except RulesError as exc:
            errors.setdefault(programme.code, rules_error(exc))
    return results


def _assignments(prefix: str, year: int) -> pl.DataFrame:
    """The active assignments of the territory that reach into ``year`` (one query)."""
    rows = (
        Assignment.objects.filter(status=AssignmentStatus.ACTIVE, kato_code__startswith=prefix)
        .filter(period_end__gte=dt.date(year, 1, 1), period_start__lte=dt.date(year, 12, 31))
        .values_list(
            "programme",
            "family_id",
            "person_id",
            "kato_code",
            "periodicity",
            "period_start",
            "period_end",
            "terminated_on",
            "monthly_amount",
            "amount_mci",
            "amount_parameter",
            "share_republican",
            "share_regional",
            "share_local",
        )  # fmt: skip
    )
    schema = {
        "programme": pl.String, "family_id": pl.Int64, "person_id": pl.Int64, "region": pl.String,
        "periodicity": pl.String, "start": pl.Date, "end": pl.Date, "terminated_on": pl.Date,
        "monthly_amount": pl.Int64, "multiple": pl.String, "parameter": pl.String,
        "share_republican": pl.Int64, "share_regional": pl.Int64, "share_local": pl.Int64,
    }  # fmt: skip
    frame = pl.DataFrame(
        [tuple(str(v) if i == 9 and v is not None else v for i, v in enumerate(r)) for r in rows],
        schema=schema, orient="row",
    )  # fmt: skip
    last = pl.when(pl.col("terminated_on").is_not_null()).then(
        pl.min_horizontal("end", pl.col("terminated_on").dt.offset_by("-1d"))
    )
    return frame.with_columns(last.otherwise(pl.col("end")).alias("end"), pl.col("start").dt.month_start())


def _entity(entities: dict[str, str]) -> pl.Expr:
    """An assignment's beneficiary as the engine names it: ``f<family>`` or ``p<person>``."""
    family = pl.col("programme").replace_strict(entities, default="family") == "family"
    return (
        pl.when(family & pl.col("family_id").is_not_null())
        .then(pl.lit("f") + pl.col("family_id").cast(pl.String))
        .otherwise(pl.lit("p") + pl.coalesce("person_id", "family_id").cast(pl.String))
    )


def _assignment_month(
    assignments: pl.DataFrame, engine: Engine, on: dt.date, entities: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The assignments covering ``on``'s month (their beneficiaries) and their payments in it."""
    last_day = add_months(on, 1) - dt.timedelta(days=1)
    covering = assignments.filter(pl.col("start") <= last_day, pl.col("end") >= on).with_columns(
        _entity(entities).alias("entity")
    )
    paying = covering.filter(
        (pl.col("start") == on)
        | (
            (pl.col("start") < on)
            & pl.col("periodicity").is_in([p for p, m in CALENDAR_MONTHS.items() if on.month in m])
        )
    )
    # A multiple of a dated parameter: the multiple times the value in force where the beneficiary lives.
    # One amount per distinct (parameter, region, multiple): few, whatever the number of assignments.
    keys = paying.filter(pl.col("parameter") != "", pl.col("multiple").is_not_null())
    keys = keys.select("parameter", "region", "multiple").unique()
    followed = pl.DataFrame(
        [
            (
                parameter,
                region,
                multiple,
                round_tenge(Decimal(multiple) * engine.parameters.value(parameter, on, region)),
            )
            for parameter, region, multiple in keys.rows()
        ],
        schema={"parameter": pl.String, "region": pl.String, "multiple": pl.String, "followed": pl.Int64},
        orient="row",
    )
    payments = (
        paying.join(followed, on=["parameter", "region", "multiple"], how="left", nulls_equal=False)
        .with_columns(
            pl.coalesce("followed", "monthly_amount").alias("amount"),
            pl.lit(on.month, dtype=pl.Int32).alias("month"),
        )
        .select(list(_PAYMENTS))
    )
    return covering.select("programme", "entity"), payments


def _shares(engine: Engine, programmes: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """Basis points of each source per programme and region, by the legislation in force on ``on``
    (a programme naming no source there: the local budget)."""
    versions = {p.code: p for p in engine.in_force(on)}
    rows = []
    for code, region in programmes.rows():
        version = versions.get(code)
        try:
            shares = budget_shares(version, region).by_source() if version else None  # type: ignore[arg-type]
        except DomainError:
            shares = None
        shares = shares or {
            BudgetSource.REPUBLICAN: 0,
            BudgetSource.REGIONAL: 0,
            BudgetSource.LOCAL: SHARE_WHOLE,
        }
        rows.append((code, region, *(int(shares[s]) for s in SOURCES)))
    schema = {"programme": pl.String, "region": pl.String, **{f"share_{s}": pl.Int64 for s in SOURCES}}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _engine_month(
    results: dict[str, pl.DataFrame], covered: pl.DataFrame, on: dt.date, entities: dict[str, str]
) -> pl.DataFrame:
    """The engine's recipients no assignment covers this month: programme, entity, region, amount."""
    frames = [
        frame.select(
            pl.lit(code).alias("programme"),
            (
                pl.lit("f" if entities.get(code) == "family" else "p") + pl.col("entity_id").cast(pl.String)
            ).alias("entity"),
            pl.col("region").cast(pl.String),
            pl.col("amount").cast(pl.Int64),
        )
        for code, frame in results.items()
        if frame.height
    ]
    if not frames:
        return pl.DataFrame(
            schema={"programme": pl.String, "entity": pl.String, "region": pl.String, "amount": pl.Int64}
        )
    eligible = pl.concat(frames).join(covered, on=["programme", "entity"], how="anti")
    return eligible.with_columns(pl.lit(on.month, dtype=pl.Int32).alias("month"))


def _scheduled(eligible: pl.DataFrame, periodicities: dict[str, str]) -> pl.DataFrame:
    """The engine's recipients in the months their programme pays: a one-off once, in its first month."""
    periodicity = pl.col("programme").replace_strict(periodicities, default="month")
    once = eligible.filter(periodicity == "once").sort("month").unique(["programme", "entity"], keep="first")
    calendar = pl.concat(
        [
            eligible.filter(periodicity == p, pl.col("month").is_in(list(months)))
            for p, months in CALENDAR_MONTHS.items()
            if p != "once"
        ]
    )
    return pl.concat([once, calendar])


def _split(payments: pl.DataFrame) -> pl.DataFrame:
    """Each payment's parts by source, by cumulative bounds as the payroll's SQL splits a line."""
    lower = pl.lit(0, dtype=pl.Int64)
    parts = []
    for source in SOURCES:
        upper = lower + pl.col(f"share_{source}")
        parts.append(
            (pl.col("amount") * upper // SHARE_WHOLE - pl.col("amount") * lower // SHARE_WHOLE).alias(source)
        )
        lower = upper
    return (
        payments.with_columns(parts)
        .unpivot(
            index=["programme", "month", "entity"],
            on=list(SOURCES),
            variable_name="source",
            value_name="part",
        )
        .filter(pl.col("part") > 0)
    )


def compute_forecast(
    *, year: int, territory: str, today: dt.date | None = None, ref: Reference | None = None
) -> Forecast:
    """The forecast of ``year`` for a department (no access check: the selectors and services ask)."""
    ref = ref or reference()
    today = today or timezone.localdate()
    prefix = prefix_of(territory)
    engine = loader.application_engine()
    entities = {p.code: p.entity for p in engine.programmes}
    periodicities = {p.code: p.periodicity for p in engine.programmes}
    population = registry_population(on=today, prefix=prefix)
    assignments = _assignments(prefix, year)
    errors: dict[str, str] = {}
    eligible, paid = [], []
    for month in MONTHS:
        on = dt.date(year, month, 1)
        results = _run(engine, _shifted(population, today, on), on, errors)
        covered, payments = _assignment_month(assignments, engine, on, entities)
        paid.append(payments)
        found = _engine_month(results, covered, on, entities)
        if found.height:
            shares = _shares(engine, found.select("programme", "region").unique(), on)
            eligible.append(found.join(shares, on=["programme", "region"], how="left"))
    engine_payments = _scheduled(pl.concat(eligible), periodicities) if eligible else None
    frames = [
        p.select(list(_PAYMENTS))
        for p in (*paid, *([engine_payments] if engine_payments is not None else []))
    ]
    parts = _split(pl.concat(frames)) if frames else pl.DataFrame()
    return _by_budget_programme(parts, year=year, territory=territory, ref=ref, today=today, errors=errors)


def _by_budget_programme(
    parts: pl.DataFrame, *, year: int, territory: str, ref: Reference, today: dt.date, errors: dict[str, str]
) -> Forecast:
    if parts.height == 0:
        return Forecast(year, territory, today, [], [], errors)
    lines = {
        (code, month): ref.budget_line_for(Thing.PROGRAMME, code, dt.date(year, month, 1), territory)
        for code, month in parts.select("programme", "month").unique().rows()
    }
    mapping = pl.DataFrame(
        [(code, month, line.code if line else "") for (code, month), line in lines.items()],
        schema={"programme": pl.String, "month": pl.Int32, "line": pl.String}, orient="row",
    )  # fmt: skip
    parts = parts.join(mapping, on=["programme", "month"])
    unlinked = [
        UnlinkedForecast(code, int(amount))
        for code, amount in parts.filter(pl.col("line") == "")
        .group_by("programme")
        .agg(pl.col("part").sum())
        .sort("programme")
        .rows()
    ]
    linked = parts.filter(pl.col("line") != "").with_columns(
        (pl.col("programme") + ":" + pl.col("entity")).alias("who")
    )
    rows: dict[tuple[str, str], ForecastRow] = {}
    for line, source, amount, recipients, benefits in (
        linked.group_by("line", "source")
        .agg(pl.col("part").sum(), pl.col("who").n_unique(), pl.col("programme").unique().sort())
        .rows()
    ):
        rows[(line, source)] = ForecastRow(
            line, source, int(amount), int(recipients), benefits=list(benefits)
        )
    for line, source, month, amount, recipients in (
        linked.group_by("line", "source", "month").agg(pl.col("part").sum(), pl.col("who").n_unique()).rows()
    ):
        rows[(line, source)].months[int(month)] = (int(amount), int(recipients))
    ordered = [rows[k] for k in sorted(rows, key=lambda k: (k[0], SOURCES.index(k[1])))]
    return Forecast(year, territory, today, ordered, unlinked, errors)
