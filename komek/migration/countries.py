"""The countries of the world (ISO 3166-1), their names in Kazakh, Russian and English.

Shipped as data with the application (``data/countries.csv``, made from the iso-codes project's
ISO 3166-1 list and its Kazakh and Russian translations, with the names Kazakhstan's own texts use:
"Кыргызстан", "Турция", "Россия"): the system runs in closed networks and asks no service.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "countries.csv"
KAZAKHSTAN = "KZ"


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    alpha_3: str
    en: str
    ru: str
    kk: str

    @property
    def name(self) -> str:
        """The name in the active language (Russian for a language the list does not hold)."""
        language = (get_language() or "ru")[:2]
        return str(getattr(self, language, None) or self.ru) if language in ("en", "ru", "kk") else self.ru


@functools.cache
def countries() -> dict[str, Country]:
    with DATA.open(encoding="utf-8", newline="") as file:
        return {
            row["alpha_2"]: Country(row["alpha_2"], row["alpha_3"], row["en"], row["ru"], row["kk"])
            for row in csv.DictReader(file)
        }


def country_name(code: str) -> str:
    found = countries().get(code or "")
    return found.name if found is not None else (code or "")


def country_choices(*, blank: bool = False, without: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The countries by name in the active language, for a form's choice."""
    rows = sorted(
        ((c.code, c.name) for c in countries().values() if c.code not in without), key=lambda r: r[1]
    )
    return [("", "—"), *rows] if blank else rows
