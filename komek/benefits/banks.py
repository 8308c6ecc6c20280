"""The reference table of Kazakhstan's banks (BIC and IBAN bank code), shipped as a CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

BANKS_FILE = Path(__file__).resolve().parent / "reference" / "banks.csv"


def shipped_banks() -> list[dict[str, str]]:
    with BANKS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def banks_load(bank_model: Any = None) -> int:
    """Insert or update the shipped banks (idempotent); returns how many rows the file has."""
    if bank_model is None:
        from komek.benefits.models import Bank

        bank_model = Bank
    rows = shipped_banks()
    for row in rows:
        bank_model.objects.update_or_create(
            bic=row["bic"], defaults={"iban_code": row["iban_code"], "name": row["name"], "active": True}
        )
    return len(rows)
