"""The housing and utility services housing assistance counts: their codes, units and plausible
monthly consumption (``data/housing_services.yaml``), and a family's receipts as monthly averages.

Pure data and arithmetic: the programme (``data/programmes/housing.yaml``) decides what is counted
within the norms; this module only says which services exist and what a receipt of each may hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from komek.rules.errors import RulesError
from komek.rules.parameters import SAFE_LOADER

DATA_FILE = Path(__file__).parent / "data" / "housing_services.yaml"
BASES = ("person", "area", "consumption")


@dataclass(frozen=True)
class HousingService:
    code: str
    unit: str
    basis: str
    max_per_month: float
    title: dict[str, str]

    def unit_text(self, language: str) -> str:
        return UNIT_TEXTS.get(self.unit, {}).get(language) or self.unit


def _load() -> tuple[dict[str, HousingService], dict[str, dict[str, str]]]:
    doc = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    services = {}
    for code, row in doc["services"].items():
        if row["basis"] not in BASES or row["unit"] not in doc["units"]:
            raise RulesError(f"{DATA_FILE.name}: service {code}: unknown basis or unit.")
        services[code] = HousingService(
            code=code,
            unit=row["unit"],
            basis=row["basis"],
            max_per_month=float(row["max_per_month"]),
            title=dict(row["title"]),
        )
    return services, {unit: dict(texts) for unit, texts in doc["units"].items()}


SERVICES, UNIT_TEXTS = _load()
SERVICE_CODES: tuple[str, ...] = tuple(SERVICES)


def paid_variable(code: str) -> str:
    """The family variable of the average monthly amount paid for a service."""
    return f"housing_paid_{code}"


def used_variable(code: str) -> str:
    """The family variable of the average monthly consumption of a service."""
    return f"housing_used_{code}"


def receipt_problem(
    service: str, month: dt.date, consumption: float, paid: float, on: dt.date
) -> tuple[str, str] | None:
    """What is wrong with one month's receipt of a service, as (field, reason), or None."""
    if service not in SERVICES:
        return "service", f"unknown service '{service}'; known: {', '.join(SERVICE_CODES)}"
    if month > on:
        return "month", "a receipt for a month after the date of the calculation"
    if consumption < 0:
        return "consumption", "the consumption cannot be negative"
    if consumption > SERVICES[service].max_per_month:
        return "consumption", (
            f"{consumption:g} {SERVICES[service].unit} in a month is implausible "
            f"(at most {SERVICES[service].max_per_month:g})"
        )
    if paid < 0:
        return "paid", "an amount cannot be negative"
    return None
