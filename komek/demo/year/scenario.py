"""A year planned as data from its scenario (``balkhash_2018.yaml``): households and applications.

The scenario gives the report's figures as targets; the plan draws the households (sizes from the
targets, ages, names and IINs with the population generator's tools) and, for each application,
the incomes and housing receipts of its reference quarter such that the rules engine's amounts add
up to the report's amount. The legislation's own values are read (``value``: the poverty line,
the tariffs and norms in force on the day and territory): no amount is written here, each is what
the legislation makes of the incomes and receipts planned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

from komek.demo.population import names
from komek.registry import choices
from komek.registry.iin_vector import generate_iins, iin_strings
from komek.rules.housing import SERVICES
from komek.rules.periods import reference_months

SCENARIOS = Path(__file__).parent
Value = Callable[[str, dt.date], Decimal]  # a parameter of the legislation on a day, in the territory


def load(year: int, name: str = "balkhash") -> dict[str, Any]:
    """The scenario file of ``year`` (``<name>_<year>.yaml``)."""
    path = SCENARIOS / f"{name}_{year}.yaml"
    if not path.exists():
        raise FileNotFoundError(f"No scenario for {year}: {path.name} is missing.")
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass
class Application:
    """One application of a planned household: its day, the programme named (council), the income
    of each month of its reference quarter, the receipts (housing) and the amount a month the
    legislation will give it, with how many of its months fall in the year."""

    day: dt.date
    income: int = 0
    receipts: dict[str, tuple[Decimal, int]] = field(default_factory=dict)  # service: (consumption, paid)
    amount: int = 0
    months: int = 1
    programme: str = ""
    circumstances: tuple[str, ...] = ()
    meeting: int = -1

    @property
    def reference(self) -> list[dt.date]:
        return reference_months(self.day)


@dataclass
class Household:
    ref: str  # family_ref of the import
    group: str  # tsa, housing, council
    size: int
    applications: list[Application] = field(default_factory=list)
    living_area: int = 0
    income_type: str = choices.IncomeType.WAGES
    status: tuple[str, str] | None = None  # of the first member (council, rehabilitation)
    aid: str = ""  # rehabilitation: the aid the IPR entitles to
    provided: dt.date | None = None  # rehabilitation: the day it is issued (None: still waiting)


@dataclass
class Plan:
    year: int
    territory: str
    address: str
    registered: dt.date
    households: list[Household]
    persons: pl.DataFrame  # the import's CSV columns plus ``group`` and ``family_ref``
    meetings: list[dt.date]
    ipr_issued: dt.date | None = None
    applied: dt.date | None = None


def _months_in_year(day: dt.date, term: int, year: int) -> int:
    return min(term, 13 - day.month) if day.year == year else 0


def _floor_to(value: Decimal, step: int) -> int:
    return int((value / step).to_integral_value(ROUND_FLOOR)) * step


def _spread(total: float, weights: np.ndarray, most: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Whole amounts a month, proportional to ``weights`` but none above its ``most``, whose sum over
    their ``months`` comes nearest below ``total`` (the factor found by bisection)."""

    def amounts(factor: float) -> np.ndarray:
        return np.minimum(np.floor(weights * factor), np.floor(most))

    low, high = 0.0, float(total) / max(float((weights * months).min()), 1e-9) + 1.0
    for _ in range(100):
        middle = (low + high) / 2
        if float((amounts(middle) * months).sum()) > total:
            high = middle
        else:
            low = middle
    return amounts(low).astype(np.int64)


def plan_tsa(spec: dict[str, Any], year: int, value: Value, rng: np.random.Generator) -> list[Household]:
    families, persons, total = int(spec["families"]), int(spec["persons"]), int(spec["amount"])
    base, extra = divmod(persons, families)
    low, high = spec["weights"]
    homes = []
    for i in range(families):
        size = base + (1 if i >= families - extra else 0)
        calendar = list(spec["applications"][i % len(spec["applications"])])
        if i == families - 1:
            calendar[-1] = int(spec["last_application_month"])
        apps = [Application(day=dt.date(year, m, 3 + i % 15)) for m in calendar]
        for app in apps:
            app.months = _months_in_year(app.day, 3, year)
        homes.append(Household(ref=f"tsa{i}", group="tsa", size=size, applications=apps))
    every = [(h, a) for h in homes for a in h.applications]
    *planned, (last_home, last) = every
    # The amount a month of each application is a share of the poverty line times the family's
    # size (the most it can be, with no income); the last application takes what is left.
    ceiling = np.array([float(value("poverty_line", a.day)) * h.size for h, a in planned])
    weights = rng.uniform(low, high, len(planned)) * ceiling
    last_ceiling = int(value("poverty_line", last.day)) * last_home.size
    months = np.array([a.months for _, a in planned])
    amounts = _spread(total - last_ceiling * last.months / 2, weights, ceiling, months)
    for (home, app), ceil, amount in zip(planned, ceiling, amounts, strict=True):
        app.income = int(ceil) - int(amount)
        # Whole tenge a member: the per-capita income the engine divides is exact.
        app.income += (-app.income) % home.size
        app.amount = int(ceil) - app.income
    rest = total - sum(a.amount * a.months for _, a in planned)
    if not 0 < rest * last.months <= last_ceiling * last.months or rest % last.months:
        raise ValueError(f"TSA: the last application cannot take the rest ({rest} tenge).")
    last.amount = rest // last.months
    last.income = last_ceiling - last.amount
    return homes


def _housing_caps(
    size: int, area: int, day: dt.date, codes: list[str], value: Value
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per service: the consumption the receipt states and the most the rule counts of it."""
    caps: dict[str, tuple[Decimal, Decimal]] = {}
    for code in codes:
        # The lower of the tariffs of the receipt's months and of the application's day.
        tariff = min(value(f"housing_tariff_{code}", d) for d in (day, *reference_months(day)))
        basis = SERVICES[code].basis
        if basis == "person":
            units = Decimal(size)
        elif basis == "area":
            norm = (
                value("housing_norm_single_m2", day)
                if size == 1
                else value("housing_norm_per_person_m2", day)
            )
            units = min(Decimal(area), norm * (1 if size == 1 else size))
        else:
            units = value(f"housing_norm_{code}", day) * size
        caps[code] = (units, tariff * units)
    return caps


def plan_housing(spec: dict[str, Any], year: int, value: Value, rng: np.random.Generator) -> list[Household]:
    families, persons, total = int(spec["families"]), int(spec["persons"]), int(spec["amount"])
    couples = persons - families
    low_income, high_income = spec["income"]
    low_area, high_area = spec["living_area"]
    share = value("housing_income_share", dt.date(year, 1, 1))
    codes = list(spec["receipts"])
    homes = []
    for i in range(families):
        size = 2 if i < couples else 1
        area = int(rng.integers(low_area, high_area + 1))
        calendar = list(spec["applications"])
        if i == families - 1:
            calendar[-1] = int(spec["last_application_month"])
        apps = []
        for m in calendar:
            app = Application(day=dt.date(year, m, 3 + i % 15))
            app.months = _months_in_year(app.day, 3, year)
            app.income = int(rng.integers(low_income // 10, high_income // 10 + 1)) * 10
            apps.append(app)
        homes.append(
            Household(
                ref=f"housing{i}",
                group="housing",
                size=size,
                applications=apps,
                living_area=area,
                income_type=choices.IncomeType.SOCIAL_PAYMENTS,
            )  # fmt: skip
        )
    low, high = spec["weights"]
    every = [
        (h, a, _housing_caps(h.size, h.living_area, a.day, codes, value))
        for h in homes
        for a in h.applications
    ]
    # Within the norms, less the council's share of the income: the most the rule can give.
    room = np.array(
        [float(sum(c for _, c in caps.values()) * Decimal("0.98") - share * a.income) for _, a, caps in every]
    )
    if (room <= 0).any():
        raise ValueError("Housing: an income leaves no room under the norms; lower the scenario's incomes.")
    *planned, last = every
    weights = rng.uniform(low, high, len(planned)) * room[:-1]
    months = np.array([a.months for _, a, _ in planned])
    most = float((room[:-1] * months).sum())
    if most < total:
        raise ValueError(f"Housing: the norms allow at most {most:.0f} tenge, less than {total}.")
    amounts = _spread(total - room[-1] * last[1].months / 2, weights, room[:-1], months)
    for (_home, app, _caps), amount in zip(planned, amounts, strict=True):
        app.amount = max(1, int(amount))
    rest = total - sum(a.amount * a.months for _, a, _ in planned)
    _, last_app, _ = last
    if not 0 < rest <= room[-1] * last_app.months or rest % last_app.months:
        raise ValueError(f"Housing: the last application cannot take the rest ({rest} tenge).")
    last_app.amount = rest // last_app.months
    for _home, app, caps in every:
        _receipts(app, caps, share)
    return homes


def _receipts(app: Application, caps: dict[str, tuple[Decimal, Decimal]], share: Decimal) -> None:
    """Amounts paid a month, each within its service's norm, adding up to the amount planned plus
    the council's share of the income: whole tenge, the remainder on the first service."""
    counted = Decimal(app.amount) + share * app.income
    if counted != counted.to_integral_value():
        raise ValueError(f"Housing: {share} of {app.income} is not whole tenge.")
    room = sum(c for _, c in caps.values())
    paid = {code: _floor_to(counted * cap / room, 1) for code, (_, cap) in caps.items()}
    first = next(iter(paid))
    paid[first] += int(counted) - sum(paid.values())
    app.receipts = {code: (caps[code][0], paid[code]) for code in caps}


def plan_council(
    spec: dict[str, Any], year: int, rng: np.random.Generator
) -> tuple[list[Household], list[dt.date]]:
    """One person (a family of one, or of two for a fire) a case, the cases spread over the year's
    meetings of the commission: each case received in the days before its meeting."""
    meetings = int(spec["meetings"])
    days = [dt.date(year, 1, 1) + dt.timedelta(days=int(d)) for d in np.linspace(20, 340, meetings)]
    # Between the 10th and the 20th, on a working day: the cases received in the days before, in the
    # same month, are decided before the month's payroll.
    days = [d.replace(day=min(max(d.day, 10), 20)) for d in days]
    days = [d + dt.timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0) for d in days]
    homes = []
    n = 0
    for programme, row in spec["programmes"].items():
        for _ in range(int(row["persons"])):
            meeting = n % meetings
            app = Application(
                day=days[meeting] - dt.timedelta(days=int(rng.integers(2, 9))), programme=programme,
                circumstances=tuple(row.get("circumstances", ())), meeting=meeting,
            )  # fmt: skip
            status = tuple(row["status"]) if row.get("status") else None
            homes.append(
                Household(
                    ref=f"council{n}",
                    group="council",
                    size=2 if app.circumstances else 1,
                    applications=[app],
                    status=status,  # type: ignore[arg-type]
                )  # fmt: skip
            )
            n += 1
    return homes, days


def waiting(provided: int, security: float) -> int:
    """The persons waiting at the year's end that a "security %" of ``provided`` leaves."""
    return round(provided * (100 / security - 1)) if security else 0


def plan_rehabilitation(spec: dict[str, Any], year: int, rng: np.random.Generator) -> list[Household]:
    """A person with disability an aid: the provided get it on a day between February and November,
    the others wait."""
    homes = []
    for kind, row in spec["aids"].items():
        provided = int(row["provided"])
        for n in range(provided + waiting(provided, float(row["security"]))):
            day = dt.date(year, 2, 1) + dt.timedelta(days=int(rng.integers(0, 300))) if n < provided else None
            homes.append(
                Household(
                    ref=f"rehab-{kind}{n}",
                    group="rehab",
                    size=1,
                    status=("disability", "group_2"),
                    aid=kind,
                    provided=day,
                )  # fmt: skip
            )
    return homes


def persons_frame(
    homes: list[Household], *, address: str, born_by: dt.date, rng: np.random.Generator
) -> pl.DataFrame:
    """Every member of the households, in the import's CSV columns: the head first; a TSA mother
    with her children (the youngest under three all the year), a pensioner (and a spouse), a
    council case's adult (and a spouse). Names and IINs by the population generator's tools."""
    rows: list[dict[str, Any]] = []
    youngest = born_by - dt.timedelta(days=int(365.25 * 1.6))  # under three through the year after
    for index, home in enumerate(homes):
        if home.group == "home_schooling":  # a mother and her child with disability, of school age
            ages = ((28, 45), (7, 14))
            mother, pupil = (born_by - dt.timedelta(days=int(365.25 * rng.uniform(*a))) for a in ages)
            members = [("head", False, mother, False), ("child", bool(rng.random() < 0.5), pupil, True)]
        elif home.group == "tsa":
            head_age = rng.uniform(22, 38)
            kids = [youngest + dt.timedelta(days=int(rng.integers(0, 180)))]
            kids += [
                born_by - dt.timedelta(days=int(365.25 * rng.uniform(3, 15))) for _ in range(home.size - 2)
            ]
            members = [("head", False, born_by - dt.timedelta(days=int(365.25 * head_age)), False)]
            members += [("child", bool(rng.random() < 0.5), day, True) for day in kids]
        else:
            old = home.group == "housing"
            age = rng.uniform(64, 85) if old else rng.uniform(25, 70)
            male = bool(rng.random() < 0.4)
            members = [("head", male, born_by - dt.timedelta(days=int(365.25 * age)), False)]
            if home.size == 2:
                members.append(
                    ("spouse", not male, born_by - dt.timedelta(days=int(365.25 * (age - 2))), False)
                )
        for relation, male, birth, child in members:
            rows.append(
                {"household": index, "relation": relation, "male": male, "birth_date": birth, "child": child,
                 "family_ref": home.ref}
            )  # fmt: skip
    people = pl.DataFrame(rows)
    homes_frame = pl.DataFrame(
        {"kazakh": rng.random(len(homes)) < 0.7, "kazakh_patronymic": rng.random(len(homes)) < 0.3}
    )
    people = people.with_columns(
        pl.col("relation").replace({"head": choices.Relation.HEAD, "spouse": choices.Relation.SPOUSE,
                                    "child": choices.Relation.CHILD})
    )  # fmt: skip
    named = pl.concat([people, names.assign_names(people, homes_frame, rng)], how="horizontal")
    iins = generate_iins(
        birth_dates=named["birth_date"].cast(pl.Date).to_numpy(), male=named["male"].to_numpy(), rng=rng
    )
    return named.with_columns(
        iin_strings(iins).alias("iin"),
        pl.col("birth_date").cast(pl.Date).dt.strftime("%Y-%m-%d"),
        pl.when(pl.col("male")).then(pl.lit("male")).otherwise(pl.lit("female")).alias("sex"),
        pl.lit("citizen").alias("citizenship"),
        pl.lit(address).alias("kato"),
        pl.lit("").alias("street"),
        pl.lit("").alias("phone"),
        pl.lit("").alias("email"),
    )


def plan(year: int, value: Value) -> Plan:
    """The year's households and applications from its scenario (see the module's docstring)."""
    spec = load(year)
    rng = np.random.default_rng(int(spec["seed"]))
    homes = plan_tsa(spec["tsa"], year, value, rng)
    homes += plan_housing(spec["housing"], year, value, rng)
    council, meetings = plan_council(spec["council"], year, rng)
    homes += council
    homes += plan_rehabilitation(spec["rehabilitation"], year, rng)
    from komek.demo.year.home_schooling import plan_home_schooling  # it builds on this module's plan

    homes += plan_home_schooling(spec["home_schooling"], year, value)
    # The residents who come for the services of the register (demo/year/register.py): one person each.
    homes += [Household(ref=f"client{i}", group="client", size=1) for i in range(spec["services"]["clients"])]
    registered = spec["registered"]
    return Plan(
        year=year, territory=str(spec["territory"]), address=str(spec["address"]), registered=registered,
        households=homes,
        persons=persons_frame(homes, address=str(spec["address"]), born_by=registered, rng=rng),
        meetings=meetings, ipr_issued=spec["rehabilitation"]["ipr_issued"],
        applied=spec["rehabilitation"]["applied"],
    )  # fmt: skip
