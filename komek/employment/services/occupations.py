"""Loading the vendored classifier of occupations (НК РК 01-2017, unit groups of ISCO-08)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

REFERENCE_FILE = Path(__file__).parent.parent / "reference" / "occupations.tsv"


def read_reference(path: Path = REFERENCE_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@transaction.atomic
def occupations_load(*, path: Path = REFERENCE_FILE) -> int:
    """Insert or update every unit group by code (idempotent); returns how many rows the file has."""
    from komek.employment.models import Occupation

    rows = read_reference(path)
    Occupation.objects.bulk_create(
        [
            Occupation(code=r["code"], title_ru=r["title_ru"], title_kk=r["title_kk"], title_en=r["title_en"])
            for r in rows
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["title_ru", "title_kk", "title_en"],
    )
    return len(rows)
