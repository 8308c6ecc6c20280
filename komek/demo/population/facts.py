"""Statuses, monthly incomes and housing of the synthetic population (see ``generator``).

The shares are chosen to look like a Kazakh town: about 5% with a disability, pension from 63
(men) and 61 (women), schoolchildren and students, a few veterans, mothers of large families with
their awards, dispensary registrations, released prisoners. Incomes cover the last 12 months per
member and income type, with a poor tail so that roughly 5–10% of families fall under the poverty
line (70% of the 2026 subsistence minimum of 50,851 tenge per person). Amounts are whole tenge
(integers), so no binary fraction ever reaches a money column.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from komek.registry import choices

SUBSISTENCE_MINIMUM = 50_851
POVERTY_LINE = round(SUBSISTENCE_MINIMUM * 0.7)
RETIREMENT_AGE = {True: 63, False: 61}  # men, women (women's age rises to 63 by 2031)
DAY = np.timedelta64(1, "D")
YEAR_DAYS = 365.2425


def _days(years: np.ndarray) -> np.ndarray:
    return (np.asarray(years) * YEAR_DAYS).astype(np.int64) * DAY


def family_housing(people: pl.DataFrame, *, rng: np.random.Generator) -> pl.DataFrame:
    """One family per household: its address (the head's), dwellings, area, tenure, cars."""
    heads = people.filter(pl.col("relation") == choices.Relation.HEAD).sort("family_id")
    n = heads.height
    dwellings = rng.choice([0, 1, 2], size=n, p=[0.16, 0.77, 0.07])
    rented = rng.choice(
        [
            choices.Tenure.RENTED_PRIVATE,
            choices.Tenure.RENTED_STATE,
            choices.Tenure.DORMITORY,
            choices.Tenure.NONE,
        ],
        size=n,
        p=[0.6, 0.15, 0.1, 0.15],
    )
    tenure = np.where(dwellings > 0, choices.Tenure.OWNED.value, rented)
    size = heads["size"].to_numpy()
    cents = np.clip((18 * size * (0.6 + rng.random(n) * 0.8) + 12) * 100, 1200, 30000).astype(np.int64)
    area = pl.Series(cents // 100).cast(pl.String) + "." + pl.Series(cents % 100).cast(pl.String).str.zfill(2)
    return heads.select(
        pl.col("family_id").alias("id"),
        pl.col("kato").alias("kato_code"),
        "street",
        pl.Series("dwellings_owned", dwellings),
        area.alias("living_area"),
        pl.Series("tenure", tenure),
        pl.Series("cars_owned", rng.choice([0, 1, 2], size=n, p=[0.55, 0.4, 0.05])),
    )


def _status(
    ids: np.ndarray, kind: str, subtype: np.ndarray | str, start: np.ndarray, **extra: object
) -> pl.DataFrame:
    n = ids.size
    return pl.DataFrame(
        {
            "person_id": ids,
            "kind": np.full(n, kind),
            "subtype": np.broadcast_to(np.asarray(subtype), (n,)).astype(str),
            "cause": np.broadcast_to(np.asarray(extra.get("cause", "")), (n,)).astype(str),
            "valid_from": np.asarray(start, dtype="datetime64[D]"),
            "valid_to": np.broadcast_to(
                np.asarray(extra.get("end", np.datetime64("NaT")), "datetime64[D]"), (n,)
            ),
        }
    )


def statuses(people: pl.DataFrame, *, rng: np.random.Generator, today: dt.date) -> pl.DataFrame:
    """Disability, pension, studies, veterans, large-family mothers, dispensary, prison release."""
    now = np.datetime64(today, "D")
    ids = people["person_id"].to_numpy()
    age = people["age"].to_numpy()
    male = people["male"].to_numpy()
    birth = people["birth_date"].to_numpy().astype("datetime64[D]")
    n = ids.size
    draw = rng.random(n)
    out = []
    # Disability: about 5%, more often with age; children have their own category until 18.
    p_disabled = np.select([age < 18, age < 45, age < 63], [0.02, 0.035, 0.07], default=0.1)
    disabled = draw < p_disabled
    group = np.where(
        age < 18, "child", rng.choice(["group_1", "group_2", "group_3"], size=n, p=[0.1, 0.4, 0.5])
    )
    cause = np.where(
        age < 18,
        "from_childhood",
        rng.choice(
            ["general_illness", "from_childhood", "work_injury", "semipalatinsk", "other"],
            size=n,
            p=[0.7, 0.15, 0.08, 0.04, 0.03],
        ),
    )
    since = np.maximum(birth + DAY, now - _days(rng.random(n) * 10))
    end = np.select(
        [group == "child", group == "group_3", group == "group_2"],
        [birth + _days(np.full(n, 18.0)), now + _days(0.2 + rng.random(n)), now + _days(0.5 + rng.random(n))],
        default=np.datetime64("NaT"),
    ).astype("datetime64[D]")
    end = np.where((group == "group_2") & (rng.random(n) < 0.5), np.datetime64("NaT"), end)
    d = disabled
    out.append(_status(ids[d], choices.StatusKind.DISABILITY, group[d], since[d], cause=cause[d], end=end[d]))
    # Pension by age.
    pension_age = np.where(male, RETIREMENT_AGE[True], RETIREMENT_AGE[False])
    pensioner = age >= pension_age
    start = birth + _days(pension_age.astype(float))
    out.append(_status(ids[pensioner], choices.StatusKind.PENSIONER, "age", start[pensioner]))
    # School, college, university for the current academic year.
    year = today.year if today.month >= 9 else today.year - 1
    term = (np.datetime64(f"{year}-09-01"), np.datetime64(f"{year + 1}-06-30"))
    level = np.select(
        [(age >= 7) & (age < 16), (age >= 16) & (age < 18), (age >= 18) & (age < 23)],
        [
            np.where(draw < 0.97, "school", ""),
            rng.choice(["school", "college", ""], size=n, p=[0.6, 0.35, 0.05]),
            rng.choice(["university", "college", ""], size=n, p=[0.35, 0.1, 0.55]),
        ],
        default="",
    )
    student = (level != "") & (birth < term[0])
    out.append(
        _status(
            ids[student],
            choices.StatusKind.STUDENT,
            level[student],
            np.full(student.sum(), term[0]),
            end=term[1],
        )
    )
    # Veterans: Afghanistan (men born 1950-1968), Chernobyl liquidators, Semipalatinsk test-site victims.
    born = birth.astype("datetime64[Y]").astype(int) + 1970
    afghan = male & (born >= 1950) & (born <= 1968) & (rng.random(n) < 0.02)
    chernobyl = male & (born >= 1935) & (born <= 1966) & ~afghan & (rng.random(n) < 0.006)
    semipalatinsk = (age >= 35) & ~afghan & ~chernobyl & (rng.random(n) < 0.01)
    for mask, category in (
        (afghan, "afghanistan"),
        (chernobyl, "chernobyl"),
        (semipalatinsk, "semipalatinsk"),
    ):
        out.append(
            _status(
                ids[mask],
                choices.StatusKind.VETERAN,
                category,
                np.full(mask.sum(), np.datetime64("1995-01-01")),
            )
        )
    # Mothers of large families: 4+ children at home now, or grown children (older women).
    mother = ~male & people["relation"].is_in([choices.Relation.HEAD, choices.Relation.SPOUSE]).to_numpy()
    kids = people["home_children"].to_numpy()
    older = ~male & (age >= 50) & (rng.random(n) < 0.03)
    large = (mother & (kids >= 4)) | older
    award = np.select(
        [kids >= 7, kids == 6, older],
        ["altyn_alka", "kumis_alka", rng.choice(["altyn_alka", "kumis_alka"], size=n)],
        default="none",
    )
    awarded = np.maximum(birth + _days(np.full(n, 25.0)), now - _days(rng.random(n) * 8))
    out.append(_status(ids[large], choices.StatusKind.LARGE_FAMILY_MOTHER, award[large], awarded[large]))
    # Dispensary registrations, release from prison, probation.
    adult = age >= 18
    recent = np.maximum(birth + _days(np.full(n, 18.0)), now - _days(rng.random(n) * 3))
    disease = rng.random(n)
    for mask, kind in (
        (adult & (disease < 0.002), "tuberculosis"),
        (adult & (disease >= 0.002) & (disease < 0.006), "oncology"),
        (adult & (disease >= 0.006) & (disease < 0.007), "hiv"),
    ):
        out.append(_status(ids[mask], choices.StatusKind.DISPENSARY, kind, recent[mask]))
    released = male & (age >= 20) & (age < 60) & (rng.random(n) < 0.004)
    out.append(_status(ids[released], choices.StatusKind.RELEASED_PRISONER, "none", recent[released]))
    probation = adult & ~released & (rng.random(n) < 0.002)
    out.append(
        _status(ids[probation], choices.StatusKind.PROBATION, "none", recent[probation], end=now + 365 * DAY)
    )
    return pl.concat(out)


def _spec(ids: np.ndarray, amount: np.ndarray, kind: str, source: str, spread: int) -> pl.DataFrame:
    """One row per person and income type: the monthly base amount and how much months vary (‰)."""
    return pl.DataFrame(
        {
            "person_id": ids,
            "income_type": np.full(ids.size, kind),
            "base": np.round(np.broadcast_to(amount, ids.shape)).astype(np.int64),
            "spread": np.full(ids.size, spread, dtype=np.int64),
            "source": np.full(ids.size, source),
        }
    )


def income_months(today: dt.date) -> list[dt.date]:
    """First days of the twelve months before the current one, oldest first."""
    this_month = np.datetime64(today, "M")
    return [d.item() for d in (this_month - np.arange(12, 0, -1)).astype("datetime64[D]")]


# Each month's amount is the base varied by up to ±spread (in thousandths) with a fixed pseudo-random
# pattern of person and month: integer arithmetic only, the same on PostgreSQL and SQLite, repeatable
# for a seed, and cheaper than floating point for tens of millions of rows. ``%%`` is the modulo
# operator written for a query with parameters.
MONTHLY_AMOUNT_SQL = (
    "s.base + s.base * (((s.person_id * 7919 + m.k * 104729) %% 1001) - 500) * s.spread / 500000"
)


def incomes(
    people: pl.DataFrame, status_rows: pl.DataFrame, *, rng: np.random.Generator, today: dt.date
) -> pl.DataFrame:
    """Who earns what each month: one row per member and income type, expanded to twelve months
    in the database (``MONTHLY_AMOUNT_SQL``): wages, pensions and benefits, alimony, household plot.
    """
    ids = people["person_id"].to_numpy()
    age = people["age"].to_numpy()
    male = people["male"].to_numpy()
    n = ids.size
    kinds = status_rows.filter(pl.col("kind").is_in(["disability", "pensioner", "student"]))
    flags = people.select("person_id").join(
        kinds.pivot(on="kind", index="person_id", values="subtype", aggregate_function="first"),
        on="person_id",
        how="left",
        maintain_order="left",
    )

    def column(name: str) -> np.ndarray:
        return flags[name].fill_null("").to_numpy() if name in flags.columns else np.full(n, "")

    disability, pension, study = column("disability"), column("pensioner"), column("student")
    working_age = (age >= 18) & (pension == "") & (disability != "group_1") & (study != "university")
    employed = working_age & (rng.random(n) < np.where(male, 0.86, 0.76))
    low_paid = rng.random(n) < 0.08
    wage = np.where(
        low_paid, 30_000 + rng.random(n) * 55_000, np.maximum(85_000, rng.lognormal(np.log(290_000), 0.5, n))
    )
    benefit = np.select(
        [disability == "group_1", disability == "group_2", disability == "group_3", disability == "child"],
        [115_000, 92_000, 62_000, 84_000],
        default=0,
    ) + np.where(pension != "", np.maximum(70_000, rng.normal(145_000, 30_000, n)), 0)
    homes = people["household"].to_numpy()
    head = people["relation"].to_numpy() == choices.Relation.HEAD
    single_parent = head & ~male & (people["home_children"].to_numpy() > 0) & (people["size"].to_numpy() > 1)
    alimony = single_parent & (rng.random(n) < 0.35)
    plot = head & people["settlement"].to_numpy() & (rng.random(homes.size) < 0.5)
    alimony_amount = 20_000 + rng.random(n) * 40_000
    plot_amount = 10_000 + rng.random(n) * 30_000
    parts = [
        _spec(ids[employed], wage[employed], choices.IncomeType.WAGES, choices.IncomeSource.VERIFIED, 50),
        _spec(ids[benefit > 0], benefit[benefit > 0], choices.IncomeType.SOCIAL_PAYMENTS, "verified", 0),
        _spec(ids[alimony], alimony_amount[alimony], choices.IncomeType.ALIMONY, "declared", 100),
        _spec(ids[plot], plot_amount[plot], choices.IncomeType.HOUSEHOLD_PLOT, "declared", 300),
    ]
    return pl.concat(parts).sort("person_id", "income_type")
