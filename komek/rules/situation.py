"""One situation (a family on a date) from JSON, checked field by field, as a Population."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from komek.rules.errors import SituationError
from komek.rules.housing import receipt_problem
from komek.rules.periods import month_of
from komek.rules.population import CIRCUMSTANCES, DISABILITY_GROUPS, STATUS_FLAGS, Population

MAX_AMOUNT = 10**10


@dataclass(frozen=True)
class Situation:
    on: dt.date
    region: str
    population: Population
    person_keys: dict[int, str]
    programmes: list[str] | None


def _date(value: Any, field: str) -> dt.date:
    if not isinstance(value, str):
        raise SituationError(field, "a date YYYY-MM-DD is required")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise SituationError(field, f"'{value}' is not a date YYYY-MM-DD") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise SituationError(field, "the date is out of range (1900-2100)")
    return day


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SituationError(field, "a whole number, zero or more, is required")
    return value


def _money(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise SituationError(field, "an amount in tenge is required")
    if value < 0:
        raise SituationError(field, "an amount cannot be negative")
    if value > MAX_AMOUNT:
        raise SituationError(field, "the amount is implausibly large")
    return float(value)


def _codes(value: Any, allowed: tuple[str, ...], field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SituationError(field, "a list of codes is required")
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise SituationError(field, f"unknown code '{unknown[0]}'; known: {', '.join(allowed)}")
    return list(value)


def _person(key: str, data: Any, on: dt.date, incomes: list[dict[str, Any]], pid: int) -> dict[str, Any]:
    where = f"persons.{key}"
    if not isinstance(data, dict):
        raise SituationError(where, "an object is required")
    birth = _date(data.get("birth_date"), f"{where}.birth_date")
    if birth > on:
        raise SituationError(f"{where}.birth_date", "the person is born after the date of the calculation")
    sex = data.get("sex")
    if sex not in ("male", "female"):
        raise SituationError(f"{where}.sex", "'male' or 'female' is required")
    group = data.get("disability_group")
    if group is not None and str(group) not in DISABILITY_GROUPS:
        raise SituationError(f"{where}.disability_group", 'one of "1", "2", "3", "child" or null')
    by_month = data.get("incomes") or {}
    if not isinstance(by_month, dict):
        raise SituationError(f"{where}.incomes", "an object of months is required")
    for month, kinds in by_month.items():
        field = f"{where}.incomes.{month}"
        try:
            first = month_of(str(month))
        except ValueError:
            raise SituationError(field, "the month is written YYYY-MM") from None
        if first > on:
            raise SituationError(field, "an income month after the date of the calculation")
        if not isinstance(kinds, dict):
            raise SituationError(field, "an object of income types is required")
        for kind, amount in kinds.items():
            incomes.append({"person_id": pid, "month": first, "income_type": str(kind),
                            "amount": _money(amount, f"{field}.{kind}")})  # fmt: skip
    return {"person_id": pid, "family_id": 1, "birth_date": birth, "sex": sex,
            "disability_group": None if group is None else str(group),
            "statuses": _codes(data.get("statuses"), STATUS_FLAGS, f"{where}.statuses")}  # fmt: skip


def _receipts(value: Any, on: dt.date) -> list[dict[str, Any]]:
    """``family.housing.receipts``: one object per month and service, ``{month: YYYY-MM, service,
    consumption, paid}`` (consumption in the service's unit, paid in tenge)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SituationError("family.housing.receipts", "a list of receipts is required")
    rows, seen = [], set()
    for i, row in enumerate(value):
        where = f"family.housing.receipts[{i}]"
        if not isinstance(row, dict):
            raise SituationError(where, "an object {month, service, consumption, paid} is required")
        try:
            month = month_of(str(row.get("month")))
        except ValueError:
            raise SituationError(f"{where}.month", "the month is written YYYY-MM") from None
        service = str(row.get("service") or "")
        consumption = _number(row.get("consumption", 0), f"{where}.consumption")
        paid = _money(row.get("paid"), f"{where}.paid")
        problem = receipt_problem(service, month, consumption, paid, on)
        if problem is not None:
            raise SituationError(f"{where}.{problem[0]}", problem[1])
        if (month, service) in seen:
            raise SituationError(where, f"a second receipt of {service} for {month:%Y-%m}")
        seen.add((month, service))
        rows.append(
            {"family_id": 1, "month": month, "service": service, "consumption": consumption, "paid": paid}
        )
    return rows


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise SituationError(field, "a number is required")
    return float(value)


def parse_situation(doc: Any) -> Situation:
    if not isinstance(doc, dict):
        raise SituationError("(root)", "a JSON object is required")
    on = _date(doc.get("date"), "date")
    region = doc.get("region")
    if not isinstance(region, str) or len(region) != 9 or not region.isdigit():
        raise SituationError("region", "the KATO code of residence (9 digits) is required")
    persons_doc = doc.get("persons")
    if not isinstance(persons_doc, dict) or not persons_doc:
        raise SituationError("persons", "at least one person is required")
    incomes: list[dict[str, Any]] = []
    keys = list(persons_doc)
    persons = [_person(k, persons_doc[k], on, incomes, i + 1) for i, k in enumerate(keys)]
    family = doc.get("family") or {}
    if not isinstance(family, dict):
        raise SituationError("family", "an object is required")
    members = family.get("members", keys)
    if not isinstance(members, list) or not members:
        raise SituationError("family.members", "a list of person keys is required")
    for m in members:
        if m not in persons_doc:
            raise SituationError("family.members", f"'{m}' is not among the persons")
    head = family.get("head", members[0])
    if head not in members:
        raise SituationError("family.head", "the head must be one of the members")
    housing = family.get("housing") or {}
    if not isinstance(housing, dict):
        raise SituationError("family.housing", "an object is required")
    families = [{
        "family_id": 1, "region": region,
        "dwellings": _count(family.get("dwellings", 1), "family.dwellings"),
        "cars": _count(family.get("cars", 0), "family.cars"),
        "area_m2": _money(housing.get("area_m2", 0), "family.housing.area_m2"),
        "housing_costs": _money(housing.get("monthly_costs", 0), "family.housing.monthly_costs"),
        "circumstances": _codes(family.get("circumstances"), CIRCUMSTANCES, "family.circumstances"),
    }]  # fmt: skip
    receipts = _receipts(housing.get("receipts"), on)
    chosen = [p for p in persons if keys[p["person_id"] - 1] in members]
    codes = doc.get("programmes")
    if codes is not None and (not isinstance(codes, list) or not all(isinstance(c, str) for c in codes)):
        raise SituationError("programmes", "a list of programme codes is required")
    population = Population(
        persons=pl.DataFrame(chosen),
        families=pl.DataFrame(families),
        incomes=pl.DataFrame(incomes) if incomes else Population.empty_incomes(),
        receipts=pl.DataFrame(receipts) if receipts else Population.empty_receipts(),
    ).checked()
    return Situation(on=on, region=region, population=population,
                     person_keys={i + 1: k for i, k in enumerate(keys)}, programmes=codes)  # fmt: skip
