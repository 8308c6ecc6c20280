"""Time ``komek import persons`` on a million-row file into a fresh PostgreSQL database.

    .venv/bin/python bench/import_persons.py [--rows 1000000] [--bad 300] [--keep]

Recreates the database ``BENCH_DATABASE_URL`` (default komek_bench_import), migrates it and loads
the KATO reference; writes a valid CSV of ``--rows`` persons in families with the demo
generator's vectorised path, appends ``--bad`` broken rows of every kind (wrong check digit,
unknown KATO, birth date against the IIN, duplicates, wrong field count, family with two heads,
bad phone), then times ``persons_import`` with full validation. Prints rows/s and seconds; the
target is 60 s for a million rows on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from _support import recreate_database  # bench/ is the scripts' own folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/komek_bench_import"


def bad_rows(good: list[str], count: int) -> list[str]:
    """``count`` broken lines made from valid ones, cycling through the kinds of mistakes."""
    parsed = list(csv.reader(good))
    out: list[list[str]] = []
    for index in range(count):
        fields = list(parsed[index])
        kind = index % 8
        if kind == 0:  # wrong check digit
            fields[0] = fields[0][:11] + str((int(fields[0][11]) + 1) % 10)
        elif kind == 1:
            fields[7] = "999999999"  # unknown KATO
        elif kind == 2:
            fields[4] = "1900-01-01"  # birth date against the IIN
        elif kind == 3:
            pass  # the same IIN again: a duplicate within the file
        elif kind == 4:
            fields = fields[:5]  # wrong number of fields
        elif kind == 5:
            fields[9] = "12345"  # not a phone number
        elif kind == 6:
            fields[5] = "unknown"  # unknown sex code
        else:  # a family with two heads
            other = parsed[(index + 1) % len(parsed)]
            out.append(other[:11] + [f"bad{index}", "head"])
            fields[11], fields[12] = f"bad{index}", "head"
        out.append(fields)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    return buffer.getvalue().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the CSV and its error report")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command

    from komek.accounts.policy import system
    from komek.common.kato import kato_load
    from komek.demo.population.generator import csv_frame, population
    from komek.registry.services.imports import persons_import

    call_command("migrate", verbosity=0, interactive=False)
    kato_load()
    started = time.perf_counter()
    people = population(
        persons=args.rows,
        region="351600000",
        rng=np.random.default_rng(1),
        today=dt.date.today(),  # noqa: DTZ011 (the local date is meant)
    )
    workdir = Path(tempfile.mkdtemp(prefix="komek-bench-"))
    path = workdir / "persons.csv"
    csv_frame(people).write_csv(path)
    with path.open("r", encoding="utf-8") as stream:
        stream.readline()
        sample = [stream.readline().rstrip("\n") for _ in range(args.bad)]
    # Bad rows reuse valid rows, so their families are rejected with them: never half a family.
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n".join(bad_rows(sample, args.bad)) + "\n")
    size = path.stat().st_size
    print(f"CSV: {args.rows:,} valid rows + {args.bad} bad rows, {size / 1e6:.0f} MB, "
          f"written in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip

    started = time.perf_counter()
    result = persons_import(actor=system("bench-import"), path=path)
    seconds = time.perf_counter() - started
    print(f"imported {result.rows_imported:,} persons in {result.families_imported:,} families, "
          f"rejected {result.rows_rejected:,} rows ({result.errors:,} errors)")  # fmt: skip
    print(
        f"total {seconds:.1f} s, {result.rows_total / seconds:,.0f} rows/s (target: 1,000,000 rows in 60 s)"
    )
    if args.keep:
        print(f"files kept in {workdir}")
    else:
        path.unlink()
        result.report_path.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
