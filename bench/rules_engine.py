"""The rules engine at the scale of the whole country, one family, and the command line.

    .venv/bin/python bench/rules_engine.py [--families 5000000] [--date 2024-07-01] [--runs 3]
                                           [--processes 1,2] [--income-totals]

1. Generates a national registry in memory (no database): ``--families`` families (about 3.3
   members each, so 5,000,000 families are some 17 million persons) in the regions of Kazakhstan
   in their shares of the population, with disabilities, pensions, studies, veterans, mothers of
   large families, dispensary registrations, housing and the incomes of the reference quarter.
   Its time is printed apart: it is not the engine's. With ``--income-totals`` the incomes are then
   summed per person over the quarter, as the national proactive scan reads them from the registry
   (``registry_population(income_totals=True)``: the database sums them there), not counted either.
2. Runs every programme in force on ``--date`` over all of it, ``--runs`` times, keeping the
   recipients (what a payroll or a simulation keeps), and prints the seconds of each stage
   (variables, parameters, programmes), the recipients and the peak memory of the process.
3. Calculates one situation in process (``komek.rules.explain.calculate``, with explanations)
   200 times and prints the median.
4. Runs ``komek rules calculate --situation FILE`` as a process 5 times and prints the median
   wall time.
5. With ``--processes 1,2``: the registry split by region into that many parts of about as many
   families (a region is never split, as the jobs split a run: ADR 0049), each part written as
   Arrow IPC files and calculated by a process of its own (spawned, not forked: Polars' threads do
   not survive a fork). The processes read their part and load the legislation, wait for each
   other, then calculate at once; the wall time from that start to the last one's end is printed
   (best of ``--runs``), with each process's time and peak memory, and the recipients and amounts
   summed over the parts, which must be those of step 2.

Targets on the 2-core development machine: step 2 at most 3 s and 6 GB, step 3 at most 5 ms,
step 4 under 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import multiprocessing
import queue
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from komek.rules.engine import Engine  # noqa: E402
from komek.rules.explain import calculate  # noqa: E402
from komek.rules.periods import reference_months  # noqa: E402
from komek.rules.population import CIRCUMSTANCES, STATUS_FLAGS, Population, quarter_incomes  # noqa: E402
from komek.rules.situation import parse_situation  # noqa: E402

# (KATO code, millions of inhabitants): the regions of Kazakhstan, Almaty city by district, and
# Balkhash apart from the rest of the Karaganda region, so that both councils' programmes run.
REGIONS = [
    ("751110000", 0.21), ("751210000", 0.31), ("751310000", 0.29), ("751410000", 0.36),
    ("751510000", 0.17), ("751710000", 0.22), ("751810000", 0.18), ("751910000", 0.24),
    ("710000000", 1.42), ("790000000", 1.22), ("110000000", 0.79), ("150000000", 0.92),
    ("190000000", 1.51), ("230000000", 0.70), ("270000000", 0.69), ("310000000", 1.21),
    ("351010000", 0.50), ("352210000", 0.18), ("351610000", 0.065), ("351633100", 0.004),
    ("351635100", 0.003), ("353000000", 0.35), ("390000000", 0.83), ("430000000", 0.83),
    ("470000000", 0.78), ("510000000", 2.08), ("550000000", 0.75), ("590000000", 0.53),
    ("630000000", 0.73), ("100000000", 0.61), ("330000000", 0.70), ("620000000", 0.22),
]  # fmt: skip
SIZES = np.array([0.17, 0.20, 0.19, 0.19, 0.13, 0.07, 0.03, 0.02])  # 1..8 members, mean 3.34
DAYS_PER_YEAR = 365.2425
STATUS, CIRCUMSTANCE = pl.Enum(STATUS_FLAGS), pl.Enum(CIRCUMSTANCES)  # the engine's codes (population.py)


def _codes(conditions: list[np.ndarray], codes: list[str], dtype: pl.DataType | None = None) -> pl.Series:
    """The code of the first condition that holds, null where none does (numbered, not as text:
    a numpy array of 17 million strings would weigh more than the whole population), as ``dtype``
    (the engine's for the column: a status is an enum, the sex text)."""
    index = np.select(conditions, [np.int8(i + 1) for i in range(len(codes))], default=np.int8(0))
    return pl.Series([None, *codes], dtype=dtype or pl.String).gather(index)


def _statuses(rng: np.random.Generator, age: np.ndarray, male: np.ndarray) -> pl.Series:
    """Up to three status codes per person, in realistic shares."""
    n = age.size
    draw = rng.random(n, dtype=np.float32)
    pension = age >= np.where(male, 63, 61)
    university = (age >= 18) & (age < 23) & (draw < 0.35)
    first = _codes(
        [pension, university, (age >= 7) & (age < 18) & (draw < 0.97)],
        ["pensioner_by_age", "university_student", "student"],
        STATUS,
    )
    second = _codes(
        [pension, university, (draw < 0.02) & (age >= 25), draw > 0.995],
        ["pensioner", "student", "large_family_mother", "tb_outpatient"],
        STATUS,
    )
    rare = rng.random(n, dtype=np.float32)
    third = _codes(
        [
            rare < 0.004,
            rare < 0.006,
            rare < 0.008,
            (rare < 0.012) & (age >= 55),
            (rare < 0.016) & (age >= 35),
        ],
        ["cancer_postoperative", "hiv", "released_prisoner", "afghanistan_veteran", "semipalatinsk"],
        STATUS,
    )
    slots = pl.DataFrame({"a": first, "b": second, "c": third})
    return slots.select(pl.concat_list("a", "b", "c").list.drop_nulls().alias("statuses")).to_series()


def generate(families: int, on: dt.date, seed: int = 1) -> Population:
    rng = np.random.default_rng(seed)
    size = rng.choice(np.arange(1, 9), size=families, p=SIZES)
    n = int(size.sum())
    family = np.repeat(np.arange(1, families + 1), size)
    position = np.arange(n) - np.repeat(np.cumsum(size) - size, size)
    age = np.where(position < 2, 18 + rng.random(n) * 70, rng.random(n) * 30)
    age = np.where((position >= 2) & (rng.random(n) < 0.1), 55 + rng.random(n) * 30, age)  # a grandparent
    born = np.datetime64(on, "D") - (age * DAYS_PER_YEAR).astype("timedelta64[D]")
    male = rng.random(n) < 0.48
    disabled = rng.random(n) < np.where(age < 18, 0.02, np.where(age < 63, 0.05, 0.1))
    group = rng.choice([1, 2, 3], size=n, p=[0.1, 0.4, 0.5])
    persons = pl.DataFrame(
        {
            "person_id": np.arange(1, n + 1),
            "family_id": family,
            "birth_date": born,
            "sex": _codes([male, ~male], ["male", "female"]),
            "disability_group": _codes(
                [disabled & (age < 18), disabled & (group == 1), disabled & (group == 2), disabled],
                ["child", "1", "2", "3"],
            ),
            "statuses": _statuses(rng, age, male),
        }
    )
    codes = np.array([code for code, _ in REGIONS])
    weight = np.array([share for _, share in REGIONS])
    dwellings = rng.choice([0, 1, 2], size=families, p=[0.16, 0.77, 0.07])
    trouble = rng.random(families)
    circumstance = _codes(
        [trouble < 0.01, trouble < 0.012, trouble < 0.013, trouble < 0.02],
        ["difficult_life_situation", "fire_damage", "natural_disaster", "meters_installation"],
        CIRCUMSTANCE,
    )
    homes = pl.DataFrame(
        {
            "family_id": np.arange(1, families + 1),
            "region": pl.Series(codes).gather(rng.choice(codes.size, size=families, p=weight / weight.sum())),
            "dwellings": dwellings,
            "cars": rng.choice([0, 1, 2], size=families, p=[0.55, 0.4, 0.05]),
            "area_m2": np.round(18 * size * (0.6 + rng.random(families) * 0.8) + 12, 1),
            "housing_costs": np.where(
                rng.random(families) < 0.3, np.round(rng.random(families) * 40_000), 0.0
            ),
            "circumstances": circumstance,
        }
    ).with_columns(pl.concat_list("circumstances").list.drop_nulls())
    # Incomes of the three months of the reference quarter: wages of the employed, pensions and
    # disability benefits, with a poor tail.
    employed = (age >= 18) & (age < 63) & (rng.random(n) < 0.75)
    wage = np.where(
        rng.random(n) < 0.1, 20_000 + rng.random(n) * 60_000, rng.lognormal(np.log(280_000), 0.5, n)
    )
    benefit = np.where(age >= 61, 145_000, 0) + np.where(disabled, 90_000, 0)
    earners = np.flatnonzero(employed | (benefit > 0))
    amount = np.round(np.where(employed, wage, 0) + benefit)[earners]
    months = np.array(reference_months(on), dtype="datetime64[D]")
    incomes = pl.DataFrame(
        {
            "person_id": np.tile(earners + 1, 3),
            "month": np.repeat(months, earners.size),
            "income_type": pl.Series(["wages"], dtype=pl.Categorical).gather(
                np.zeros(3 * earners.size, np.int64)
            ),
            "amount": np.tile(amount, 3),
        }
    )
    return Population(persons=persons, families=homes, incomes=incomes).checked()


def peak_gb() -> float:
    """The process's peak resident memory since the last ``reset_peak`` (VmHWM), in GB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # kB on Linux


def resident_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def reset_peak() -> None:
    """Start measuring the peak again from the current resident memory (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


SITUATION = {
    "date": "2024-07-15",
    "region": "351610000",
    "persons": {
        "father": {"birth_date": "1986-02-11", "sex": "male", "incomes": {"2024-04": {"wages": 95_000}}},
        "mother": {"birth_date": "1989-09-30", "sex": "female", "statuses": ["large_family_mother"]},
        "son": {"birth_date": "2020-05-02", "sex": "male", "disability_group": "child"},
        "daughter": {"birth_date": "2016-12-24", "sex": "female"},
    },
    "family": {"dwellings": 1, "cars": 0, "housing": {"area_m2": 54, "monthly_costs": 21_000}},
}


def quarter_totals(population: Population, on: dt.date) -> Population:
    """The incomes as the national proactive scan reads them from the registry
    (``registry_population(income_totals=True)``, ADR 0056): one row per person, the reference
    quarter's incomes summed, by the database there and here before the runs (not counted)."""
    months = reference_months(on)
    totals = (
        population.incomes.filter(pl.col("month").is_in(months))
        .group_by("person_id")
        .agg(pl.col("amount").sum())
        .sort("person_id")
    )
    incomes = quarter_incomes(totals, months[0])
    return Population(population.persons, population.families, incomes, population.receipts).checked()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=5_000_000)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2024, 7, 1))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--processes", default="", help="e.g. 1,2: split the registry by region over processes"
    )
    parser.add_argument(
        "--income-totals",
        action="store_true",
        help="the incomes as the proactive scan reads them: the quarter summed per person (not counted)",
    )
    args = parser.parse_args()
    engine = Engine.load()
    in_force = engine.in_force(args.date)
    print(f"Rules engine benchmark on {args.date}: {len(in_force)} programme versions in force")

    started = time.perf_counter()
    population = generate(args.families, args.date)
    if args.income_totals:
        population = quarter_totals(population, args.date)
    gc.collect()
    print(
        f"generation: {time.perf_counter() - started:.1f} s, peak {peak_gb():.2f} GB (not counted) — "
        f"{population.families.height:,} families, {population.persons.height:,} persons, "
        f"{population.incomes.height:,} income rows; {resident_gb():.2f} GB resident"
    )
    reset_peak()
    totals = []
    for run in range(1, args.runs + 1):
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        result = engine.run(population, args.date, recipients_only=True)
        total = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        totals.append(total)
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
        kernel = (
            f"CPU {after.ru_utime - before.ru_utime:.2f} s user, {after.ru_stime - before.ru_stime:.2f} s "
            f"system, {after.ru_minflt - before.ru_minflt:,} page faults"
        )
        print(f"run {run}: {total:.2f} s ({stages}; {kernel})")
        del result
    result = engine.run(population, args.date, recipients_only=True)
    summary = result.summary().group_by("programme").agg(pl.col("recipients").sum(), pl.col("amount").sum())
    for row in summary.sort("programme").iter_rows(named=True):
        print(f"  {row['programme']:<36} {row['recipients']:>10,} recipients {row['amount']:>16,} tenge")
    median, best = statistics.median(totals), min(totals)
    print(
        f"batch: median {median:.2f} s, best {best:.2f} s; peak memory of the process during the runs "
        f"{peak_gb():.2f} GB (the population itself included)"
    )
    del result
    if args.processes:
        by_processes(population, args.date, [int(n) for n in args.processes.split(",")], args.runs, summary)
    del population

    situation = parse_situation(SITUATION)
    calculate(engine, situation)
    times = []
    for _ in range(200):
        started = time.perf_counter()
        calculate(engine, situation)
        times.append(time.perf_counter() - started)
    print(f"one situation in process: median {statistics.median(times) * 1000:.2f} ms over 200 runs")

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(SITUATION, handle)
    komek = ROOT / ".venv" / "bin" / "komek"
    walls = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([str(komek), "rules", "calculate", "--situation", handle.name], check=True,
                       capture_output=True)  # fmt: skip
        walls.append(time.perf_counter() - started)
    Path(handle.name).unlink()
    print(f"komek rules calculate as a process: median {statistics.median(walls):.2f} s over 5 runs")


def split(population: Population, parts: int) -> list[Population]:
    """The population in ``parts`` parts by region, each of about as many families: the regions,
    largest first, each to the part that has the fewest families so far."""
    counts = population.families.group_by("region").len().sort("len", "region", descending=True)
    regions: list[list[str]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for region, count in counts.iter_rows():
        smallest = sizes.index(min(sizes))
        regions[smallest].append(region)
        sizes[smallest] += count
    out = []
    for chosen in regions:
        families = population.families.filter(pl.col("region").is_in(chosen))
        persons = population.persons.filter(pl.col("family_id").is_in(families["family_id"].implode()))
        incomes = population.incomes.filter(pl.col("person_id").is_in(persons["person_id"].implode()))
        out.append(Population(persons=persons, families=families, incomes=incomes))
    return out


def _calculate_part(folder: str, on: dt.date, runs: int, barrier: Any, results: Any) -> None:
    """One process: read its part, load the legislation, then (with the others) calculate ``runs``
    times, each run starting when every process is ready."""
    part = Path(folder)
    # In one piece each, as the generator's frames (a frame read in chunks is copied whole by
    # every numpy view the engine takes of a column).
    population = Population(
        persons=pl.read_ipc(part / "persons.arrow").rechunk(),
        families=pl.read_ipc(part / "families.arrow").rechunk(),
        incomes=pl.read_ipc(part / "incomes.arrow").rechunk(),
    )
    engine = Engine.load()
    gc.collect()
    reset_peak()
    summary = None
    for _ in range(runs):
        barrier.wait()
        started = time.perf_counter()
        result = engine.run(population, on, recipients_only=True)
        finished = time.perf_counter()
        summary = result.summary()
        del result
        results.put((part.name, started, finished, peak_gb()))
    assert summary is not None
    results.put((part.name, "summary", summary.to_dicts(), 0.0))


def by_processes(
    population: Population, on: dt.date, counts: list[int], runs: int, expected: pl.DataFrame
) -> None:
    """Step 5: the calculation split by region over processes (see the module's docstring)."""
    context = multiprocessing.get_context("spawn")
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="komek-rules-bench-") as folder:
            parts = split(population, count)
            for i, part in enumerate(parts):
                where = Path(folder) / f"part{i + 1}"
                where.mkdir()
                part.persons.write_ipc(where / "persons.arrow")
                part.families.write_ipc(where / "families.arrow")
                part.incomes.write_ipc(where / "incomes.arrow")
            sizes = ", ".join(f"{p.families.height:,}" for p in parts)
            del parts
            barrier, results = context.Barrier(count), context.Queue()
            workers = [
                context.Process(
                    target=_calculate_part,
                    args=(str(Path(folder) / f"part{i + 1}"), on, runs, barrier, results),
                )  # fmt: skip
                for i in range(count)
            ]
            for worker in workers:
                worker.start()
            rows = []
            while len(rows) < count * (runs + 1):
                try:
                    rows.append(results.get(timeout=5))
                except queue.Empty:
                    failed = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
                    if failed:
                        raise SystemExit(
                            f"a process of the split calculation failed (exit code {failed[0]})"
                        ) from None
            for worker in workers:
                worker.join()
        timed = [r for r in rows if r[1] != "summary"]
        walls = []
        # Each process reports its runs in order, and no run starts before every process is done
        # with the one before (the barrier): the n-th reports of the processes are one run.
        by_part: dict[str, list[tuple[float, float, float]]] = {}
        for name, started, finished, peak in timed:
            by_part.setdefault(name, []).append((started, finished, peak))
        for run in range(runs):
            walls.append(max(p[run][1] for p in by_part.values()) - min(p[run][0] for p in by_part.values()))
        each = ", ".join(
            f"{name} {min(f - s for s, f, _ in values):.2f} s / {max(v[2] for v in values):.2f} GB"
            for name, values in sorted(by_part.items())
        )
        summaries = pl.concat([pl.DataFrame(r[2]) for r in rows if r[1] == "summary" and r[2]])
        total = summaries.group_by("programme").agg(pl.col("recipients").sum(), pl.col("amount").sum())
        money = [pl.col("recipients").cast(pl.Int64), pl.col("amount").cast(pl.Int64)]
        same = (
            total.with_columns(money).sort("programme").equals(expected.with_columns(money).sort("programme"))
        )
        print(
            f"{count} process{'es' if count > 1 else ''} by region ({sizes} families): "
            f"best {min(walls):.2f} s, "
            f"median {statistics.median(walls):.2f} s from the common start to the last one's end "
            f"(each: best time / peak memory: {each}); recipients and amounts "
            f"{'the same as in one process' if same else 'DIFFERENT from one process'}"
        )


if __name__ == "__main__":
    main()
