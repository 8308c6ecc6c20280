"""Programme facts (schedule, form, budget sources, service, result document), legal terms as
parameters, and citations of the sources by their titles."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError
from komek.rules.facts import codes
from komek.rules.parameters import load_parameters
from komek.rules.programmes import PERIODICITIES, parse_programme, read_programme_documents
from komek.rules.terms import (
    ADULT_AGE,
    SOCIAL_CONTRACT_SANCTION_MONTHS,
    TERMS,
    UNEMPLOYED_AFTER_WORKING_DAYS,
    term,
)

DATA = Path(__file__).parents[1] / "data"
# "seed", a seed document's file name (000_b6d245a3f76ad1a6.txt), a text file or the project's notes.
UNCITABLE = re.compile(r"seed|\b\d{3}_[0-9a-f]{6,}|\.txt\b|DOMAIN\.md", re.IGNORECASE)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def test_every_shipped_programme_version_states_its_facts(engine: Engine) -> None:
    """A schedule, budget sources summing to 1 (per region group), and a service or a category
    payment: the loader refuses a shipped version without them, and this checks what it loaded."""
    assert engine.programmes
    for p in engine.programmes:
        where = f"{p.code} from {p.valid_from}"
        assert p.periodicity in PERIODICITIES, where
        assert p.facts.form in ("cash", "in_kind"), where
        assert p.facts.budget_sources, where
        for region in {row.region for row in p.facts.budget_sources}:
            group = [row for row in p.facts.budget_sources if row.region == region]
            assert sum((row.share for row in group), Decimal(0)) == 1, where
            assert all(row.reference for row in group), where
        assert (p.facts.service is None) == p.facts.category_payment, where
        assert p.facts.result_document in codes("result_documents"), where
        assert p.facts.once_per is None or p.periodicity == "once", where


def test_schedules_of_the_reports(engine: Engine) -> None:
    """The payment schedules are those the reports state: twice a year, quarterly, once."""
    by_code = {p.code: p for p in engine.programmes}
    assert by_code["almaty.twice_yearly_payment"].periodicity == "half-year"  # "раз в полугодие"
    assert by_code["almaty.home_schooling"].periodicity == "quarter"
    assert by_code["balkhash.home_schooling"].periodicity == "quarter"
    assert by_code["almaty.gas_connection"].periodicity == "once"
    assert by_code["almaty.gas_connection"].facts.once_per == "household"  # "повторно не оказывается"
    assert by_code["balkhash.fire_damage"].periodicity == "once"
    holiday = by_code["balkhash.holiday_payment"]
    assert holiday.facts.service is None and holiday.facts.category_payment


def test_gsp_is_in_kind_to_2022_and_cash_from_2023(engine: Engine) -> None:
    """The guaranteed social package is in kind from 2020 to 2022 and in cash from 2023."""
    versions = sorted((p for p in engine.programmes if p.code == "gsp"), key=lambda p: p.valid_from)
    assert [(v.valid_from, v.valid_to, v.facts.form) for v in versions] == [
        (dt.date(2020, 1, 1), dt.date(2022, 12, 31), "in_kind"),
        (dt.date(2023, 1, 1), None, "cash"),
    ]


def test_budget_split_by_region_and_the_programme_api(engine: Engine) -> None:
    """TSA from 2018: Balkhash's 2019 plan (920 of 7,346 thousand tenge republican), Almaty's 2020
    budget (republican); no figure for other regions."""
    tsa = next(p for p in engine.in_force(dt.date(2020, 6, 1)) if p.code == "tsa")
    balkhash = {row.source: row.share for row in tsa.facts.budget_split("351610000")}
    assert balkhash == {"republican": Decimal("0.1252"), "local": Decimal("0.8748")}
    assert {row.source: row.share for row in tsa.facts.budget_split("751110000")} == {"republican": 1}
    assert tsa.facts.budget_split("111010000") == ()
    details = tsa.details("ru")
    assert details["service"] == "tsa" and details["category_payment"] is False
    assert details["labels"]["service"] == "Назначение адресной социальной помощи"
    assert details["labels"]["budget_sources"]["republican"] == "Республиканский бюджет"
    assert set(tsa.listing()) == {"code", "title", "legal_basis", "jurisdiction", "valid_from", "valid_to",
                                  "periodicity"}  # fmt: skip


def programme_doc(**overrides: Any) -> dict[str, Any]:
    """A complete shipped programme document of one-time local assistance; keywords override."""
    doc = {
        "code": "test.facts", "title": {"en": "Test"}, "jurisdiction": "", "valid_from": "2020-01-01",
        "periodicity": "once", "entity": "family", "conditions": [], "amount": "1",
        "form": "cash", "service": "local_social_assistance", "result_document": "assignment_notification",
        "budget_sources": [{"source": "local", "share": 1, "reference": "Council decision"}],
        "assignment_term": {"months": 1, "reference": "Council decision"},
    }  # fmt: skip
    doc.update(overrides)
    return doc


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget_sources": [{"source": "local", "share": 0.5, "reference": "x"}]}, "sum to 0.5"),
        ({"budget_sources": [{"source": "city", "share": 1, "reference": "x"}]}, "source must be one of"),
        ({"budget_sources": [{"source": "local", "share": 1}]}, "reference is required"),
        ({"budget_sources": None}, "'budget_sources' is required"),
        ({"service": "pensions"}, "service must be one of"),
        ({"category_payment": True}, "a category payment"),
        ({"service": None}, "name the service, or set category_payment"),
        ({"form": "voucher"}, "form must be one of"),
        ({"periodicity": "month", "once_per": "household"}, "once_per applies to a programme paid once"),
        ({"form": "cash", "kind": '"in_kind"'}, "kind in_kind contradicts form: cash"),
    ],
)
def test_malformed_facts_are_refused(overrides: dict[str, Any], message: str) -> None:
    """A programme whose facts are missing or contradict each other is refused with the reason."""
    names = namespace(load_parameters())
    with pytest.raises(RulesError, match=message):
        parse_programme(programme_doc(**overrides), names, source="test", complete=True)


def test_a_council_decision_without_facts_is_accepted_with_unknown_facts() -> None:
    """Decisions entered in the application (and reforms) may not state them yet."""
    facts = ("form", "service", "result_document", "budget_sources")
    doc = {k: v for k, v in programme_doc().items() if k not in facts}
    programme = parse_programme(doc, namespace(load_parameters()), source="decision #1")
    assert programme.facts.budget_sources == () and programme.facts.service is None
    assert programme.facts.form == "cash"
    with pytest.raises(RulesError, match="is required for a shipped programme version"):
        parse_programme(doc, namespace(load_parameters()), source="x.yaml#1", complete=True)


def test_legal_terms_are_dated_parameters_with_their_reference(engine: Engine) -> None:
    """Adult age, the sanction's months and the unemployed period are dated parameters citing the law."""
    on = dt.date(2024, 3, 1)
    assert term(engine.parameters, ADULT_AGE, on) == 18
    assert term(engine.parameters, SOCIAL_CONTRACT_SANCTION_MONTHS, on) == 6
    assert term(engine.parameters, UNEMPLOYED_AFTER_WORKING_DAYS, on) == 10
    for name in TERMS:
        assert all(v.reference for v in engine.parameters.values(name))
    assert "482-V" in engine.parameters.find(UNEMPLOYED_AFTER_WORKING_DAYS, on).reference
    assert "No. 246" in engine.parameters.find(SOCIAL_CONTRACT_SANCTION_MONTHS, on).reference


def _citations() -> list[tuple[str, str]]:
    """Every legal_basis and reference of the shipped data: (where, text)."""
    found: list[tuple[str, str]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("legal_basis", "reference") and isinstance(value, str):
                    found.append((f"{where}.{key}", value))
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for path in sorted(DATA.rglob("*.yaml")):
        for i, doc in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            walk(doc, f"{path.relative_to(DATA)}#{i + 1}")
    for source, doc in read_programme_documents():
        walk(doc, source)
    return found


def test_sources_are_cited_by_title_never_by_file_name() -> None:
    """No legal basis or reference of the shipped legislation names a file instead of a document."""
    citations = _citations()
    assert len(citations) > 100
    wrong = [f"{where}: {text}" for where, text in citations if UNCITABLE.search(text)]
    assert not wrong, "\n".join(wrong)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for key, value in node.items() for t in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [t for value in node for t in _strings(value)]
    return []


def test_no_text_of_the_shipped_data_names_a_seed_file() -> None:
    """Titles, labels and descriptions are read by users too (comments are not data)."""
    wrong = [
        f"{path.name}: {text}"
        for path in sorted(DATA.rglob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8"))
        for text in _strings(doc)
        if UNCITABLE.search(text)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("text", ["seed 003, I.4", "see 000_b6d245a3f76ad1a6.txt", "Seed 001", "DOMAIN.md"])
def test_the_citation_check_catches_file_names(text: str) -> None:
    """The citation check recognises file names and 'seed' references."""
    assert UNCITABLE.search(text)


def test_the_citation_check_lets_titles_through() -> None:
    """The citation check accepts documents cited by their titles."""
    for text in ("Almaty report 2020, section I.4, item 1", "Law of 06.04.2016 No. 482-V", "Order No. 135"):
        assert not UNCITABLE.search(text)
