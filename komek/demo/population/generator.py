"""A synthetic population for demonstrations, load tests and benchmarks (``komek demo-data``).

Households come first (size 1–8, mean ≈ 3.4): a head, often a spouse of the other sex, sometimes
a parent of the head, and children at least 18 years younger than both parents. Ages follow a
Kazakhstan-like pyramid (about 30% under 18, about 11% of pension age); names are Kazakh or
Russian with proper female forms; IINs are valid, unique, new and agree with birth date and sex
(``iin_vector``). Statuses, incomes and housing are added in ``facts``.

Everything is drawn with numpy and shaped with Polars, then written with COPY (PostgreSQL) or
``executemany`` (SQLite) into the tables: no per-record ORM call, one transaction, one audit record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import User
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction, KatoLevel
from komek.common.errors import DomainError
from komek.common.kato import leaf_units
from komek.common.models import KatoUnit
from komek.demo.population import names
from komek.demo.population.facts import (
    MONTHLY_AMOUNT_SQL,
    family_housing,
    income_months,
    incomes,
    statuses,
)
from komek.registry import choices
from komek.registry.iin_vector import generate_iins, iin_strings
from komek.registry.models import Family, ImportBatch, Income, Membership, Person, PersonStatus
from komek.registry.names_vector import search_keys
from komek.registry.services.imports import covering_unit

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

log = logging.getLogger(__name__)
DEFAULT_REGION = "351600000"  # Balkhash town administration: Balkhash, Gulshat, Sayak
SIZE_P = np.array([0.17, 0.20, 0.19, 0.19, 0.13, 0.07, 0.03, 0.02])  # sizes 1..8, mean 3.34
# Age of heads of households by band (start, end, share).
HEAD_AGES = [
    (18, 25, 0.05),
    (25, 35, 0.20),
    (35, 45, 0.23),
    (45, 55, 0.18),
    (55, 65, 0.17),
    (65, 75, 0.11),
    (75, 92, 0.06),
]
CITIZENSHIP_P = {"citizen": 0.97, "kandas": 0.02, "foreigner": 0.005, "stateless": 0.003, "refugee": 0.002}
MOBILE_CODES = np.array(["701", "702", "705", "707", "708", "747", "771", "775", "777", "778"])
YEAR = 365.2425
INCOME_SPEC = "komek_demo_income"
INCOME_MONTHS = "komek_demo_month"


@dataclass(frozen=True, slots=True)
class DemoResult:
    batch_id: int
    persons: int
    families: int
    statuses: int
    incomes: int


def _ages(rng: np.random.Generator, bands: list[tuple[int, int, float]], size: int) -> np.ndarray:
    weights = np.array([share for _, _, share in bands])
    band = rng.choice(len(bands), size=size, p=weights / weights.sum())
    low = np.array([b[0] for b in bands])[band]
    high = np.array([b[1] for b in bands])[band]
    return low + rng.random(size) * (high - low)


def households(
    *, persons: int, units: list[tuple[str, float, bool]], rng: np.random.Generator
) -> pl.DataFrame:
    """One row per household: size, composition, head's age and sex, address, ethnicity."""
    sizes = rng.choice(np.arange(1, 9), size=int(persons / 3.0) + 16, p=SIZE_P)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, persons) + 1)
    sizes = sizes[:count]
    sizes[-1] -= int(ends[count - 1] - persons)  # the last household absorbs the rounding
    spouse = np.where(sizes == 1, False, rng.random(count) < np.where(sizes == 2, 0.62, 0.85))
    parent = (sizes - 1 - spouse > 0) & (sizes >= 3) & (rng.random(count) < 0.14)
    children = sizes - 1 - spouse.astype(int) - parent.astype(int)
    head_age = _ages(rng, HEAD_AGES, count)
    head_age = np.where(parent, np.minimum(head_age, 28 + rng.random(count) * 32), head_age)
    head_age = np.where(children > 0, np.maximum(head_age, 19 + rng.random(count) * 6), head_age)
    head_male = np.where(spouse, rng.random(count) < 0.85, rng.random(count) < 0.42)
    gap = rng.random(count) * 6
    spouse_age = np.where(head_male, head_age - gap, head_age + gap)
    # Spread, not clamped, at the bound: a clamp would give every young wife of a large region one
    # birth date, more than the 9,000-odd IIN serials a date and sex has (without a new random draw,
    # so the rest of a seed's population is unchanged).
    spouse_age = np.where(spouse_age < 18.5, 18.5 + (18.5 - spouse_age) % 3, spouse_age)
    code = np.array([u[0] for u in units])
    weight = np.array([u[1] for u in units])
    unit = rng.choice(len(units), size=count, p=weight / weight.sum())
    kazakh = rng.random(count) < 0.7
    citizenship = rng.choice(list(CITIZENSHIP_P), size=count, p=list(CITIZENSHIP_P.values()))
    citizenship = np.where(~kazakh & (citizenship == "kandas"), "citizen", citizenship)
    return pl.DataFrame(
        {
            "household": np.arange(count),
            "size": sizes,
            "spouse": spouse,
            "parent": parent,
            "children": children,
            "head_age": head_age,
            "head_male": head_male,
            "spouse_age": spouse_age,
            "kato": code[unit],
            "settlement": np.array([u[2] for u in units])[unit],
            "kazakh": kazakh,
            "kazakh_patronymic": kazakh & (rng.random(count) < 0.15),
            "citizenship": citizenship,
            "house": rng.integers(1, 120, count),
            "flat": np.where(rng.random(count) < 0.7, rng.integers(1, 160, count), 0),
            "street_index": rng.integers(0, len(names.STREETS), count),
            "father_name": rng.integers(0, 10_000, count),
            "since_years": rng.random(count) * 15,
        }
    )


def _members(homes: pl.DataFrame, rng: np.random.Generator, today: dt.date) -> pl.DataFrame:
    """Expand households into persons with relation, sex, age and birth date."""
    sizes = homes["size"].to_numpy()
    n = int(sizes.sum())
    home = np.repeat(np.arange(homes.height), sizes)
    position = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    spouse = homes["spouse"].to_numpy()[home]
    parent = homes["parent"].to_numpy()[home]
    head_age = homes["head_age"].to_numpy()[home]
    spouse_age = homes["spouse_age"].to_numpy()[home]
    head_male = homes["head_male"].to_numpy()[home]
    is_head = position == 0
    is_spouse = spouse & (position == 1)
    is_parent = parent & (position == 1 + spouse)
    is_child = ~(is_head | is_spouse | is_parent)
    youngest_parent = np.where(spouse, np.minimum(head_age, spouse_age), head_age)
    span = np.maximum(np.minimum(youngest_parent, 46) - 18, 0)
    child_age = youngest_parent - 18 - rng.random(n) * span
    parent_age = head_age + 20 + rng.random(n) * 14
    parent_age = np.where(parent_age > 97, 97 - (parent_age - 97) % 3, parent_age)  # spread, as spouses'
    age = np.select([is_head, is_spouse, is_parent], [head_age, spouse_age, parent_age], default=child_age)
    male = np.select(
        [is_head, is_spouse, is_parent],
        [head_male, ~head_male, rng.random(n) < 0.3],
        default=rng.random(n) < 0.51,
    )
    relation = np.select(
        [is_head, is_spouse, is_parent],
        [choices.Relation.HEAD, choices.Relation.SPOUSE, choices.Relation.PARENT],
        default=choices.Relation.CHILD,
    )
    days = np.floor(age * YEAR).astype(np.int64) + 1
    birth = np.datetime64(today, "D") - days.astype("timedelta64[D]")
    return pl.DataFrame(
        {
            "household": home,
            "relation": relation,
            "male": male,
            "age": age,
            "birth_date": birth,
            "child": is_child,
        }
    )


def population(
    *, persons: int, region: str, rng: np.random.Generator, today: dt.date, exclude: Any = None
) -> pl.DataFrame:
    """The persons of a new synthetic population, in the import's CSV columns plus helpers.

    Helper columns: ``household`` (0..), ``male``, ``age``, ``child`` and the household fields
    used by ``facts``. ``family_ref`` is ``h<household>``; ``exclude`` lists IINs
    already taken.
    """
    # A KATO code stands for every unit under it: its significant digits are the prefix.
    unit = KatoUnit.objects.filter(code=region).first()
    prefix = unit.prefix if unit is not None else region
    units = [
        (u.code, 1.0 if u.level == KatoLevel.SETTLEMENT else 12.0, u.level == KatoLevel.SETTLEMENT)
        for u in leaf_units(prefix)
    ]
    if not units:
        raise DomainError(
            _("There is no territorial unit under KATO %(code)s.") % {"code": region}, field="region"
        )
    homes = households(persons=persons, units=units, rng=rng)
    people = _members(homes, rng, today)
    iins = generate_iins(
        birth_dates=people["birth_date"].to_numpy(), male=people["male"].to_numpy(), rng=rng, exclude=exclude
    )
    n = people.height
    adult = people["age"].to_numpy() >= 18
    has_phone = adult & (rng.random(n) < 0.75)
    phone = np.char.add(
        np.char.add("+7", MOBILE_CODES[rng.integers(0, MOBILE_CODES.size, n)]),
        rng.integers(1_000_000, 9_999_999, n).astype(str),
    )
    street = pl.Series(names.STREETS).gather(homes["street_index"])
    flat = (
        pl.when(pl.col("flat") > 0)
        .then(pl.lit(", кв. ") + pl.col("flat").cast(pl.String))
        .otherwise(pl.lit(""))
    )
    house = pl.col("house").cast(pl.String)
    address = homes.select(pl.concat_str([pl.lit("ул. "), street, pl.lit(", д. "), house, flat]).alias("a"))[
        "a"
    ]
    frame = pl.concat([people, names.assign_names(people, homes, rng)], how="horizontal").join(
        homes.select(
            "household", "kato", "citizenship", "settlement", "size", "children", "since_years"
        ).rename({"children": "home_children"}),
        on="household",
        how="left",
        maintain_order="left",
    )
    return frame.with_columns(
        iin_strings(iins).alias("iin"),
        pl.when(pl.col("male")).then(pl.lit("male")).otherwise(pl.lit("female")).alias("sex"),
        address.gather(frame["household"]).alias("street"),
        pl.Series(np.where(has_phone, phone, "")).alias("phone"),
        pl.lit("").alias("email"),
        pl.concat_str([pl.lit("h"), pl.col("household").cast(pl.String)]).alias("family_ref"),
    )


def csv_frame(people: pl.DataFrame) -> pl.DataFrame:
    """The population in the import's CSV layout (docs/import-format.md)."""
    return people.select(
        "iin", "surname", "name", "patronymic", pl.col("birth_date").dt.strftime("%Y-%m-%d"), "sex",
        "citizenship", "kato", "street", "phone", "email", "family_ref", "relation",
    )  # fmt: skip


def existing_iins() -> pl.Series:
    """Every IIN already registered (COPY on PostgreSQL: a couple of seconds for millions)."""
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if bulk_sql.vendor() == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY (SELECT iin FROM {table}) TO STDOUT") as copy:  # noqa: S608
                for chunk in copy:
                    buffer.write(chunk)
            text = buffer.getvalue()
            return pl.Series("iin", text.decode().split(), dtype=pl.String)
        cursor.execute(f"SELECT iin FROM {table}")  # noqa: S608 (model metadata)
        return pl.Series("iin", [r[0] for r in cursor.fetchall()], dtype=pl.String)


def demo_data(
    *, actor: Actor, persons: int, region: str = DEFAULT_REGION, seed: int | None = None
) -> DemoResult:
    """Add ``persons`` synthetic persons in families under ``region``; can be run again to add more.

    ``actor`` is the demo (``komek.demo.guard.demo_actor()``) or the member of staff who asked.
    """
    return demo_data_by_region(actor=actor, persons={region: persons}, seed=seed)


def demo_data_by_region(*, actor: Actor, persons: dict[str, int], seed: int | None = None) -> DemoResult:
    """Add synthetic persons under several regions at once: ``persons`` maps a KATO code to how many.

    One transaction and one import batch for all of them, and, into a young database, the indexes
    rebuilt once at the very end: a national registry (twenty million persons over the country's
    regions, ``bench/national_registry.py``) is loaded region by region, each region's population
    drawn, written and freed before the next, so that memory holds one region at a time.
    """
    if not persons or any(n < 1 for n in persons.values()):
        raise DomainError(_("The number of persons must be positive."), field="persons")
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    now = timezone.now()
    total = sum(persons.values())
    described = " ".join(f"{code}={n}" for code, n in persons.items())
    with transaction.atomic():
        taken = existing_iins()
        batch = ImportBatch.objects.create(
            file_name=f"demo-data persons={total} seed={seed} {described}"[:255],
            sha256=hashlib.sha256(f"{described}:{seed}:{now.isoformat()}".encode()).hexdigest(),
            rows_total=total, rows_imported=total, finished_at=now,
            started_by=actor if isinstance(actor, User) else None,
        )  # fmt: skip
        # Into a young database, indexes are rebuilt once at the end (see bulk_sql); into a big
        # registry in use, rows go in through the live indexes and nothing is locked for long.
        young = bulk_sql.estimated_rows(Person) < total
        tables = [Family, Person, Membership, PersonStatus, Income]
        families = statuses_written = incomes_written = 0
        units: list[str] = []
        with bulk_sql.indexes_built_at_end(tables) if young else contextlib.nullcontext():
            for region, count in persons.items():
                people = population(persons=count, region=region, rng=rng, today=today, exclude=taken)
                taken = pl.concat([taken, people["iin"]])
                person_ids = bulk_sql.reserve_ids(Person, people.height, exclusive=young)
                homes = people.select("household").unique(maintain_order=True)
                family_ids = bulk_sql.reserve_ids(Family, homes.height, exclusive=young)
                people = people.with_columns(pl.Series("person_id", person_ids)).join(
                    homes.with_columns(pl.Series("family_id", family_ids)),
                    on="household",
                    how="left",
                    maintain_order="left",
                )
                housing = family_housing(people, rng=rng)
                written = _write(people, housing, batch=batch, rng=rng, today=today, now=now)
                families += housing.height
                statuses_written += written[0]
                incomes_written += written[1]
                units.extend(people["kato"].unique().to_list())
                log.info("demo data batch %s: region %s written", batch.pk, region)
        result = DemoResult(batch.pk, total, families, statuses_written, incomes_written)
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="registry.importbatch",
            object_id=batch.pk,
            territory=covering_unit(sorted(set(units))),
            changes={
                "generator": "demo-data", "region": ", ".join(persons), "seed": seed,
                "persons": result.persons, "families": result.families, "statuses": result.statuses,
                "incomes": result.incomes,
            },
        )  # fmt: skip
    log.info(
        "demo data batch %s: %s persons, %s families, %s incomes",
        result.batch_id,
        total,
        result.families,
        result.incomes,
    )
    return result


def _write(
    people: pl.DataFrame,
    families: pl.DataFrame,
    *,
    batch: ImportBatch,
    rng: np.random.Generator,
    today: dt.date,
    now: Any,
) -> tuple[int, int]:
    """COPY the population into the tables; returns the numbers of statuses and incomes."""
    bulk_sql.copy_into_model(
        Family, families.with_columns(pl.lit(batch.pk).alias("import_batch_id")), now=now
    )
    bulk_sql.copy_into_model(
        Person,
        people.select(
            pl.col("person_id").alias("id"), "iin", "surname", "name", "patronymic", "birth_date", "sex",
            "citizenship", pl.col("kato").alias("kato_code"), "street", "phone", "email",
            search_keys(people["surname"], people["name"], people["patronymic"]).alias("search_key"),
            pl.lit(batch.pk).alias("import_batch_id"),
        ),
        now=now,
    )  # fmt: skip
    formed = pl.lit(today) - pl.duration(days=(pl.col("since_years") * 365.2425).cast(pl.Int64))
    homes = families.select(pl.col("id").alias("family_id"), pl.col("kato_code").alias("territory"))
    bulk_sql.copy_into_model(
        Membership,
        people.join(homes, on="family_id", how="left").select(
            "family_id", "person_id", pl.col("kato").alias("person_territory"), "territory", "relation",
            pl.max_horizontal("birth_date", formed).alias("valid_from"),
        ),
        now=now,
    )  # fmt: skip
    status_rows = statuses(people, rng=rng, today=today)
    bulk_sql.copy_into_model(
        PersonStatus,
        status_rows.join(
            people.select("person_id", pl.col("kato").alias("person_territory")), on="person_id", how="left"
        ),
        now=now,
    )
    # Twelve months per earner: tens of millions of rows, expanded by the database from one row per
    # earner and income type instead of being sent over one by one.
    spec = incomes(people, status_rows, rng=rng, today=today).join(
        people.select("person_id", pl.col("kato").alias("territory")), on="person_id", how="left"
    )
    months = pl.DataFrame({"k": range(12), "month": income_months(today)})
    for name, frame in ((INCOME_SPEC, spec), (INCOME_MONTHS, months)):
        bulk_sql.create_temp_table(name, frame.schema)
        bulk_sql.load_frame(name, frame, analyze=True)
    written = bulk_sql.insert_select(
        Income,
        select={
            "person_id": "s.person_id", "month": "m.month", "income_type": "s.income_type",
            "amount": MONTHLY_AMOUNT_SQL, "source": "s.source", "territory": "s.territory",
        },
        source=f"{INCOME_SPEC} s CROSS JOIN {INCOME_MONTHS} m",
        now=now,
    )  # fmt: skip
    for name in (INCOME_SPEC, INCOME_MONTHS):
        bulk_sql.drop_temp_table(name)
    return status_rows.height, written
