"""The registry as the rules engine's population on a date, read column-wise.

Persons are the members of families on the date (alive, born), families are read with their
address (region = the family's KATO code), dwellings, cars and living area; housing costs are not
in the registry yet (0). Statuses in force on the date become the engine's status flags
(``STATUS_FLAGS``, by ``STATUS_MAP``) and disability group; a circumstance recorded on a member
(a difficult life situation, a fire, ...) in force on the date is the family's (``CIRCUMSTANCES``);
the incomes are those of the reference quarter (a verified amount wins over a declared one).

Every read is one query whose result goes straight into Polars: ``COPY (SELECT ...) TO STDOUT``
on PostgreSQL, ``pl.read_database`` on SQLite — never the ORM row by row. The scope is a KATO
prefix (a district, a town, the whole country) or a list of families.

A read for given programmes takes only what their variables are computed from
(``komek.legislation.population_reads``): no incomes for a rule without an income test, only the
status kinds its flags come from, and for a rule only status holders can meet, only them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection

from komek.legislation.population_reads import Reads, reads_for
from komek.registry import choices as codes
from komek.rules.catalogue import BASE_VARIABLES, HOUSING_VARIABLES
from komek.rules.computed import COMPUTED
from komek.rules.periods import reference_months
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS, Population, quarter_incomes

if TYPE_CHECKING:
    from komek.rules.programmes import Programme

# (status kind, category) → the engine's flags; None as category: any category of the kind.
STATUS_MAP: dict[tuple[str, str | None], tuple[str, ...]] = {
    (codes.StatusKind.PENSIONER, None): ("pensioner",),
    (codes.StatusKind.PENSIONER, codes.PensionGround.AGE): ("pensioner", "pensioner_by_age"),
    (codes.StatusKind.DISPENSARY, codes.DispensaryKind.TUBERCULOSIS): ("tb_outpatient",),
    (codes.StatusKind.DISPENSARY, codes.DispensaryKind.ONCOLOGY): ("cancer_postoperative",),
    (codes.StatusKind.DISPENSARY, codes.DispensaryKind.HIV): ("hiv",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.WWII_PARTICIPANT): ("wwii_participant",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.WWII_DISABLED): ("wwii_disabled",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.EQUATED): ("equated_to_war_participants",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.HOME_FRONT): ("home_front_worker",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.AFGHANISTAN): ("afghanistan_veteran",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.CHERNOBYL): ("chernobyl",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.SEMIPALATINSK): ("semipalatinsk",),
    (codes.StatusKind.LARGE_FAMILY_MOTHER, None): ("large_family_mother",),
    (codes.StatusKind.RELEASED_PRISONER, None): ("released_prisoner",),
    (codes.StatusKind.PROBATION, None): ("probation",),
    (codes.StatusKind.STUDENT, None): ("student",),
    (codes.StatusKind.STUDENT, codes.StudentLevel.UNIVERSITY): ("university_student", "student"),
    (codes.StatusKind.STUDENT, codes.StudentLevel.HOME_SCHOOLED): ("home_schooled", "student"),
    (codes.StatusKind.STATE_ALLOWANCE, codes.StateAllowance.AGE): ("age_allowance",),
    (codes.StatusKind.STATE_ALLOWANCE, codes.StateAllowance.SPECIAL): ("special_state_allowance",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.WWII_WIDOW): ("wwii_widow",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.AFGHANISTAN_FALLEN): ("afghanistan_fallen_family",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.DECEMBER_1986): ("december_1986_rehabilitated",),
    (codes.StatusKind.VETERAN, codes.VeteranCategory.BESIEGED_LENINGRAD): ("besieged_leningrad_resident",),
    (codes.StatusKind.DISPENSARY, codes.DispensaryKind.RENAL_FAILURE): ("chronic_renal_failure",),
    (codes.StatusKind.LIVES_ALONE, None): ("lonely",),
    (codes.StatusKind.EXCELLENT_STUDENT, None): ("excellent_student",),
    (codes.StatusKind.HOLIDAY_CATEGORY, None): ("holiday_payment_category",),
}
# A circumstance recorded on a member (status kind ``circumstance``) is the family's, under the
# engine's code of the same name (``komek.rules.population.CIRCUMSTANCES``).
CIRCUMSTANCE_MAP: dict[str, str] = {code: code for code in codes.Circumstance.values}
# Disability categories of the registry and the engine's groups, the most severe first.
DISABILITY_GROUPS = {
    codes.DisabilityGroup.GROUP_1: "1",
    codes.DisabilityGroup.GROUP_2: "2",
    codes.DisabilityGroup.GROUP_3: "3",
    codes.DisabilityGroup.CHILD: "child",
}

# Queries with named parameters (``:name``), written for either database.
_FAMILY_SCOPE = "f.kato_code LIKE :prefix{ids}"
_MEMBERS = "m.valid_from <= :on AND (m.valid_to IS NULL OR m.valid_to >= :on) AND {scope}"
_HOLDERS = """ AND EXISTS (SELECT 1 FROM registry_personstatus h WHERE h.person_id = m.person_id
 AND h.kind IN ({kinds}) AND h.valid_from <= :on AND (h.valid_to IS NULL OR h.valid_to >= :on))"""
_PERSONS = """
SELECT p.id AS person_id, m.family_id, p.birth_date, p.sex, m.valid_from AS member_from,
       m.id AS membership_id
FROM registry_membership m
JOIN registry_person p ON p.id = m.person_id
JOIN registry_family f ON f.id = m.family_id
WHERE {members} AND p.birth_date <= :on AND (p.death_date IS NULL OR p.death_date > :on)
"""
_FAMILIES = """
SELECT f.id AS family_id, f.kato_code AS region, f.dwellings_owned AS dwellings, f.cars_owned AS cars,
       f.living_area AS area_m2
FROM registry_family f
WHERE {scope}
"""
_STATUSES = """
SELECT s.person_id, s.kind, s.subtype
FROM registry_personstatus s
JOIN registry_membership m ON m.person_id = s.person_id
JOIN registry_family f ON f.id = m.family_id
WHERE {members} AND s.valid_from <= :on AND (s.valid_to IS NULL OR s.valid_to >= :on){kinds}
"""
_INCOMES = """
SELECT i.person_id, i.month, i.income_type,
       COALESCE(MAX(CASE WHEN i.source = 'verified' THEN i.amount END), MAX(i.amount)) AS amount
FROM registry_income i
JOIN registry_membership m ON m.person_id = i.person_id
JOIN registry_family f ON f.id = m.family_id
WHERE {members} AND i.month IN (:m0, :m1, :m2)
GROUP BY i.person_id, i.month, i.income_type
"""
# The quarter's counted income per person, summed by the database (``income_totals``).
_INCOME_TOTALS = """
SELECT q.person_id, SUM(q.amount) AS amount
FROM ({incomes}) q
GROUP BY q.person_id
"""
_NAMED = re.compile(r":([a-z][a-z0-9_]*)")


def _read(template: str, params: dict[str, Any], schema: dict[str, Any]) -> pl.DataFrame:
    """One query into a frame of ``schema``: COPY on PostgreSQL, ``pl.read_database`` on SQLite."""
    if connection.vendor == "postgresql":
        sql = _NAMED.sub(r"%(\1)s", template)
        buffer = io.BytesIO()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)", params) as copy,
        ):
            for chunk in copy:
                buffer.write(chunk)
        buffer.seek(0)
        frame = pl.read_csv(buffer, schema_overrides={c: pl.String for c in schema}, infer_schema=False)
    else:
        connection.ensure_connection()
        frame = pl.read_database(
            template, connection.connection, execute_options={"parameters": params}, infer_schema_length=None
        )
    if frame.height == 0:
        return pl.DataFrame(schema=schema)
    return frame.select(_cast(c, t) for c, t in schema.items())


def _cast(column: str, kind: Any) -> pl.Expr:
    expr = pl.col(column)
    if kind == pl.Date:
        return expr.cast(pl.String).str.to_date("%Y-%m-%d")
    return expr.cast(pl.String).cast(kind) if kind != pl.String else expr.cast(pl.String)


def _queries(
    *, on: dt.date, prefix: str, family_ids: Sequence[int] | None, reads: Reads, totals: bool = False
) -> tuple[dict[str, str], dict[str, Any]]:
    """The read's queries (persons, families, and statuses and incomes when needed) with their
    named parameters."""
    ids = list(dict.fromkeys(int(i) for i in family_ids)) if family_ids is not None else None
    params: dict[str, Any] = {"on": on, "prefix": f"{prefix}%"}
    if ids is not None:
        params.update({f"f{i}": family for i, family in enumerate(ids)})
        scope = _FAMILY_SCOPE.format(
            ids=f" AND f.id IN ({', '.join(f':f{i}' for i in range(len(ids))) or 'NULL'})"
        )
    else:
        scope = _FAMILY_SCOPE.format(ids="")
    kinds = sorted(reads.kinds or ())
    params.update({f"k{i}": kind for i, kind in enumerate(kinds)})
    marks = ", ".join(f":k{i}" for i in range(len(kinds)))
    holders = _HOLDERS.format(kinds=marks) if reads.holders else ""
    members = _MEMBERS.format(scope=scope) + holders
    if holders:  # the families of the holders only
        inside = _MEMBERS.format(scope="1 = 1") + holders
        scope += f" AND f.id IN (SELECT m.family_id FROM registry_membership m WHERE {inside})"  # noqa: S608
    queries = {"persons": _PERSONS.format(members=members), "families": _FAMILIES.format(scope=scope)}
    if reads.kinds is None or reads.kinds:
        only = f" AND s.kind IN ({marks})" if kinds else ""
        queries["statuses"] = _STATUSES.format(members=members, kinds=only)
    if reads.incomes:
        params.update({f"m{i}": month for i, month in enumerate(reference_months(on))})
        queries["incomes"] = _INCOMES.format(members=members)
        if totals:
            queries["incomes"] = _INCOME_TOTALS.format(incomes=queries["incomes"])
    return queries, params


def registry_queries(
    *, on: dt.date, prefix: str = "", programmes: Sequence[Programme] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """The PostgreSQL queries (``%(name)s`` parameters) ``registry_population`` runs for
    ``programmes``, for a benchmark's floor."""
    reads = reads_for(programmes, STATUS_MAP)
    queries, params = _queries(on=on, prefix=prefix, family_ids=None, reads=reads)
    return [(_NAMED.sub(r"%(\1)s", sql), params) for sql in queries.values()]


def registry_population(
    *,
    on: dt.date,
    prefix: str = "",
    family_ids: Sequence[int] | None = None,
    programmes: Sequence[Programme] | None = None,
    income_totals: bool = False,
) -> Population:
    """The families under the KATO ``prefix`` (or those of ``family_ids``) with their members on
    ``on``; for ``programmes`` (the versions a calculation runs) only what their rules need.

    With ``income_totals`` the incomes are one row per person: the reference quarter's counted
    income (a verified amount winning over a declared one, as always) summed by the database, in
    the incomes' shape (``quarter_incomes``). The engine's income variables add a person's rows of
    the quarter up anyway (``income_quarter``), so every result is the same while a city's millions
    of monthly rows stay in the database: for a calculation only (the budget's forecast moves the
    months, and a family's card shows them)."""
    reads = reads_for(programmes, STATUS_MAP)
    queries, params = _queries(on=on, prefix=prefix, family_ids=family_ids, reads=reads, totals=income_totals)
    persons = _read(
        queries["persons"], params,
        {"person_id": pl.Int64, "family_id": pl.Int64, "birth_date": pl.Date, "sex": pl.String,
         "member_from": pl.Date, "membership_id": pl.Int64},
    )  # fmt: skip
    # A person who moved that very day is in both families: the later membership counts.
    persons = persons.sort("member_from", "membership_id").unique("person_id", keep="last")
    schema = {"person_id": pl.Int64, "kind": pl.String, "subtype": pl.String}
    statuses = (
        _read(queries["statuses"], params, schema) if "statuses" in queries else pl.DataFrame(schema=schema)
    )
    persons = persons.join(_flags(statuses), on="person_id", how="left").sort("family_id", "person_id")
    families = _read(
        queries["families"], params,
        {"family_id": pl.Int64, "region": pl.String, "dwellings": pl.Int64, "cars": pl.Int64,
         "area_m2": pl.Float64},
    ).join(
        _circumstances(statuses, persons), on="family_id", how="left"
    ).with_columns(
        pl.lit(0.0).alias("housing_costs"),
        pl.col("circumstances").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).sort("family_id")  # fmt: skip
    incomes = Population.empty_incomes()
    if "incomes" in queries and income_totals:
        totals = _read(queries["incomes"], params, {"person_id": pl.Int64, "amount": pl.Float64})
        incomes = quarter_incomes(totals, reference_months(on)[0])
    elif "incomes" in queries:
        incomes = _read(
            queries["incomes"], params,
            {"person_id": pl.Int64, "month": pl.Date, "income_type": pl.String, "amount": pl.Float64},
        )  # fmt: skip
    return Population(
        persons=persons.select(
            "person_id", "family_id", "birth_date", "sex", "disability_group",
            pl.col("statuses").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        ),
        families=families,
        incomes=incomes,
    ).checked()  # fmt: skip


def _circumstances(statuses: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """Per family: the circumstances in force recorded on any of its members on the date."""
    return (
        statuses.filter(
            pl.col("kind") == codes.StatusKind.CIRCUMSTANCE, pl.col("subtype").is_in(list(CIRCUMSTANCE_MAP))
        )
        .join(persons.select("person_id", "family_id"), on="person_id")
        .group_by("family_id")
        .agg(pl.col("subtype").replace_strict(CIRCUMSTANCE_MAP).unique().sort().alias("circumstances"))
    )


def _flags(statuses: pl.DataFrame) -> pl.DataFrame:
    """Per person: the engine's status flags and the most severe disability group in force."""
    mapping = pl.DataFrame(
        [(kind, sub, flag) for (kind, sub), flags in STATUS_MAP.items() for flag in flags],
        schema={"kind": pl.String, "subtype": pl.String, "flag": pl.String},
        orient="row",
    )
    exact = statuses.join(mapping.filter(pl.col("subtype").is_not_null()), on=["kind", "subtype"])
    general = statuses.join(mapping.filter(pl.col("subtype").is_null()).drop("subtype"), on="kind")
    flags = (
        pl.concat([exact.select("person_id", "flag"), general.select("person_id", "flag")])
        .unique()
        .group_by("person_id")
        .agg(pl.col("flag").sort().alias("statuses"))
    )
    order = list(DISABILITY_GROUPS)
    disability = (
        statuses.filter(pl.col("kind") == codes.StatusKind.DISABILITY, pl.col("subtype").is_in(order))
        .with_columns(pl.col("subtype").replace_strict({s: i for i, s in enumerate(order)}).alias("rank"))
        .group_by("person_id")
        .agg(pl.col("subtype").sort_by("rank").first())
        .select(
            "person_id",
            pl.col("subtype")
            .replace_strict({k: v for k, v in DISABILITY_GROUPS.items()})
            .alias("disability_group"),
        )
    )
    return flags.join(disability, on="person_id", how="full", coalesce=True)


def unrecordable_variables(
    programmes: Iterable[Programme],
    parameters: Iterable[str],
    status_map: Mapping[tuple[str, str | None], tuple[str, ...]] = STATUS_MAP,
    circumstance_map: Mapping[str, str] = CIRCUMSTANCE_MAP,
) -> list[str]:
    """The variables the programmes test that the registry cannot give, each with its programmes:
    a status flag no (kind, category) of the registry maps to, a circumstance no category maps to,
    a (kind, category) of the map the registry does not know."""
    flags = {flag for names in status_map.values() for flag in names}
    circumstances = set(circumstance_map.values())
    # The base variables come from the registry's columns; the housing receipts' averages from the
    # receipts entered on the housing assistance case (applications), the tariffs from parameters.
    known = {v.name for v in (*BASE_VARIABLES, *HOUSING_VARIABLES)} | set(parameters) | set(COMPUTED)
    missing: dict[str, set[str]] = {}
    for programme in programmes:
        for name in programme.names() - known:
            flag = name.removeprefix("count_")
            if (flag in STATUS_FLAGS and flag in flags) or (name in CIRCUMSTANCES and name in circumstances):
                continue
            missing.setdefault(name, set()).add(programme.code)
    problems = [f"{name}: {', '.join(sorted(codes_))}" for name, codes_ in sorted(missing.items())]
    for kind, subtype in status_map:
        allowed = codes.STATUS_SUBTYPES.get(kind)
        if allowed is None or (subtype is not None and subtype not in allowed.values):
            problems.append(f"{kind}/{subtype}: not a status of the registry")
    problems += [
        f"circumstance/{c}: not a category" for c in circumstance_map if c not in codes.Circumstance.values
    ]
    return problems
