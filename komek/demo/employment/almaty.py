"""Almaty's employment-centre register of 2020, drawn from the demo's Almaty population.

The report of the Almaty Social Welfare Department for 2020: "зарегистрированы в качестве
безработных 33 043 чел. На учете на конец месяца состоят 21 183 чел., в т.ч. 19 506 из числа
безработных. Уровень зарегистрированной безработицы на конец ноября – 1,9%". The register's figures
(ADR 0058) and the registered-unemployment rate against the published labour force (1 008,5
thousand) need a register of that order, so the demo's Almaty holds a population of about a
hundred thousand persons over its districts (``almaty_population``, the registry's generator), and
the register is drawn from its persons of working age by the rules below — no figure of the
report is typed in: the counts are what the drawn registrations give.

- About seven in ten persons of working age (18–62 in the middle of the year) come to the centre:
  the registry of a department holds the families it serves, not the whole city.
- One in eight of them was registered in the last quarter of 2019 and is still on the register
  when 2020 begins; the others register in 2020, most in the months of the quarantine (April–May)
  and of the second lockdown (July).
- Four in five are given the status of unemployed ten working days after registering (the
  documents checked); the others leave the register before that (a job found through a referral,
  their own request, not coming back).
- The unemployed stay on the register about a year on average (an exponential spell, at least
  twenty days): those whose spell outlasts 2020 are on the register at its end and leave in 2021
  or 2022, so nobody of this register is on it today.

Written set-based: one read of the persons, the registrations and their jobseeker statuses drawn
with numpy and written with COPY (PostgreSQL) or ``executemany`` (SQLite), like the registry's
generator; generated reference data without per-row audit records (as ``komek.demo.employment``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from django.db import transaction
from django.utils import timezone

from komek.common import bulk_sql
from komek.common.workdays import add_working_days
from komek.demo.population.generator import DemoResult, demo_data_by_region
from komek.employment.choices import DeregistrationGround, JobseekerStatus
from komek.employment.models import Jobseeker
from komek.registry.choices import NoSubtype, StatusKind
from komek.registry.models import Person, PersonStatus

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

ALMATY = "750000000"
YEAR = 2020
#: The districts beside the Almaly district (the demo's slice of Almaty, ``komek demo``'s
#: DEMO_CITY_DISTRICT) and their weights: their populations at the start of 2020 in thousands,
#: rounded (the demo's own round figures, in the order of the statistics' ones).
DISTRICTS = {
    "751210000": 300,  # Auezov
    "751310000": 250,  # Alatau
    "751410000": 330,  # Bostandyk
    "751510000": 160,  # Zhetysu
    "751710000": 210,  # Medeu
    "751810000": 120,  # Nauryzbay
    "751910000": 240,  # Turksib
}
PERSONS = 100_000
WORKING_AGE = (18, 62)
CAME = 0.7  # of the persons of working age, those who came to the centre
CARRIED = 0.125  # of them, registered in the last quarter of the year before
UNEMPLOYED = 0.8  # of the year's registrations, given the status of unemployed
SPELL_DAYS = 365.0  # the mean stay of the unemployed on the register
SHORTEST_SPELL = 20
#: The year's registrations by month: the quarantine of spring and the lockdown of July.
MONTHS = np.array([6, 6, 8, 14, 12, 10, 11, 8, 7, 7, 6, 5], dtype=float)
LEFT_EARLY = (
    DeregistrationGround.EMPLOYED,
    DeregistrationGround.EMPLOYED,
    DeregistrationGround.OWN_REQUEST,
    DeregistrationGround.FAILED_TO_APPEAR,
)
LEFT = (
    DeregistrationGround.EMPLOYED,
    DeregistrationGround.EMPLOYED,
    DeregistrationGround.EMPLOYED,
    DeregistrationGround.SELF_EMPLOYED,
    DeregistrationGround.TRAINING,
    DeregistrationGround.FAILED_TO_APPEAR,
    DeregistrationGround.MOVED,
    DeregistrationGround.OWN_REQUEST,
)
DOCUMENTS = '["application", "education", "employment_record", "identity"]'


def almaty_population(*, actor: Actor, persons: int = PERSONS, seed: int = YEAR) -> DemoResult:
    """The demo's Almaty beyond the Almaly district: ``persons`` over the other districts by weight."""
    total = sum(DISTRICTS.values())
    shares = {code: max(1, round(persons * weight / total)) for code, weight in DISTRICTS.items()}
    return demo_data_by_region(actor=actor, persons=shares, seed=seed)


def _days(start: dt.date, offsets: np.ndarray) -> np.ndarray:
    return np.datetime64(start, "D") + offsets.astype("timedelta64[D]")


def _registered_on(rng: np.random.Generator, carried: np.ndarray, year: int) -> np.ndarray:
    """Registration days: the last quarter of the year before for the carried, else the year's
    months by their weights, each day of a month alike."""
    n = carried.size
    month = rng.choice(12, size=n, p=MONTHS / MONTHS.sum())
    firsts = np.array([np.datetime64(dt.date(year, m + 1, 1), "D") for m in range(13 - 1)])
    lengths = np.array(
        [(dt.date(year + (m == 12), m % 12 + 1, 1) - dt.date(year, m, 1)).days for m in range(1, 13)]
    )
    in_year = firsts[month] + (rng.random(n) * lengths[month]).astype("timedelta64[D]")
    quarter = (dt.date(year, 1, 1) - dt.date(year - 1, 10, 1)).days
    before = _days(dt.date(year - 1, 10, 1), (rng.random(n) * quarter).astype(np.int64))
    return np.where(carried, before, in_year)


def _after_working_days(days: np.ndarray, n: int) -> np.ndarray:
    """Each day's n-th working day after it, on Kazakhstan's calendar (once per distinct day)."""
    distinct = np.unique(days)
    due = np.array(
        [np.datetime64(add_working_days(d.astype(dt.date), n), "D") for d in distinct], dtype="datetime64[D]"
    )
    return due[np.searchsorted(distinct, days)]


@transaction.atomic
def almaty_register(*, year: int = YEAR, seed: int = YEAR) -> int:
    """Almaty's register of ``year`` drawn from its persons of working age (idempotent: nothing when
    Almaty has registrations of the year); the number of registrations made."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if Jobseeker.objects.filter(kato__code__startswith=ALMATY[:2], registered_on__lte=end).exists():
        return 0
    from komek.accounts.models import User

    creator = User.objects.order_by("id").first()
    if creator is None:
        raise ValueError("The demo needs a user: run `komek demo-users` first.")
    middle = dt.date(year, 7, 1)
    youngest, oldest = WORKING_AGE
    people = pl.DataFrame(
        list(
            Person.objects.filter(
                kato__code__startswith=ALMATY[:2],
                death_date__isnull=True,
                birth_date__gt=middle.replace(year=year - oldest - 1),
                birth_date__lte=middle.replace(year=year - youngest),
            )
            .order_by("id")
            .values_list("id", "kato_id")
        ),
        schema=["person_id", "kato_code"],
        orient="row",
    )
    rng = np.random.default_rng(seed)
    people = people.filter(pl.Series(rng.random(people.height) < CAME))
    n = people.height
    if n == 0:
        return 0
    carried = rng.random(n) < CARRIED
    registered = _registered_on(rng, carried, year)
    due = _after_working_days(registered, 10)
    unemployed = carried | (rng.random(n) < UNEMPLOYED)
    spell = np.maximum(SHORTEST_SPELL, rng.exponential(SPELL_DAYS, n)).astype(np.int64)
    early = (1 + rng.random(n) * 9).astype(np.int64)
    left = np.where(
        unemployed, due + spell.astype("timedelta64[D]"), registered + early.astype("timedelta64[D]")
    )
    # The carried are those still on the register when the year begins; nobody stays past the next year.
    left = np.where(
        carried, np.maximum(left, np.datetime64(start, "D") + early.astype("timedelta64[D]")), left
    )
    left = np.minimum(left, np.datetime64(dt.date(year + 1, 12, 28), "D"))
    ground = np.where(
        unemployed,
        np.array(LEFT)[rng.integers(0, len(LEFT), n)],
        np.array(LEFT_EARLY)[rng.integers(0, len(LEFT_EARLY), n)],
    )
    registrations = people.with_columns(
        pl.Series("registered_on", registered),
        pl.Series("unemployed_due", due),
        pl.Series("unemployed_from", np.where(unemployed, due, np.datetime64("NaT"))),
        pl.Series("reregistration_due", registered + np.timedelta64(30, "D")),
        pl.Series("deregistered_on", left),
        pl.lit(JobseekerStatus.DEREGISTERED.value).alias("status"),
        pl.Series("deregistration_ground", ground.astype(str)),
        pl.Series("education", rng.choice([1, 1, 2, 2, 3, 3], n)),
        pl.Series("experience_years", rng.integers(0, 20, n)),
        pl.Series("desired_wage", rng.integers(24, 80, n) * 5_000),
        pl.lit(DOCUMENTS).alias("documents"),
        pl.lit(creator.pk).alias("created_by_id"),
        pl.col("kato_code").alias("person_territory"),  # the person's address beside the key (ADR 0070)
    )
    now = timezone.now()
    bulk_sql.copy_into_model(Jobseeker, registrations, now=now)
    bulk_sql.copy_into_model(
        PersonStatus,
        registrations.select(
            "person_id",
            "person_territory",
            pl.lit(StatusKind.JOBSEEKER.value).alias("kind"),
            pl.lit(NoSubtype.NONE.value).alias("subtype"),
            pl.col("registered_on").alias("valid_from"),
            pl.col("deregistered_on").alias("valid_to"),
        ),
        now=now,
    )
    return n
