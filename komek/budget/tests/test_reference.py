"""The budget reference as data: the shipped files load, bad files are refused with the reason, and
every shipped programme, measure, aid and special service has a budget programme whenever it is in
force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from komek.budget.choices import SpecialService
from komek.budget.reference import (
    DATA_DIR,
    BudgetReferenceError,
    load_reference,
    parse_classification,
    parse_links,
    reference,
)
from komek.employment.choices import MeasureKind
from komek.rehabilitation.choices import AidKind
from komek.rules.programmes import read_programme_documents

LAST_CHECKED = dt.date(2030, 12, 31)


def _classification() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "classification.yaml").read_text(encoding="utf-8"))


def _days(first: dt.date, last: dt.date | None) -> list[dt.date]:
    """The first and last day and every 1 January between: where a link can start or end."""
    end = min(last or LAST_CHECKED, LAST_CHECKED)
    days = {first, end}
    days |= {dt.date(y, 1, 1) for y in range(first.year + 1, end.year + 1)}
    return sorted(d for d in days if first <= d <= end)


def test_shipped_reference_loads() -> None:
    """The shipped classification has group 06, administrator 451 with 451.007, names in three
    languages, and says for every code whether it is confirmed."""
    ref = load_reference()
    assert ref.group["code"] == "06"
    assert "451" in ref.administrators
    line = ref.lines["451.007"]
    assert set(line.name) == {"kk", "ru", "en"} and all(line.name.values())
    assert line.name["ru"].startswith("Социальная помощь отдельным категориям")
    assert ref.lines["451.002.100"].parent == "451.002"
    assert all(line.source for line in ref.lines.values())
    header = (DATA_DIR / "classification.yaml").read_text(encoding="utf-8")[:2000]
    assert "NOT CONFIRMED" in header


def test_duplicate_code_refused() -> None:
    """A budget programme listed twice is refused, naming the code."""
    doc = _classification()
    doc["programmes"].append(dict(doc["programmes"][0]))
    with pytest.raises(BudgetReferenceError, match=r"451\.001 is listed twice"):
        parse_classification(doc)


def test_missing_language_refused() -> None:
    """A name without its Kazakh text is refused, naming the programme and the language."""
    doc = _classification()
    del doc["programmes"][1]["name"]["kk"]
    with pytest.raises(BudgetReferenceError, match=r"programme 451\.002: name in kk is missing"):
        parse_classification(doc)


def test_bad_dates_refused() -> None:
    """A date that is not a date, and an end before the start, are refused with the entry named."""
    doc = _classification()
    doc["programmes"][0]["valid_from"] = "2015-13-01"
    with pytest.raises(BudgetReferenceError, match="is not a date"):
        parse_classification(doc)
    doc = _classification()
    doc["programmes"][0]["valid_to"] = dt.date(2014, 1, 1)
    with pytest.raises(BudgetReferenceError, match=r"451\.001: valid_to 2014-01-01 is before"):
        parse_classification(doc)


def test_two_links_for_one_date_refused_naming_both() -> None:
    """Two budget programmes for one thing on one date: refused, and both links are named."""
    lines = parse_classification(_classification())["lines"]
    doc = {
        "programme": [
            {"code": "tsa", "budget": "451.005", "from": dt.date(2015, 1, 1)},
            {"code": "tsa", "budget": "451.007", "from": dt.date(2020, 1, 1)},
        ]
    }
    with pytest.raises(BudgetReferenceError) as refused:
        parse_links(doc, lines)
    assert "451.005 from 2015-01-01" in str(refused.value)
    assert "451.007 from 2020-01-01" in str(refused.value)


def test_link_to_unknown_budget_programme_refused() -> None:
    """A link to a code the classification does not hold is refused, naming it."""
    lines = parse_classification(_classification())["lines"]
    with pytest.raises(BudgetReferenceError, match="'451.999' is not in the classification"):
        parse_links({"measure": [{"code": "grant", "budget": "451.999", "from": "2020-01-01"}]}, lines)


def test_every_shipped_programme_has_a_budget_programme_while_in_force() -> None:
    """Meta-test: each shipped programme version is linked, where it is in force, on every date it
    is in force, to a budget programme that is itself in force then."""
    ref = reference()
    missing = []
    for source, doc in read_programme_documents():
        first = doc["valid_from"]
        for day in _days(first, doc.get("valid_to")):
            line = ref.budget_line_for("programme", doc["code"], day, str(doc.get("jurisdiction") or ""))
            if line is None or not line.in_force(day):
                missing.append(f"{source} {doc['code']} on {day}")
    assert missing == []


@pytest.mark.parametrize(
    ("thing", "codes"),
    [("measure", MeasureKind.values), ("aid", AidKind.values), ("special_service", SpecialService.values)],
)
def test_every_measure_aid_and_service_has_a_budget_programme(thing: str, codes: list[str]) -> None:
    """Meta-test: every employment measure, rehabilitation aid and special social service has a
    budget programme in force on every date since 2015."""
    ref = reference()
    missing = [
        f"{code} on {day}"
        for code in codes
        for day in _days(dt.date(2015, 1, 1), None)
        if (line := ref.budget_line_for(thing, code, day)) is None or not line.in_force(day)
    ]
    assert missing == []


def test_most_specific_region_wins(tmp_path: Path) -> None:
    """TSA in Almaty is paid from the city's programme, elsewhere from the district's."""
    ref = reference()
    day = dt.date(2020, 5, 1)
    assert ref.budget_line_for("programme", "tsa", day, "751110000").code == "256.005"  # type: ignore[union-attr]
    assert ref.budget_line_for("programme", "tsa", day, "351610000").code == "451.005"  # type: ignore[union-attr]
    assert ref.budget_line_for("programme", "no-such-programme", day, "351610000") is None
